"""What a realm brings along when it is created from a full representation (a Keycloak realm export):
roles with their composites, clients and client scopes (``import_clients``), the group tree, users with
their credentials, role mappings and groups, default roles and default groups. Applied inside the
creating transaction: all of it lands, or none of it (and no realm either)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import InvalidInput
from core.passwords import hash_password
from models import (
    Client,
    Group,
    GroupMembership,
    GroupRoleMapping,
    Realm,
    Role,
    RoleComposite,
    User,
    UserRoleMapping,
    raw,
)
from resolvers.authentication import importing as authentication_import
from resolvers.clients import crud as clients
from resolvers.groups.defaults import DEFAULT_GROUPS_KEY
from resolvers.identity_providers import importing as identity_provider_import
from resolvers.kit import lookup
from resolvers.kit.actor import Actor
from resolvers.kit.attributes import check_attributes
from resolvers.realms.import_clients import (
    ClientContents,
    import_clients,
    import_scope_mappings,
    import_scopes,
)
from resolvers.roles import conferring
from resolvers.users import crud as users
from resolvers.users.stored_credentials import PreparedCredential
from resolvers.users.stored_credentials import prepare as prepare_credentials
from resolvers.users.stored_credentials import store as store_credentials


@dataclass
class RoleImport:
    name: str
    description: str | None = None
    attributes: dict[str, list[str]] = field(default_factory=dict)
    realm_composites: list[str] = field(default_factory=list)
    client_composites: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class GroupImport:
    name: str
    attributes: dict[str, list[str]] = field(default_factory=dict)
    realm_roles: list[str] = field(default_factory=list)
    client_roles: dict[str, list[str]] = field(default_factory=dict)
    children: list[GroupImport] = field(default_factory=list)


@dataclass
class UserImport:
    fields: users.UserFields
    user_id: str | None = None
    realm_roles: list[str] = field(default_factory=list)
    client_roles: dict[str, list[str]] = field(default_factory=dict)
    service_account_client_id: str | None = None
    created_timestamp: int | None = None
    """Kept from an export, as Keycloak's import keeps it (a new user's is now)."""


@dataclass
class RealmContents:
    realm_roles: list[RoleImport] = field(default_factory=list)
    client_roles: dict[str, list[RoleImport]] = field(default_factory=dict)
    clients: ClientContents = field(default_factory=ClientContents)
    groups: list[GroupImport] = field(default_factory=list)
    users: list[UserImport] = field(default_factory=list)
    default_roles: list[str] = field(default_factory=list)
    default_groups: list[str] = field(default_factory=list)
    authentication: authentication_import.AuthenticationImport | None = None
    identity_providers: identity_provider_import.IdentityProvidersImport | None = None

    def is_empty(self) -> bool:
        return not any(
            (
                self.realm_roles,
                self.client_roles,
                not self.clients.is_empty(),
                self.groups,
                self.users,
                self.default_roles,
                self.default_groups,
                self.authentication,
                self.identity_providers,
            )
        )


@dataclass
class UserCredentials:
    """A user's credentials in their stored form: the password hashed here (with its temporary flag),
    and the credentials kept as the exporting server stored them."""

    password: tuple[str, bool] | None = None
    kept: list[PreparedCredential] = field(default_factory=list)


async def hash_passwords(contents: RealmContents) -> dict[int, UserCredentials]:
    """The users' credentials, checked and hashed before the transaction opens (hashing is slow; a
    transaction should not wait for it). Keyed by the user's position in ``contents.users``."""
    hashed = {
        index: UserCredentials(
            kept=prepare_credentials(
                user.fields.stored_credentials, plain_password=bool(user.fields.passwords)
            )
        )
        for index, user in enumerate(contents.users)
    }
    for index, user in enumerate(contents.users):
        if user.fields.passwords:
            last = user.fields.passwords[-1]
            if not isinstance(last.value, str) or not last.value:
                raise InvalidInput("Password value must be a non-empty string", field="credentials")
            hashed[index].password = (await hash_password(last.value), last.temporary)
    return hashed


