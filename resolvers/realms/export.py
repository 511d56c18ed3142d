"""A whole realm as a Keycloak export holds it, assembled from the resolvers' views: its settings with
their secrets revealed, roles with their composites, the group tree, clients with their secrets, mappers
and scopes, client scopes, and users with their credentials (password hashes as the importer reads them
back), role mappings and groups. For the master admin (or the server itself: ``iamgraph export``)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from core.passwords import keycloak_documents
from core.runtime import secret_box
from core.secrets import is_sealed
from models import (
    AuthenticatorConfig,
    Client,
    ClientScope,
    Credential,
    Group,
    GroupMembership,
    GroupRoleMapping,
    IdentityProvider,
    IdentityProviderMapper,
    RealmDefaultScope,
    RequiredAction,
    Role,
    RoleComposite,
    User,
    UserRoleMapping,
)
from resolvers.authentication.flows import all_flows
from resolvers.authentication.views import FlowView
from resolvers.client_scopes.inputs import ScopeView
from resolvers.client_scopes.scopes import views_of
from resolvers.clients.composition import composed
from resolvers.clients.views import ClientView, view_of
from resolvers.identity_providers.crud import DEFAULTS as PROVIDER_DEFAULTS
from resolvers.identity_providers.crud import KIND as PROVIDER_KIND
from resolvers.identity_providers.crud import IdentityProviderView
from resolvers.identity_providers.mappers import MapperView
from resolvers.kit import lookup, rights, secrets
from resolvers.kit.actor import Actor
from resolvers.realms.views import RealmView
from resolvers.roles.views import RoleView, role_views
from resolvers.users.views import UserView, user_views


@dataclass
class RoleNames:
    """Roles by name: the realm's, and each client's by clientId."""

    realm: list[str] = field(default_factory=list)
    client: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class RoleExport:
    view: RoleView
    composites: RoleNames


@dataclass
class GroupExport:
    group: Group
    roles: RoleNames
    children: list[GroupExport] = field(default_factory=list)


@dataclass
class CredentialExport:
    credential: Credential
    secret_data: dict[str, Any]
    credential_data: dict[str, Any]


@dataclass
class UserExport:
    view: UserView
    credentials: list[CredentialExport]
    roles: RoleNames
    groups: list[str]
    service_account_client_id: str | None


@dataclass
class RealmExport:
    realm: RealmView
    realm_roles: list[RoleExport]
    client_roles: dict[str, list[RoleExport]]
    default_roles: RoleNames
    groups: list[GroupExport]
    clients: list[ClientView]
    scopes: list[ScopeView]
    default_scopes: list[str]
    optional_scopes: list[str]
    users: list[UserExport]
    flows: list[FlowView] = field(default_factory=list)
    authenticator_configs: list[AuthenticatorConfig] = field(default_factory=list)
    required_actions: list[RequiredAction] = field(default_factory=list)
    identity_providers: list[IdentityProviderView] = field(default_factory=list)
    identity_provider_mappers: list[MapperView] = field(default_factory=list)


def _names(roles: list[Role], client_ids: dict[str, str]) -> RoleNames:
    names = RoleNames()
    for role in sorted(roles, key=lambda r: r.name):
        if role.client_id is None:
            names.realm.append(role.name)
        else:
            names.client.setdefault(client_ids[role.client_id], []).append(role.name)
    return names


def _credential(credential: Credential) -> CredentialExport:
    stored = credential.secret_data
    if is_sealed(stored):
        return CredentialExport(credential, json.loads(secret_box().open(stored)), credential.credential_data)
    secret, data = keycloak_documents(stored)
    return CredentialExport(credential, secret, data | dict(credential.credential_data or {}))


async def export_realm(actor: Actor | None, realm_name: str) -> RealmExport:
    rights.require_super_admin(actor)
    realm = await lookup.realm_by_name(realm_name)
    clients = await Client.filter(realm_id=realm.id).order_by("client_id")
    client_ids = {c.id: c.client_id for c in clients}
    roles = await Role.filter(realm_id=realm.id).order_by("name")
    by_id = {r.id: r for r in roles}
    children: dict[str, list[Role]] = defaultdict(list)
    for parent_id, child_id in await RoleComposite.filter(parent__realm_id=realm.id).values_list(
        "parent_id", "child_id"
    ):
        children[parent_id].append(by_id[child_id])
    default_name = lookup.default_role_name(realm.name)
    role_exports = [
        RoleExport(view, _names(children[view.role.id], client_ids))
        for view in await role_views(roles)
        if view.role.name != default_name or view.role.client_id is not None
    ]
    default_role = next((r for r in roles if r.name == default_name and r.client_id is None), None)

    group_roles: dict[str, list[Role]] = defaultdict(list)
    for group_id, role_id in await GroupRoleMapping.filter(group__realm_id=realm.id).values_list(
        "group_id", "role_id"
    ):
        group_roles[group_id].append(by_id[role_id])
    groups = await Group.filter(realm_id=realm.id).order_by("name")
    nodes = {g.id: GroupExport(g, _names(group_roles[g.id], client_ids)) for g in groups}
    top: list[GroupExport] = []
    for group in groups:
        (nodes[group.parent_id].children if group.parent_id else top).append(nodes[group.id])

    users = await User.filter(realm_id=realm.id).order_by("username")
    ids = [u.id for u in users]
    credentials: dict[str, list[Credential]] = defaultdict(list)
    for credential in await Credential.filter(user_id__in=ids).order_by("priority", "created_date"):
        credentials[credential.user_id].append(credential)
    user_roles: dict[str, list[Role]] = defaultdict(list)
    for user_id, role_id in await UserRoleMapping.filter(user_id__in=ids).values_list("user_id", "role_id"):
        user_roles[user_id].append(by_id[role_id])
    memberships: dict[str, list[str]] = defaultdict(list)
    for user_id, path in await GroupMembership.filter(user_id__in=ids).values_list("user_id", "group__path"):
        memberships[user_id].append(path)

    scopes = await ClientScope.filter(realm_id=realm.id).order_by("name")
    links = await RealmDefaultScope.filter(realm_id=realm.id).select_related("scope")
    providers = await IdentityProvider.filter(realm_id=realm.id).order_by("alias")
    aliases = {p.id: p.alias for p in providers}
    provider_mappers = await IdentityProviderMapper.filter(identity_provider__realm_id=realm.id).order_by(
        "name"
    )
    return RealmExport(
        realm=RealmView(realm, True, secrets.reveal("REALM", realm.config)),
        realm_roles=[r for r in role_exports if r.view.role.client_id is None],
        client_roles={
            client_ids[c.id]: [r for r in role_exports if r.view.role.client_id == c.id] for c in clients
        },
        default_roles=_names(children[default_role.id], client_ids) if default_role else RoleNames(),
        groups=top,
        clients=await composed([view_of(None, realm.name, c) for c in clients]),
        scopes=await views_of(list(scopes)),
        default_scopes=sorted(link.scope.name for link in links if link.default),
        optional_scopes=sorted(link.scope.name for link in links if not link.default),
        users=[
            UserExport(
                view,
                [_credential(c) for c in credentials[view.user.id]],
                _names(user_roles[view.user.id], client_ids),
                sorted(memberships[view.user.id]),
                client_ids.get(view.user.service_account_client_id or ""),
            )
            for view in await user_views(users, attributes=True)
        ],
        flows=await all_flows(actor, realm.name),
        authenticator_configs=list(
            await AuthenticatorConfig.filter(realm_id=realm.id).order_by("alias", "id")
        ),
        required_actions=list(await RequiredAction.filter(realm_id=realm.id).order_by("priority", "alias")),
        identity_providers=[
            IdentityProviderView(p, PROVIDER_DEFAULTS | secrets.reveal(PROVIDER_KIND, p.settings))
            for p in providers
        ],
        identity_provider_mappers=[MapperView(m, aliases[m.identity_provider_id]) for m in provider_mappers],
    )
