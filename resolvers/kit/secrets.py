"""Secrets inside representations: which values of each representation kind are secrets, how every view
and admin event masks them (as Keycloak's ``StripSecretsUtils`` does), and how they are sealed at rest.

One registry for every kind, keyed by Keycloak's admin-event resource type: a new secret (an identity
provider's client secret, an LDAP bind credential) is one entry here, and every view, admin event and
write handles it. A secret is stored as ``{"sealed": <secret box text>}``, which no caller can send (a
secret must be a string), so a stored value is never mistaken for a given one.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.errors import InvalidInput
from core.runtime import secret_box

SECRET_VALUE = "**********"
"""What every view shows for a secret (Keycloak's ``ComponentRepresentation.SECRET_VALUE``); given back on
an update, it means "unchanged"."""

_VAULT = re.compile(r"^\$\{vault\.(.+?)}$")
_SEALED = "sealed"

Path = tuple[str, ...]


@dataclass(frozen=True)
class SecretShape:
    """Where a representation kind keeps its secrets."""

    values: tuple[Path, ...] = ()
    """Paths of secret strings: masked in views, sealed at rest."""
    dropped: tuple[str, ...] = ()
    """Keys never shown at all (a user's credentials)."""
    nested: Mapping[str, str] = field(default_factory=dict)
    """Keys holding a list of representations of another kind (a realm export's clients)."""


USERS_PERMISSIONS_KEY = "iamgraph.usersManagementPermissions"
"""The realm setting holding whether fine-grained permissions are on for its users: never shown."""

SHAPES: dict[str, SecretShape] = {
    "REALM": SecretShape(
        values=(("smtpServer", "password"), ("smtpServer", "authTokenClientSecret")),
        dropped=(USERS_PERMISSIONS_KEY,),
        nested={
            "clients": "CLIENT",
            "identityProviders": "IDENTITY_PROVIDER",
            "users": "USER",
            "federatedUsers": "USER",
        },
    ),
    "CLIENT": SecretShape(
        values=(
            ("secret",),
            ("attributes", "client.secret.rotated"),
            # Private keys as Keycloak keeps them in attributes (sealed apart by the client resolvers).
            ("attributes", "jwt.credential.private.key"),
            ("attributes", "saml.signing.private.key"),
            ("attributes", "saml.encryption.private.key"),
        )
    ),
    "IDENTITY_PROVIDER": SecretShape(values=(("config", "clientSecret"),)),
    # A component's config holds lists of strings: resolvers/components/config.py unwraps its secrets.
    "COMPONENT": SecretShape(
        values=tuple(
            ("config", name)
            for name in (
                "bindCredential",
                "secret",
                "privateKey",
                "keystorePassword",
                "keyPassword",
                "ecdsaPrivateKey",
            )
        )
    ),
    "USER": SecretShape(dropped=("credentials",)),
    "CREDENTIAL": SecretShape(values=(("value",),)),
}


def is_vault_reference(value: object) -> bool:
    """A ``${vault.key}`` reference names a secret kept elsewhere: it is not a secret itself, and Keycloak
    shows it as it is."""
    return isinstance(value, str) and _VAULT.match(value) is not None


def is_sealed(value: object) -> bool:
    return isinstance(value, dict) and set(value) == {_SEALED} and isinstance(value[_SEALED], str)


def _parent(document: Any, path: Path) -> dict[str, Any] | None:
    """The object holding the last key of ``path`` in ``document`` (a copy the caller may change)."""
    node = document
    for key in path[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _each_secret(document: dict[str, Any], kind: str, change: Callable[[Path, Any], Any]) -> None:
    for path in SHAPES[kind].values:
        parent = _parent(document, path)
        if parent is not None and path[-1] in parent:
            parent[path[-1]] = change(path, parent[path[-1]])


def mask(kind: str, document: Any) -> Any:
    """A copy of ``document`` (a representation of ``kind``, given or stored) with every secret masked,
    the keys never shown left out, and its nested representations masked likewise. A secret without a
    value stays without one; a vault reference is shown as it is."""
    shape = SHAPES.get(kind)
    if shape is None or not isinstance(document, Mapping):
        return document
    masked = copy.deepcopy(dict(document))
    _each_secret(masked, kind, lambda _, v: v if v is None or is_vault_reference(v) else SECRET_VALUE)
    for key in shape.dropped:
        masked.pop(key, None)
    for key, nested_kind in shape.nested.items():
        if isinstance(masked.get(key), list):
            masked[key] = [mask(nested_kind, item) for item in masked[key]]
    return masked


def seal(kind: str, given: Mapping[str, Any], stored: Mapping[str, Any]) -> dict[str, Any]:
    """``given`` (a caller's settings of ``kind``) as they are stored: each secret sealed, a masked value
    replaced by the ``stored`` one (unchanged), a vault reference kept as it is. A secret that is not a
    string is refused, naming it."""

    def stored_value(path: Path) -> Any:
        parent = _parent(stored, path)
        return None if parent is None else copy.deepcopy(parent.get(path[-1]))

    def store(path: Path, value: Any) -> Any:
        if value == SECRET_VALUE:
            return stored_value(path)
        if value is None or is_vault_reference(value):
            return value
        if not isinstance(value, str):
            name = ".".join(path)
            raise InvalidInput(f"{name} must be a string", field=name)
        return {_SEALED: secret_box().seal(value)}

    sealed = copy.deepcopy(dict(given))
    for path in SHAPES[kind].values:
        parent = _parent(sealed, path)
        if path[:-1] and path[0] in sealed and not isinstance(sealed[path[0]], dict):
            name = path[0]
            raise InvalidInput(f"{name} must be an object", field=name)
        if parent is not None and path[-1] in parent:
            parent[path[-1]] = store(path, parent[path[-1]])
    return sealed


def reveal(kind: str, stored: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a stored document of ``kind`` with its secrets in the clear, for the code that uses them
    (sending mail). A plain string is a value stored before secrets were sealed, or a vault reference."""
    opened = copy.deepcopy(dict(stored))
    _each_secret(opened, kind, lambda _, v: secret_box().open(v[_SEALED]) if is_sealed(v) else v)
    return opened


def seal_plain(kind: str, stored: Mapping[str, Any]) -> dict[str, Any] | None:
    """A stored document with the secrets it still holds in the clear (from before secrets were sealed)
    sealed; ``None`` when it holds none."""
    found = False

    def store(_: Path, value: Any) -> Any:
        nonlocal found
        if isinstance(value, str) and value and not is_vault_reference(value):
            found = True
            return {_SEALED: secret_box().seal(value)}
        return value

    sealed = copy.deepcopy(dict(stored))
    _each_secret(sealed, kind, store)
    return sealed if found else None
