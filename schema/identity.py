"""The identity core in GraphQL: groups (a tree), roles (with composites), clients, role mappings and
membership, over the same resolvers as Keycloak's admin REST. Nested lists load through per-request
DataLoaders, so a query's statement count does not grow with the number of rows it returns."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from core.errors import DomainError, NotFound
from models import Client as ClientModel
from models import Group as GroupModel
from models import Role as RoleModel
from models import User as UserModel
from resolvers.clients import crud as clients
from resolvers.clients.crud import ClientFields
from resolvers.groups import loaders as group_loaders
from resolvers.groups import members as group_members
from resolvers.groups import tree as groups
from resolvers.groups.tree import GroupFields
from resolvers.kit.attributes import visible_attributes
from resolvers.roles import crud as role_admin
from resolvers.roles import effective as roles
from resolvers.roles import mappings as role_mappings
from resolvers.roles.crud import RoleRef
from resolvers.users import loaders as user_loaders
from schema.context import Info
from schema.errors import MutationError, as_mutation_error
from schema.relay import After, Connection, First, connection, offset_of, page_size, to_global_id
from schema.types import User, json_object


class IdentityLoaders:
    """The DataLoaders of this area, one set per request (kept on the request's context)."""

    def __init__(self) -> None:
        self.group_children: DataLoader[str, list[GroupModel]] = DataLoader(self._children)
        self.group_by_id: DataLoader[str, GroupModel | None] = DataLoader(self._groups)
        self.group_members: DataLoader[str, list[str]] = DataLoader(self._members)
        self.user_by_id: DataLoader[str, UserModel | None] = DataLoader(self._users)
        self.user_groups: DataLoader[str, list[GroupModel]] = DataLoader(self._user_groups)
        self.user_effective_roles: DataLoader[str, list[RoleModel]] = DataLoader(self._user_roles)
        self.group_effective_roles: DataLoader[str, list[RoleModel]] = DataLoader(self._group_roles)
        self.group_direct_roles: DataLoader[str, list[RoleModel]] = DataLoader(self._group_direct)
        self.role_composites: DataLoader[str, list[RoleModel]] = DataLoader(self._composites)
        self.client_by_id: DataLoader[str, ClientModel | None] = DataLoader(self._clients)

    async def _children(self, ids: list[str]) -> list[list[GroupModel]]:
        found = await group_loaders.children_of(ids)
        return [found[i] for i in ids]

    async def _groups(self, ids: list[str]) -> list[GroupModel | None]:
        found = await group_loaders.groups_by_ids(ids)
        return [found.get(i) for i in ids]

    async def _members(self, ids: list[str]) -> list[list[str]]:
        found = await group_loaders.member_ids_of(ids)
        return [found[i] for i in ids]

    async def _users(self, ids: list[str]) -> list[UserModel | None]:
        found = await user_loaders.users_by_ids(ids)
        return [found.get(i) for i in ids]

    async def _user_groups(self, ids: list[str]) -> list[list[GroupModel]]:
        found = await group_loaders.groups_of_users(ids)
        return [found[i] for i in ids]

    async def _user_roles(self, ids: list[str]) -> list[list[RoleModel]]:
        found = await roles.effective_roles(ids)
        return [found[i] for i in ids]

    async def _group_roles(self, ids: list[str]) -> list[list[RoleModel]]:
        found = await roles.group_effective_roles(ids)
        return [found[i] for i in ids]

    async def _group_direct(self, ids: list[str]) -> list[list[RoleModel]]:
        found = await role_mappings.direct_roles_of("group", ids)
        return [found[i] for i in ids]

    async def _composites(self, ids: list[str]) -> list[list[RoleModel]]:
        closure = await roles.composite_closure(ids)
        children = {rid: closure[rid] - {rid} for rid in ids}
        rows = await roles.roles_by_ids(r for rids in children.values() for r in rids)
        return [sorted((rows[r] for r in children[i] if r in rows), key=lambda r: r.name) for i in ids]

    async def _clients(self, ids: list[str]) -> list[ClientModel | None]:
        found = await clients.clients_by_ids(ids)
        return [found.get(i) for i in ids]


def loaders(info: Info) -> IdentityLoaders:
    """This request's loaders, made on first use; the shared context stays unaware of this area."""
    context: Any = info.context
    made = getattr(context, "_identity_loaders", None)
    if made is None:
        made = IdentityLoaders()
        context._identity_loaders = made
    return made


@strawberry.type(description="A client (an OAuth2 / OpenID Connect application).")
class Client:
    model: strawberry.Private[ClientModel]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Client", self.model.id)

    @strawberry.field(description="The client's own id (Keycloak's `id`).")
    def client_uuid(self) -> str:
        return self.model.id

    @strawberry.field
    def client_id(self) -> str:
        return self.model.client_id

    @strawberry.field
    def name(self) -> str | None:
        return self.model.name

    @strawberry.field
    def description(self) -> str | None:
        return self.model.description

    @strawberry.field
    def enabled(self) -> bool:
        return self.model.enabled

    @strawberry.field
    def public_client(self) -> bool:
        return self.model.public_client

    @strawberry.field
    def redirect_uris(self) -> list[str]:
        return list(self.model.redirect_uris)


@strawberry.type(description="A realm role or a client role.")
class Role:
    model: strawberry.Private[RoleModel]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Role", self.model.id)

    @strawberry.field(description="The role's own id (Keycloak's `id`).")
    def role_id(self) -> str:
        return self.model.id

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field
    def description(self) -> str | None:
        return self.model.description

    @strawberry.field
    def client_role(self) -> bool:
        return self.model.client_id is not None

    @strawberry.field(description="Attribute name to its values.")
    def attributes(self) -> JSON:
        return visible_attributes(self.model.attributes)

    @strawberry.field(description="The client owning a client role; null for a realm role.")
    async def client(self, info: Info) -> Client | None:
        if self.model.client_id is None:
            return None
        found = await loaders(info).client_by_id.load(self.model.client_id)
        return Client(model=found) if found else None

    @strawberry.field(description="Every role this role contains, through nested composites too.")
    async def composites(self, info: Info) -> list[Role]:
        return [Role(model=r) for r in await loaders(info).role_composites.load(self.model.id)]


@strawberry.type(description="A group of the realm's group tree.")
class Group:
    model: strawberry.Private[GroupModel]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Group", self.model.id)

    @strawberry.field(description="The group's own id (Keycloak's `id`).")
    def group_id(self) -> str:
        return self.model.id

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="The full path, like /parent/child.")
    def path(self) -> str:
        return self.model.path

    @strawberry.field(description="Attribute name to its values.")
    def attributes(self) -> JSON:
        return visible_attributes(self.model.attributes)

    @strawberry.field
    async def parent(self, info: Info) -> Group | None:
        if self.model.parent_id is None:
            return None
        found = await loaders(info).group_by_id.load(self.model.parent_id)
        return Group(model=found) if found else None

    @strawberry.field(description="The direct children, by name.")
    async def sub_groups(self, info: Info) -> list[Group]:
        return [Group(model=g) for g in await loaders(info).group_children.load(self.model.id)]

    @strawberry.field(description="The direct members, by username.")
    async def members(self, info: Info, first: First = None, after: After = None) -> Connection[User]:
        start, size = offset_of(after), page_size(first)
        member_ids = await loaders(info).group_members.load(self.model.id)
        found = await loaders(info).user_by_id.load_many(member_ids[start : start + size + 1])

        async def count() -> int:
            return len(member_ids)

        return connection([User(model=u) for u in found if u is not None], start, size, count)

    @strawberry.field(description="Roles mapped to this group directly.")
    async def role_mappings(self, info: Info) -> list[Role]:
        return [Role(model=r) for r in await loaders(info).group_direct_roles.load(self.model.id)]

    @strawberry.field(
        description="Every role members get from this group: its own, its ancestors', composites."
    )
    async def effective_roles(self, info: Info) -> list[Role]:
        return [Role(model=r) for r in await loaders(info).group_effective_roles.load(self.model.id)]