class _Roles:
    """The realm's roles by (clientId or None, name), filled as the import creates them."""

    def __init__(self, realm: Realm) -> None:
        self.realm = realm
        self.by_key: dict[tuple[str | None, str], Role] = {}
        self.clients: dict[str, Client] = {}

    async def load(self) -> None:
        self.clients = {c.client_id: c for c in await Client.filter(realm_id=self.realm.id)}
        by_uuid = {c.id: c.client_id for c in self.clients.values()}
        for role in await Role.filter(realm_id=self.realm.id):
            self.by_key[(by_uuid.get(role.client_id) if role.client_id else None, role.name)] = role

    def get(self, client_id: str | None, name: str, where: str) -> Role:
        role = self.by_key.get((client_id, name))
        if role is None:
            owner = f"client {client_id}" if client_id else "the realm"
            raise InvalidInput(f"{where}: role {name} of {owner} does not exist")
        return role

    def named(self, realm_names: list[str], client_names: dict[str, list[str]], where: str) -> list[Role]:
        found = [self.get(None, n, where) for n in realm_names]
        for client_id, names in client_names.items():
            found += [self.get(client_id, n, where) for n in names]
        return found

    async def mapped(
        self, realm_names: list[str], client_names: dict[str, list[str]], where: str
    ) -> list[Role]:
        """The roles a user or group is mapped to; as Keycloak's import does, a role named there that does
        not exist yet is created (in the realm, or in its client when the client exists)."""
        for client_id, names in [(None, realm_names), *client_names.items()]:
            if client_id is not None and client_id not in self.clients:
                raise InvalidInput(f"{where}: client {client_id} does not exist")
            for name in names:
                if (client_id, name) not in self.by_key:
                    await self.ensure(client_id, RoleImport(name=name))
        return self.named(realm_names, client_names, where)

    async def ensure(self, client_id: str | None, spec: RoleImport) -> Role:
        role = self.by_key.get((client_id, spec.name))
        attributes = check_attributes(spec.attributes)
        if role is None:
            client = self.clients.get(client_id) if client_id else None
            if client_id and client is None:
                raise InvalidInput(f"Client roles given for unknown client {client_id}")
            role = await Role.create(
                realm_id=self.realm.id,
                client_id=client.id if client else None,
                container_id=client.id if client else self.realm.id,
                name=spec.name,
                description=spec.description,
                attributes=attributes,
            )
            self.by_key[(client_id, spec.name)] = role
        elif spec.description is not None or attributes:
            role.description = spec.description if spec.description is not None else role.description
            role.attributes = attributes or role.attributes
            await role.save(update_fields=["description", "attributes"])
        return role


async def _link(parent: Role, children: list[Role]) -> None:
    have = set(await raw.column_values(RoleComposite.filter(parent_id=parent.id), "child_id", str))
    fresh = [RoleComposite(parent_id=parent.id, child_id=c.id) for c in children if c.id not in have]
    if fresh:
        await RoleComposite.bulk_create(fresh)


async def _groups(realm: Realm, roles: _Roles, specs: list[GroupImport], parent: Group | None) -> None:
    for spec in specs:
        if not spec.name or "/" in spec.name:
            raise InvalidInput(f"Invalid group name {spec.name!r}")
        path = f"{parent.path if parent else ''}/{spec.name}"
        if await Group.filter(realm_id=realm.id, path=path).exists():
            raise InvalidInput(f"Group {path} is given twice")
        group = await Group.create(
            realm_id=realm.id,
            parent_id=parent.id if parent else None,
            name=spec.name,
            path=path,
            attributes=check_attributes(spec.attributes),
        )
        mapped = await roles.mapped(spec.realm_roles, spec.client_roles, f"group {path}")
        if mapped:
            await GroupRoleMapping.bulk_create(
                [GroupRoleMapping(group_id=group.id, role_id=r.id) for r in mapped]
            )
        await _groups(realm, roles, spec.children, group)


