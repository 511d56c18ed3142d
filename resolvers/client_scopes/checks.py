"""Checking the fields of client scopes and protocol mappers, and applying them to rows."""

from __future__ import annotations

import re

from core.errors import InvalidInput
from models import ClientScope, ProtocolMapper
from resolvers.client_scopes.inputs import MapperFields, ScopeFields
from resolvers.kit.fields import UNSET

PROTOCOLS = ("openid-connect", "saml")
# Keycloak refuses scope names with spaces or characters a ``scope`` parameter cannot carry.
_SCOPE_NAME = re.compile(r"^[\x21\x23-\x5B\x5D-\x7E]+$")


def _text(value: object, name: str, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInput(f"{name} must be a non-empty string" if required else f"{name} must be a string")
    return value


def _string_map(value: object, name: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InvalidInput(f"{name} must be an object", field=name)
    out: dict[str, str] = {}
    for key, item in value.items():
        if item is None:
            continue
        out[str(key)] = (
            item if isinstance(item, str) else str(item).lower() if isinstance(item, bool) else str(item)
        )
    return out


def apply_scope(scope: ClientScope, f: ScopeFields) -> None:
    if f.name is not UNSET:
        name = _text(f.name, "name", required=True) or ""
        if not _SCOPE_NAME.match(name):
            raise InvalidInput(f'Unexpected name "{name}" for ClientScope', field="name")
        scope.name = name
    if f.description is not UNSET:
        scope.description = _text(f.description, "description")  # type: ignore[assignment]  # a nullable column
    if f.protocol is not UNSET and f.protocol is not None:
        protocol = _text(f.protocol, "protocol", required=True)
        if protocol not in PROTOCOLS:
            raise InvalidInput(f"Unexpected protocol {protocol}", field="protocol")
        scope.protocol = protocol
    if f.attributes is not UNSET and f.attributes is not None:
        scope.attributes = _string_map(f.attributes, "attributes")


def apply_mapper(mapper: ProtocolMapper, f: MapperFields, default_protocol: str) -> None:
    if f.name is not UNSET:
        mapper.name = _text(f.name, "name", required=True) or ""
    if f.protocol is not UNSET and f.protocol is not None:
        mapper.protocol = _text(f.protocol, "protocol", required=True) or default_protocol
    elif not mapper.protocol:
        mapper.protocol = default_protocol
    if f.protocol_mapper is not UNSET:
        mapper.protocol_mapper = _text(f.protocol_mapper, "protocolMapper", required=True) or ""
    if f.consent_required is not UNSET and f.consent_required is not None:
        if not isinstance(f.consent_required, bool):
            raise InvalidInput("consentRequired must be a boolean", field="consentRequired")
        mapper.consent_required = f.consent_required
    if f.config is not UNSET and f.config is not None:
        mapper.config = _string_map(f.config, "config")
    if not mapper.name:
        raise InvalidInput("name must be a non-empty string", field="name")
    if not mapper.protocol_mapper:
        raise InvalidInput("protocolMapper must be a non-empty string", field="protocolMapper")