async def user_groups(info: Info, user_id: str) -> list[Group]:
    """The groups of a user (for the User type)."""
    return [Group(model=g) for g in await loaders(info).user_groups.load(user_id)]


async def user_effective_roles(info: Info, user_id: str) -> list[Role]:
    """The effective roles of a user (for the User type)."""
    return [Role(model=r) for r in await loaders(info).user_effective_roles.load(user_id)]


# Queries --------------------------------------------------------------------------------------------------


@strawberry.type
class IdentityQuery:
    @strawberry.field(description="Groups of a realm: top-level ones, or those whose name contains `search`.")
    async def groups(
        self, info: Info, realm: str, search: str | None = None, first: First = None, after: After = None
    ) -> Connection[Group]:
        actor, start, size = info.context.actor, offset_of(after), page_size(first)
        found = await groups.list_groups(
            actor, realm, search=search, first=start, max_=size + 1, populate_hierarchy=False
        )
        return connection(
            [Group(model=n.group) for n in found],
            start,
            size,
            lambda: groups.count_groups(actor, realm, search=search, top=True),
        )

    @strawberry.field(description="A group by id or by path; null when it does not exist.")
    async def group(
        self, info: Info, realm: str, id: str | None = None, path: str | None = None
    ) -> Group | None:
        try:
            if path is not None:
                return Group(model=(await groups.group_by_path(info.context.actor, realm, path)).group)
            return Group(model=(await groups.get_group(info.context.actor, realm, id or "")).group)
        except NotFound:
            return None

    @strawberry.field(description="Realm roles, or the roles of one client (by its `clientUuid`).")
    async def roles(
        self,
        info: Info,
        realm: str,
        client_uuid: str | None = None,
        search: str | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Role]:
        actor, start, size = info.context.actor, offset_of(after), page_size(first)
        found = await role_admin.list_roles(
            actor, realm, client_uuid, search=search, first=start, max_=size + 1
        )

        async def count() -> int:
            return len(await role_admin.list_roles(actor, realm, client_uuid, search=search))

        return connection([Role(model=r) for r in found], start, size, count)

    @strawberry.field(description="A role by id, or by name (in the realm or a client); null when missing.")
    async def role(
        self,
        info: Info,
        realm: str,
        id: str | None = None,
        name: str | None = None,
        client_uuid: str | None = None,
    ) -> Role | None:
        try:
            return Role(model=await role_admin.find_role(info.context.actor, realm, client_uuid, name, id))
        except NotFound:
            return None

    @strawberry.field(description="Clients of a realm, optionally one by its clientId.")
    async def clients(
        self, info: Info, realm: str, client_id: str | None = None, first: First = None, after: After = None
    ) -> Connection[Client]:
        actor, start, size = info.context.actor, offset_of(after), page_size(first)
        found = await clients.list_clients(actor, realm, client_id, False, start, size + 1)

        async def count() -> int:
            return len(await clients.list_clients(actor, realm, client_id, False, 0, 1_000_000))

        return connection([Client(model=c) for c in found], start, size, count)


