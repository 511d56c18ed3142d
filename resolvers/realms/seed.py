"""What a new realm contains, as Keycloak seeds one: default roles, built-in clients with their roles,
and a signing key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise import connections

from models import Client, Realm, Role, RoleComposite
from models.builtin_clients import configure_builtin_clients
from models.builtin_flows import seed_builtin_flows
from models.builtin_scopes import seed_builtin_scopes
from resolvers.components import defaults as key_defaults
from resolvers.kit import lookup
from resolvers.kit.rights import ADMIN_COMPOSITES, ADMIN_ROLES, MANAGEMENT_CLIENT, MASTER
from resolvers.realms.admin_clients import seed_admin_clients

# clientId -> (name, public, bearer-only, standard flow, direct grants, roles, composites, attributes)
BUILTIN_CLIENTS: dict[str, dict[str, object]] = {
    "account": {
        "name": "${client_account}",
        "public_client": True,
        "base_url": "/realms/{realm}/account/",
        "roles": (
            "view-profile",
            "manage-account",
            "manage-account-links",
            "view-applications",
            "view-consent",
            "manage-consent",
            "view-groups",
            "delete-account",
        ),
        "composites": {"manage-account": ("manage-account-links",), "manage-consent": ("view-consent",)},
    },
    "account-console": {
        "name": "${client_account-console}",
        "public_client": True,
        "base_url": "/realms/{realm}/account/",
    },
    "admin-cli": {
        "name": "${client_admin-cli}",
        "public_client": True,
        "standard_flow_enabled": False,
        "direct_access_grants_enabled": True,
    },
    "broker": {"name": "${client_broker}", "bearer_only": True, "roles": ("read-token",)},
    MANAGEMENT_CLIENT: {
        "name": "${client_realm-management}",
        "bearer_only": True,
        "roles": ADMIN_ROLES,
        "composites": ADMIN_COMPOSITES,
    },
    "security-admin-console": {
        "name": "${client_security-admin-console}",
        "public_client": True,
        "base_url": "/admin/{realm}/console/",
    },
}

CLIENT_COLUMNS = (
    "name",
    "public_client",
    "bearer_only",
    "standard_flow_enabled",
    "direct_access_grants_enabled",
    "base_url",
)


async def _role(
    realm: Realm, name: str, client: Client | None = None, description: str | None = None
) -> Role:
    return await Role.create(
        realm_id=realm.id,
        client_id=client.id if client else None,
        container_id=client.id if client else realm.id,
        name=name,
        description=description,
    )


async def seed_realm(
    realm: Realm, signing_keys: list[key_defaults.DefaultKey], client_ids: Mapping[str, str] | None = None
) -> None:
    """Fill a freshly created realm. Runs inside the creating transaction. ``client_ids`` gives built-in
    clients the ids a realm export holds for them."""
    offline = await _role(realm, "offline_access", description="${role_offline-access}")
    uma = await _role(realm, "uma_authorization", description="${role_uma_authorization}")
    default_roles = await _role(
        realm, lookup.default_role_name(realm.name), description="${role_default-roles}"
    )
    links = [(default_roles, offline), (default_roles, uma)]

    roles_by_client: dict[str, dict[str, Role]] = {}
    for client_id, spec in BUILTIN_CLIENTS.items():
        if client_id == MANAGEMENT_CLIENT and realm.name == MASTER:
            continue  # master's admin roles are in its master-realm client, as in Keycloak
        columns: dict[str, Any] = {k: spec[k] for k in CLIENT_COLUMNS if k in spec}
        if isinstance(columns.get("base_url"), str):
            columns["base_url"] = str(columns["base_url"]).format(realm=realm.name)
        if client_ids and client_id in client_ids:
            columns["id"] = client_ids[client_id]
        client = await Client.create(realm_id=realm.id, client_id=client_id, **columns)
        made = {}
        for name in spec.get("roles", ()):  # type: ignore[attr-defined]
            made[name] = await _role(realm, name, client, description="${role_" + name + "}")
        composites: dict[str, tuple[str, ...]] = spec.get("composites", {})  # type: ignore[assignment]
        for parent, children in composites.items():
            links += [(made[parent], made[child]) for child in children]
        roles_by_client[client_id] = made

    account = roles_by_client["account"]
    links += [(default_roles, account["view-profile"]), (default_roles, account["manage-account"])]

    if realm.name == MASTER:
        create_realm = await _role(realm, "create-realm", description="${role_create-realm}")
        admin = await _role(realm, "admin", description="${role_admin}")
        links.append((admin, create_realm))

    await RoleComposite.bulk_create([RoleComposite(parent_id=p.id, child_id=c.id) for p, c in links])
    await seed_admin_clients(realm)
    await seed_builtin_scopes(connections.get("default"), realm.id)
    await seed_builtin_flows(connections.get("default"), realm.id)
    await configure_builtin_clients(connections.get("default"), realm.id, realm.name)
    await key_defaults.store_default_providers(realm, signing_keys)


async def default_role(realm: Realm) -> Role | None:
    """The realm's default role (kept here for callers that predate the lookup kit)."""
    return await lookup.default_role(realm)