async def _users(
    realm: Realm,
    roles: _Roles,
    imports: list[UserImport],
    hashed: dict[int, UserCredentials],
    default_role: Role | None,
) -> None:
    groups = {g.path: g for g in await Group.filter(realm_id=realm.id)}
    default_group_ids = realm.config.get(DEFAULT_GROUPS_KEY) or []
    for index, item in enumerate(imports):
        service_client = None
        if item.service_account_client_id:
            service_client = roles.clients.get(item.service_account_client_id)
            if service_client is None:
                raise InvalidInput(
                    f"user {item.fields.username}: unknown client {item.service_account_client_id}"
                )
        user = User(
            realm_id=realm.id, service_account_client_id=service_client.id if service_client else None
        )
        if item.user_id:
            user.id = item.user_id
        if item.created_timestamp is not None:
            user.created_timestamp = item.created_timestamp
        users.apply_fields(user, realm, item.fields, creating=True, imported=True)
        if await User.filter(realm_id=realm.id, username=user.username).exists():
            raise InvalidInput(f"User {user.username} is given twice")
        await user.save()
        if item.fields.attributes not in (users.UNSET, None):
            await users.write_attributes(user.id, check_attributes(item.fields.attributes))
        credentials = hashed.get(index) or UserCredentials()
        if credentials.password is not None:
            await users.set_password_credential(user, *credentials.password)
        await store_credentials(user, credentials.kept)
        mapped = await roles.mapped(item.realm_roles, item.client_roles, f"user {user.username}")
        if default_role is not None and service_client is None:
            mapped.append(default_role)
        unique = {r.id: r for r in mapped}
        if unique:
            await UserRoleMapping.bulk_create(
                [UserRoleMapping(user_id=user.id, role_id=rid) for rid in unique]
            )
        member_of: dict[str, Group] = {}
        for path in item.fields.groups:
            group = groups.get(path if path.startswith("/") else "/" + path)
            if group is None:
                raise InvalidInput(f"user {user.username}: group {path} does not exist")
            member_of[group.id] = group
        if service_client is None:
            by_id = {g.id: g for g in groups.values()}
            member_of.update({gid: by_id[gid] for gid in default_group_ids if gid in by_id})
        if member_of:
            await GroupMembership.bulk_create(
                [GroupMembership(user_id=user.id, group_id=gid) for gid in member_of]
            )


async def apply(
    realm: Realm, contents: RealmContents, hashed: dict[int, UserCredentials], actor: Actor
) -> None:
    """Create what ``contents`` holds in the freshly seeded ``realm``, inside the creating transaction.
    What it confers is checked once it is all there (roles, composites and groups may name each other in
    any order); a refusal undoes the whole realm."""
    await import_scopes(realm, contents.clients)
    await import_clients(realm, contents.clients.clients)
    roles = _Roles(realm)
    await roles.load()
    for spec in contents.realm_roles:
        await roles.ensure(None, spec)
    for client_id, specs in contents.client_roles.items():
        for spec in specs:
            await roles.ensure(client_id, spec)
    containers: list[tuple[str | None, list[RoleImport]]] = [
        (None, contents.realm_roles),
        *contents.client_roles.items(),
    ]
    for owner, specs in containers:
        for spec in specs:
            children = roles.named(spec.realm_composites, spec.client_composites, f"role {spec.name}")
            if children:
                await _link(roles.get(owner, spec.name, "role"), children)
    default_role = await lookup.default_role(realm)
    if default_role is not None and contents.default_roles:
        await _link(default_role, roles.named(contents.default_roles, {}, "defaultRoles"))
    await import_scope_mappings(realm, contents.clients, roles.mapped)
    await _groups(realm, roles, contents.groups, None)
    if contents.default_groups:
        by_path = {g.path: g.id for g in await Group.filter(realm_id=realm.id)}
        missing = [p for p in contents.default_groups if p not in by_path]
        if missing:
            raise InvalidInput(f"defaultGroups: group {missing[0]} does not exist")
        realm.config = {**realm.config, DEFAULT_GROUPS_KEY: [by_path[p] for p in contents.default_groups]}
        await realm.save(update_fields=["config"])
    await _users(realm, roles, contents.users, hashed, default_role)
    for client in roles.clients.values():
        await clients.ensure_service_account(realm, client)
    await authentication_import.apply(realm, contents.authentication)
    await identity_provider_import.apply(realm, contents.identity_providers)
    await conferring.require_may_confer_realm(actor, realm)
