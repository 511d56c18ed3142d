"""What the user operations take: the writable fields of a user, passwords, and search criteria.

Each door translates its own format into these (Keycloak's UserRepresentation, GraphQL's UserInput,
lowball's client bodies). The declared types are the contract; the resolvers still validate every value,
since a dialect may hand a JSON value over as it came, and the validation messages are the domain's.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from core.errors import InvalidInput


class Unset(enum.Enum):
    """The type of ``UNSET``: a field the caller did not give."""

    UNSET = "UNSET"


UNSET: Final = Unset.UNSET


@dataclass
class PasswordInput:
    value: str
    temporary: bool = False


@dataclass
class StoredCredentialInput:
    """A credential as Keycloak stores it (a realm export's, or one given to ``POST /users``): a password
    hash, an OTP secret, or another type, with Keycloak's ``secretData`` and ``credentialData`` documents.
    Kept as it is; what cannot be kept is refused, naming ``source`` (where it sits in the caller's
    document, ``users[2].credentials[0]``)."""

    type: str
    secret_data: Mapping[str, Any]
    credential_data: Mapping[str, Any]
    source: str = "credentials"
    credential_id: str | None = None
    user_label: str | None = None
    created_date: int | None = None
    temporary: bool = False


# UserFields attribute -> UserRepresentation name, in the order a representation lists them.
_REPRESENTATION_NAMES = (
    ("username", "username"),
    ("enabled", "enabled"),
    ("email", "email"),
    ("first_name", "firstName"),
    ("last_name", "lastName"),
    ("email_verified", "emailVerified"),
    ("attributes", "attributes"),
    ("required_actions", "requiredActions"),
)


@dataclass
class UserFields:
    """The writable fields of a user. ``UNSET`` leaves a field as it is on update."""

    username: str | Unset | None = UNSET
    email: str | Unset | None = UNSET
    first_name: str | Unset | None = UNSET
    last_name: str | Unset | None = UNSET
    enabled: bool | Unset | None = UNSET
    email_verified: bool | Unset | None = UNSET
    attributes: Mapping[str, Any] | Unset | None = UNSET
    required_actions: Sequence[str] | Unset | None = UNSET
    passwords: list[PasswordInput] = field(default_factory=list)
    stored_credentials: list[StoredCredentialInput] = field(default_factory=list)
    groups: Sequence[str] = ()  # group paths, on create

    def representation(self) -> dict[str, Any]:
        """The UserRepresentation of the given fields, as an admin event records it. Credentials are left
        out, as Keycloak strips them from the representations it records: no password is ever stored
        in an event."""
        rep: dict[str, Any] = {}
        for attr, name in _REPRESENTATION_NAMES:
            value = getattr(self, attr)
            if value is not UNSET:
                rep[name] = value
        if self.groups:
            rep["groups"] = list(self.groups)
        return rep


@dataclass(frozen=True)
class UserSearch:
    """Keycloak's user search: ``search`` over username, e-mail and names, field filters, and
    ``attributes`` (each name must hold the value)."""

    search: str | None = None
    username: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    exact: bool = False
    enabled: bool | None = None
    email_verified: bool | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)


# Each pair is one more condition in the statement; past a few hundred the query builder's recursion
# gives out, and no real search names more than a handful.
MAX_ATTRIBUTE_PAIRS = 100


def attribute_query(q: str | None) -> dict[str, str]:
    """The attribute filter of a search written as Keycloak's ``q`` (space-separated ``key:value``
    pairs), which both the Keycloak door and GraphQL accept."""
    parts = (q or "").split()
    if len(parts) > MAX_ATTRIBUTE_PAIRS:
        raise InvalidInput(f"The q parameter takes at most {MAX_ATTRIBUTE_PAIRS} key:value pairs", field="q")
    pairs: dict[str, str] = {}
    for part in parts:
        key, sep, value = part.partition(":")
        if not sep or not key:
            raise InvalidInput(f"Invalid q parameter '{part}': expected key:value")
        pairs[key] = value
    return pairs