# Mutations ------------------------------------------------------------------------------------------------


@strawberry.type
class GroupPayload:
    group: Group | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class RolePayload:
    role: Role | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ClientPayload:
    client: Client | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class IdentityDeletePayload:
    deleted_id: str | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class MappingPayload:
    ok: bool = False
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.input
class GroupInput:
    name: str
    attributes: JSON | None = None


@strawberry.input
class RoleInput:
    name: str | None = None
    description: str | None = None
    attributes: JSON | None = None


@strawberry.input(description="Client fields; omitted fields keep their value on update.")
class ClientInput:
    client_id: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    enabled: bool | None = strawberry.UNSET
    public_client: bool | None = strawberry.UNSET
    redirect_uris: list[str] | None = strawberry.UNSET


def _client_fields(data: ClientInput) -> ClientFields:
    def given(value: Any) -> Any:
        return clients.UNSET if value is strawberry.UNSET else value

    return ClientFields(
        client_id=given(data.client_id),
        name=given(data.name),
        description=given(data.description),
        enabled=given(data.enabled),
        public_client=given(data.public_client),
        redirect_uris=given(data.redirect_uris),
    )


def _attrs(value: Any) -> Any:
    return None if value is None else json_object(value, "attributes")


async def _change_mapping(
    info: Info, realm: str, kind: Any, sid: str, ids: list[str], grant: bool
) -> MappingPayload:
    try:
        await role_mappings.change_by_ids(info.context.actor, realm, kind, sid, ids, grant=grant)
        return MappingPayload(ok=True)
    except DomainError as exc:
        return MappingPayload(errors=[as_mutation_error(exc)])


