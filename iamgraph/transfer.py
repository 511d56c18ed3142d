"""``iamgraph import``: whole realms from Keycloak-format JSON files, as ``kc.sh import`` reads them, each
created the way ``POST /admin/realms`` creates one (the same parser and the same importer: roles, clients,
client scopes, groups, users with their credentials, flows, identity providers).

A file holds one realm representation or a list of them; a folder holds Keycloak's ``kc.sh export --dir``
layout: ``<realm>-realm.json`` and, beside it, the realm's users in ``<realm>-users-<n>.json`` files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tortoise.transactions import in_transaction

from resolvers.kit.actor import SYSTEM
from resolvers.kit.lookup import realm_or_none
from resolvers.realms import crud as realms
from rest_compat.keycloak.realm_import import realm_contents_from
from rest_compat.keycloak.realms import realm_fields_from


class ImportFailed(Exception):
    """A file that cannot be read or a realm that cannot be imported; the message says which."""


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ImportFailed(f"cannot read {path}: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFailed(f"{path} is not JSON: {error}") from None


def _realms_of(document: Any, path: Path) -> list[dict[str, Any]]:
    found = document if isinstance(document, list) else [document]
    if not all(isinstance(rep, dict) and isinstance(rep.get("realm"), str) for rep in found):
        raise ImportFailed(f"{path} holds no realm representation (an object with a realm name)")
    return found


def realms_in_file(path: Path) -> list[dict[str, Any]]:
    return _realms_of(_read(path), path)


def realms_in_folder(folder: Path) -> list[dict[str, Any]]:
    if not folder.is_dir():
        raise ImportFailed(f"{folder} is not a folder")
    found: list[dict[str, Any]] = []
    for realm_file in sorted(folder.glob("*-realm.json")):
        for rep in realms_in_file(realm_file):
            name = rep["realm"]
            for users_file in sorted(folder.glob(f"{name}-users-*.json")):
                users = _read(users_file)
                if not isinstance(users, dict) or not isinstance(users.get("users"), list):
                    raise ImportFailed(f"{users_file} holds no users list")
                rep["users"] = [*(rep.get("users") or []), *users["users"]]
            found.append(rep)
    if not found:
        raise ImportFailed(f"{folder} holds no <realm>-realm.json file")
    return found


async def import_realm(rep: dict[str, Any], *, override: bool) -> str:
    """Creates the realm of ``rep``; an existing realm of that name is replaced when ``override``, left
    as it is otherwise. What was done, in a few words."""
    from core.errors import DomainError

    name = rep["realm"]
    try:
        async with in_transaction():
            existing = await realm_or_none(name)
            if existing is not None:
                if not override:
                    return f"realm {name} exists, left as it is"
                await realms.delete_realm(SYSTEM, name)
            await realms.create_realm(
                SYSTEM, realm_fields_from(rep), realm_contents_from(rep), representation=rep
            )
    except DomainError as error:
        raise ImportFailed(f"realm {name}: {error.message}") from None
    return f"realm {name} {'replaced' if existing is not None else 'imported'}"
