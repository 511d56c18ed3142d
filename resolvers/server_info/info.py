"""``GET /admin/serverinfo``: what this server is and implements, as Keycloak's ServerInfoAdminResource
shows it to any caller holding an admin right in some realm."""

from __future__ import annotations

import locale
import os
import platform
import resource
import sys
import time
from typing import Any

from core.errors import Forbidden
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.server_info import catalog, mapper_catalog

_STARTED = time.time()


def _formatted(n: int) -> str:
    return f"{n / (1 << 20):.0f} MB" if n >= 1 << 20 else f"{n / 1024:.0f} kB"


def _rss() -> int:
    """The process's resident memory now (from /proc where there is one), else its peak."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def system_info() -> dict[str, Any]:
    now = time.time()
    up = int(now - _STARTED)
    return {
        "version": catalog.KEYCLOAK_VERSION,
        "serverTime": time.strftime("%a %b %d %H:%M:%S %Z %Y", time.localtime(now)),
        "uptime": f"{up // 86400} days, {up // 3600 % 24} hours, {up // 60 % 60} minutes, {up % 60} seconds",
        "uptimeMillis": int((now - _STARTED) * 1000),
        "javaVersion": platform.python_version(),
        "javaVendor": platform.python_implementation(),
        "javaVm": platform.python_implementation(),
        "javaVmVersion": sys.version.split()[0],
        "javaRuntime": platform.python_implementation(),
        "osName": platform.system(),
        "osArchitecture": platform.machine(),
        "osVersion": platform.release(),
        "fileEncoding": sys.getfilesystemencoding(),
        "userTimezone": time.strftime("%Z"),
        "userLocale": locale.getlocale()[0] or "en_US",
    }


def memory_info() -> dict[str, Any]:
    used = _rss()
    total = max(used, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    free = total - used
    return {
        "total": total,
        "totalFormated": _formatted(total),
        "used": used,
        "usedFormated": _formatted(used),
        "free": free,
        "freeFormated": _formatted(free),
        "freePercentage": round(free * 100 / total) if total else 0,
    }


def profile_info() -> dict[str, Any]:
    return {
        "name": "community",
        "disabledFeatures": ["ADMIN_FINE_GRAINED_AUTHZ", "DOCKER", "SCRIPTS", "TOKEN_EXCHANGE"],
        "previewFeatures": [],
        "experimentalFeatures": [],
    }


def server_info(actor: Actor | None) -> dict[str, Any]:
    """The ServerInfoRepresentation; refused to a caller without any admin right. The host's system and
    memory details go only to those who may view the master realm, as Keycloak 26 restricts them."""
    actor = rights.require_authenticated(actor)
    if not rights.holds_admin_right(actor):
        raise Forbidden("Server info needs an admin right in at least one realm")
    host: dict[str, Any] = {}
    if rights.can(actor, rights.MASTER, "view-realm"):
        host = {"systemInfo": system_info(), "memoryInfo": memory_info()}
    return host | {
        "profileInfo": profile_info(),
        "cryptoInfo": catalog.crypto_info(),
        "themes": {"login": [{"name": "keycloak", "locales": ["en"]}]},
        "providers": catalog.providers(),
        "protocolMapperTypes": mapper_catalog.mapper_types(),
        "builtinProtocolMappers": mapper_catalog.builtin_mappers(),
        "clientImporters": [],
        "identityProviders": catalog.identity_providers(),
        "componentTypes": catalog.COMPONENT_TYPES,
        "passwordPolicies": catalog.password_policies(),
        "enums": catalog.ENUMS,
    }