@strawberry.type
class IdentityMutation:
    @strawberry.mutation(description="Create a group, top-level or under `parentId`.")
    async def group_create(
        self, info: Info, realm: str, input: GroupInput, parent_id: str | None = None
    ) -> GroupPayload:
        try:
            fields = GroupFields(name=input.name, attributes=_attrs(input.attributes))
            made = await groups.create_group(info.context.actor, realm, fields, parent_id=parent_id)
            return GroupPayload(group=Group(model=made))
        except DomainError as exc:
            return GroupPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def group_update(self, info: Info, realm: str, id: str, input: GroupInput) -> GroupPayload:
        try:
            fields = GroupFields(name=input.name, attributes=_attrs(input.attributes))
            made = await groups.update_group(info.context.actor, realm, id, fields)
            return GroupPayload(group=Group(model=made))
        except DomainError as exc:
            return GroupPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation(description="Move a group under `parentId`, or to the top level when it is null.")
    async def group_move(self, info: Info, realm: str, id: str, parent_id: str | None = None) -> GroupPayload:
        try:
            return GroupPayload(
                group=Group(model=await groups.move_group(info.context.actor, realm, id, parent_id))
            )
        except DomainError as exc:
            return GroupPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def group_delete(self, info: Info, realm: str, id: str) -> IdentityDeletePayload:
        try:
            await groups.delete_group(info.context.actor, realm, id)
            return IdentityDeletePayload(deleted_id=id)
        except DomainError as exc:
            return IdentityDeletePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def user_group_join(self, info: Info, realm: str, user_id: str, group_id: str) -> GroupPayload:
        try:
            return GroupPayload(
                group=Group(
                    model=await group_members.join_group(info.context.actor, realm, user_id, group_id)
                )
            )
        except DomainError as exc:
            return GroupPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def user_group_leave(self, info: Info, realm: str, user_id: str, group_id: str) -> GroupPayload:
        try:
            left = await group_members.leave_group(info.context.actor, realm, user_id, group_id)
            return GroupPayload(group=Group(model=left))
        except DomainError as exc:
            return GroupPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation(description="Create a realm role, or a client role when `clientUuid` is given.")
    async def role_create(
        self, info: Info, realm: str, input: RoleInput, client_uuid: str | None = None
    ) -> RolePayload:
        try:
            made = await role_admin.create_role(
                info.context.actor,
                realm,
                client_uuid,
                input.name,
                description=input.description,
                attributes=_attrs(input.attributes),
            )
            return RolePayload(role=Role(model=made))
        except DomainError as exc:
            return RolePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def role_update(self, info: Info, realm: str, id: str, input: RoleInput) -> RolePayload:
        try:
            role = await role_admin.get_role_by_id(info.context.actor, realm, id)
            role = await role_admin.update_role(
                info.context.actor,
                realm,
                role,
                name=input.name,
                description=input.description,
                attributes=_attrs(input.attributes),
            )
            return RolePayload(role=Role(model=role))
        except DomainError as exc:
            return RolePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def role_delete(self, info: Info, realm: str, id: str) -> IdentityDeletePayload:
        try:
            role = await role_admin.get_role_by_id(info.context.actor, realm, id)
            await role_admin.delete_role(info.context.actor, realm, role)
            return IdentityDeletePayload(deleted_id=id)
        except DomainError as exc:
            return IdentityDeletePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def role_composites_add(self, info: Info, realm: str, id: str, role_ids: list[str]) -> RolePayload:
        try:
            role = await role_admin.get_role_by_id(info.context.actor, realm, id)
            await role_admin.add_composites(
                info.context.actor, realm, role, [RoleRef(id=r) for r in role_ids]
            )
            return RolePayload(role=Role(model=role))
        except DomainError as exc:
            return RolePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def role_composites_remove(
        self, info: Info, realm: str, id: str, role_ids: list[str]
    ) -> RolePayload:
        try:
            role = await role_admin.get_role_by_id(info.context.actor, realm, id)
            await role_admin.remove_composites(
                info.context.actor, realm, role, [RoleRef(id=r) for r in role_ids]
            )
            return RolePayload(role=Role(model=role))
        except DomainError as exc:
            return RolePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation(description="Map roles (realm and client roles, by id) to a user.")
    async def user_role_mappings_add(
        self, info: Info, realm: str, user_id: str, role_ids: list[str]
    ) -> MappingPayload:
        return await _change_mapping(info, realm, "user", user_id, role_ids, True)

    @strawberry.mutation
    async def user_role_mappings_remove(
        self, info: Info, realm: str, user_id: str, role_ids: list[str]
    ) -> MappingPayload:
        return await _change_mapping(info, realm, "user", user_id, role_ids, False)

    @strawberry.mutation(description="Map roles (realm and client roles, by id) to a group.")
    async def group_role_mappings_add(
        self, info: Info, realm: str, group_id: str, role_ids: list[str]
    ) -> MappingPayload:
        return await _change_mapping(info, realm, "group", group_id, role_ids, True)

    @strawberry.mutation
    async def group_role_mappings_remove(
        self, info: Info, realm: str, group_id: str, role_ids: list[str]
    ) -> MappingPayload:
        return await _change_mapping(info, realm, "group", group_id, role_ids, False)

    @strawberry.mutation
    async def client_create(self, info: Info, realm: str, input: ClientInput) -> ClientPayload:
        try:
            return ClientPayload(
                client=Client(
                    model=await clients.create_client(info.context.actor, realm, _client_fields(input))
                )
            )
        except DomainError as exc:
            return ClientPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def client_update(self, info: Info, realm: str, id: str, input: ClientInput) -> ClientPayload:
        try:
            made = await clients.update_client(info.context.actor, realm, id, _client_fields(input))
            return ClientPayload(client=Client(model=made))
        except DomainError as exc:
            return ClientPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def client_delete(self, info: Info, realm: str, id: str) -> IdentityDeletePayload:
        try:
            await clients.delete_client(info.context.actor, realm, id)
            return IdentityDeletePayload(deleted_id=id)
        except DomainError as exc:
            return IdentityDeletePayload(errors=[as_mutation_error(exc)])
