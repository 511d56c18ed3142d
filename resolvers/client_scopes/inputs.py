"""Typed inputs and views of client scopes and protocol mappers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from models import Client, ClientScope, ProtocolMapper, Realm
from resolvers.kit.fields import UNSET, Unset

OwnerKind = Literal["client", "scope"]


@dataclass
class ScopeFields:
    """A client scope's fields; ``UNSET`` keeps a field on update. Values are checked by the resolver."""

    name: Any = UNSET
    description: Any = UNSET
    protocol: Any = UNSET
    attributes: Any = UNSET
    protocol_mappers: list[MapperFields] | Unset = UNSET

    def representation(self) -> dict[str, Any]:
        """Keycloak's ClientScopeRepresentation of what was given, for admin events."""
        rep = _given({"name": self.name, "description": self.description, "protocol": self.protocol})
        rep |= _given({"attributes": self.attributes})
        if not isinstance(self.protocol_mappers, Unset):
            rep["protocolMappers"] = [m.representation() for m in self.protocol_mappers]
        return rep


@dataclass
class MapperFields:
    """A protocol mapper's fields, as given (checked by the resolver)."""

    name: Any = UNSET
    protocol: Any = UNSET
    protocol_mapper: Any = UNSET
    consent_required: Any = UNSET
    config: Any = UNSET
    mapper_id: str | None = None

    def representation(self) -> dict[str, Any]:
        """Keycloak's ProtocolMapperRepresentation of what was given, for admin events."""
        return _given(
            {
                "id": self.mapper_id or UNSET,
                "name": self.name,
                "protocol": self.protocol,
                "protocolMapper": self.protocol_mapper,
                "consentRequired": self.consent_required,
                "config": self.config,
            }
        )


def _given(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not UNSET}


@dataclass(frozen=True)
class ScopeView:
    """A client scope with its protocol mappers (in their order)."""

    scope: ClientScope
    mappers: list[ProtocolMapper] = field(default_factory=list)


@dataclass(frozen=True)
class Owner:
    """The holder of protocol mappers and scope mappings: a client or a client scope."""

    realm: Realm
    kind: OwnerKind
    id: str
    protocol: str
    client: Client | None = None
    scope: ClientScope | None = None

    @property
    def resource_path(self) -> str:
        return f"clients/{self.id}" if self.kind == "client" else f"client-scopes/{self.id}"

    def columns(self) -> Mapping[str, str | None]:
        """The owner's foreign-key columns of a mapper or scope-mapping row."""
        return {
            "client_id": self.id if self.kind == "client" else None,
            "scope_id": self.id if self.kind == "scope" else None,
            "owner_id": self.id,
        }
