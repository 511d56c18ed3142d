"""Client scope and protocol mapper mutations, and the scope assignments of realms and clients."""

from __future__ import annotations

from enum import Enum

import strawberry

from resolvers.client_scopes import links, mappers, scope_mappings, scopes
from resolvers.client_scopes.inputs import OwnerKind
from resolvers.roles.views import RoleRef
from schema.client_scopes.inputs import ClientScopeInput, ProtocolMapperInput
from schema.client_scopes.types import ClientScope, ProtocolMapper
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation


@strawberry.enum(description="Who holds a protocol mapper.")
class MapperOwner(Enum):
    CLIENT = "client"
    CLIENT_SCOPE = "scope"


@strawberry.enum(description="How a client scope is assigned: always granted, or when a request asks.")
class ScopeAssignment(Enum):
    DEFAULT = "default"
    OPTIONAL = "optional"


def _owner(kind: MapperOwner) -> OwnerKind:
    return "client" if kind is MapperOwner.CLIENT else "scope"


@strawberry.type
class ClientScopePayload:
    client_scope: ClientScope | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ProtocolMapperPayload:
    protocol_mapper: ProtocolMapper | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ClientScopeMutation:
    @mutation()
    async def client_scope_create(
        self, info: Info, realm: str, input: ClientScopeInput
    ) -> ClientScopePayload:
        made = await scopes.create_scope(info.context.actor, realm, input.fields())
        return ClientScopePayload(client_scope=ClientScope(view=made))

    @mutation()
    async def client_scope_update(
        self, info: Info, realm: str, id: str, input: ClientScopeInput
    ) -> ClientScopePayload:
        changed = await scopes.update_scope(info.context.actor, realm, id, input.fields())
        return ClientScopePayload(client_scope=ClientScope(view=changed))

    @mutation()
    async def client_scope_delete(self, info: Info, realm: str, id: str) -> OkPayload:
        await scopes.delete_scope(info.context.actor, realm, id)
        return OkPayload(ok=True, deleted_id=id)

    @mutation(description="Add a protocol mapper to a client or a client scope.")
    async def protocol_mapper_create(
        self, info: Info, realm: str, owner: MapperOwner, owner_id: str, input: ProtocolMapperInput
    ) -> ProtocolMapperPayload:
        made = await mappers.create_mappers(
            info.context.actor, realm, _owner(owner), owner_id, [input.fields()]
        )
        return ProtocolMapperPayload(protocol_mapper=ProtocolMapper(model=made[0]))

    @mutation()
    async def protocol_mapper_update(
        self, info: Info, realm: str, owner: MapperOwner, owner_id: str, id: str, input: ProtocolMapperInput
    ) -> ProtocolMapperPayload:
        changed = await mappers.update_mapper(
            info.context.actor, realm, _owner(owner), owner_id, id, input.fields()
        )
        return ProtocolMapperPayload(protocol_mapper=ProtocolMapper(model=changed))

    @mutation()
    async def protocol_mapper_delete(
        self, info: Info, realm: str, owner: MapperOwner, owner_id: str, id: str
    ) -> OkPayload:
        await mappers.delete_mapper(info.context.actor, realm, _owner(owner), owner_id, id)
        return OkPayload(ok=True, deleted_id=id)

    @mutation(description="Make a client scope one of the realm's default or optional scopes.")
    async def realm_client_scope_assign(
        self, info: Info, realm: str, client_scope_id: str, assignment: ScopeAssignment
    ) -> OkPayload:
        default = assignment is ScopeAssignment.DEFAULT
        await scopes.set_realm_default(info.context.actor, realm, client_scope_id, default)
        return OkPayload(ok=True)

    @mutation()
    async def realm_client_scope_unassign(
        self, info: Info, realm: str, client_scope_id: str, assignment: ScopeAssignment
    ) -> OkPayload:
        default = assignment is ScopeAssignment.DEFAULT
        await scopes.remove_realm_default(info.context.actor, realm, client_scope_id, default)
        return OkPayload(ok=True)

    @mutation(description="Give a client a default or optional client scope.")
    async def client_client_scope_assign(
        self, info: Info, realm: str, client_id: str, client_scope_id: str, assignment: ScopeAssignment
    ) -> OkPayload:
        default = assignment is ScopeAssignment.DEFAULT
        await links.add_client_scope(info.context.actor, realm, client_id, client_scope_id, default)
        return OkPayload(ok=True)

    @mutation()
    async def client_client_scope_unassign(
        self, info: Info, realm: str, client_id: str, client_scope_id: str, assignment: ScopeAssignment
    ) -> OkPayload:
        default = assignment is ScopeAssignment.DEFAULT
        await links.remove_client_scope(info.context.actor, realm, client_id, client_scope_id, default)
        return OkPayload(ok=True)

    @mutation(
        description="Put roles (by name; realm roles, or the roles of the client `roleClientId` names by its "
        "own id) in the scope of a client or a client scope."
    )
    async def scope_mapping_add(
        self,
        info: Info,
        realm: str,
        owner: MapperOwner,
        owner_id: str,
        role_names: list[str],
        role_client_id: str | None = None,
    ) -> OkPayload:
        refs = [RoleRef(name=name) for name in role_names]
        await scope_mappings.change_mappings(
            info.context.actor, realm, _owner(owner), owner_id, role_client_id, refs, add=True
        )
        return OkPayload(ok=True)

    @mutation(description="Take roles out of the scope of a client or a client scope.")
    async def scope_mapping_remove(
        self,
        info: Info,
        realm: str,
        owner: MapperOwner,
        owner_id: str,
        role_names: list[str],
        role_client_id: str | None = None,
    ) -> OkPayload:
        refs = [RoleRef(name=name) for name in role_names]
        await scope_mappings.change_mappings(
            info.context.actor, realm, _owner(owner), owner_id, role_client_id, refs, add=False
        )
        return OkPayload(ok=True)
