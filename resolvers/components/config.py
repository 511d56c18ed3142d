"""A component's config (Keycloak's MultivaluedHashMap: each name holds a list of strings) as given,
stored and shown: its secrets sealed at rest and masked in views through the secrets registry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.errors import InvalidInput
from resolvers.kit import secrets

KIND = "COMPONENT"
_SECRET_NAMES = {path[-1] for path in secrets.SHAPES[KIND].values}


def parsed(given: Any) -> dict[str, list[str]]:
    """A given config: a lone string stands for a list of one (as lenient clients send it)."""
    if given is None:
        return {}
    if not isinstance(given, dict):
        raise InvalidInput("config must be an object", field="config")
    config: dict[str, list[str]] = {}
    for name, values in given.items():
        if values is None:
            continue
        listed = [values] if isinstance(values, (str, bool, int, float)) else values
        if not isinstance(listed, list) or not all(isinstance(v, (str, bool, int, float)) for v in listed):
            raise InvalidInput(f"config.{name} must be a list of strings", field=name)
        config[name] = [_text(v) for v in listed]
    return config


def _text(value: str | bool | float) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def sealed(given: Mapping[str, list[str]], stored: Mapping[str, Any]) -> dict[str, Any]:
    """``given`` as stored: each secret (the first of its list) sealed, a masked value keeping the stored
    one."""
    unwrapped = {k: (v[0] if k in _SECRET_NAMES and len(v) == 1 else v) for k, v in given.items()}
    return dict(secrets.seal(KIND, {"config": unwrapped}, {"config": dict(stored)})["config"])


def shown(stored: Mapping[str, Any]) -> dict[str, list[str]]:
    """A stored config as every view shows it: secrets masked, every value a list again."""
    masked = secrets.mask(KIND, {"config": dict(stored)})["config"]
    return {k: (v if isinstance(v, list) else [v]) for k, v in masked.items()}


def opened(stored: Mapping[str, Any]) -> dict[str, list[str]]:
    """A stored config with its secrets in the clear, for the code that uses them."""
    revealed = secrets.reveal(KIND, {"config": dict(stored)})["config"]
    return {k: (v if isinstance(v, list) else [v]) for k, v in revealed.items()}
