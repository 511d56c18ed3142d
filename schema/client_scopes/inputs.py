"""Client scope and protocol mapper inputs, read into the typed fields the resolvers take."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.client_scopes.inputs import MapperFields, ScopeFields
from resolvers.kit.fields import UNSET
from schema.kit.inputs import given


@strawberry.input(description="A protocol mapper; omitted fields keep their value on update.")
class ProtocolMapperInput:
    name: str | None = strawberry.UNSET
    protocol: str | None = strawberry.UNSET
    protocol_mapper: str | None = strawberry.UNSET
    consent_required: bool | None = strawberry.UNSET
    config: JSON | None = strawberry.UNSET

    def fields(self) -> MapperFields:
        return MapperFields(
            name=given(self.name, UNSET),
            protocol=given(self.protocol, UNSET),
            protocol_mapper=given(self.protocol_mapper, UNSET),
            consent_required=given(self.consent_required, UNSET),
            config=given(self.config, UNSET),
        )


@strawberry.input(description="Client scope fields; omitted fields keep their value on update.")
class ClientScopeInput:
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    protocol: str | None = strawberry.UNSET
    attributes: JSON | None = strawberry.UNSET
    protocol_mappers: list[ProtocolMapperInput] | None = strawberry.UNSET

    def fields(self) -> ScopeFields:
        mappers = given(self.protocol_mappers, UNSET)
        return ScopeFields(
            name=given(self.name, UNSET),
            description=given(self.description, UNSET),
            protocol=given(self.protocol, UNSET),
            attributes=given(self.attributes, UNSET),
            protocol_mappers=UNSET if mappers is UNSET else [m.fields() for m in mappers or []],
        )
