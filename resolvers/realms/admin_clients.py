"""Master's admin clients, as Keycloak keeps them (``RealmManager.createMasterAdminManagement``): one
bearer-only client ``<realm>-realm`` in master per realm, master's own included, holding that realm's admin
roles, every one of them in master's ``admin``. They are made with their realm, renamed with it and
deleted with it; which realm's rights they hold is ``rights.administered_realm``'s to say."""

from __future__ import annotations

from core.errors import Conflict
from models import Client, Realm, Role, RoleComposite, UserRoleMapping
from resolvers.client_scopes.links import link_realm_defaults
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor


async def _require_free(master: Realm, realm_name: str) -> str:
    """The admin client's clientId for ``realm_name``; a client of master already named so is refused
    rather than adopted (as Keycloak would), so that nobody gains the realm's rights by naming a client."""
    client_id = rights.master_admin_client(realm_name)
    if await Client.filter(realm_id=master.id, client_id=client_id).exists():
        raise Conflict(f"Client {client_id} already exists in realm {rights.MASTER}")
    return client_id


async def require_admin_client_free(realm_name: str) -> None:
    """Refuse a realm name whose admin client's clientId master already uses."""
    master = await lookup.realm_or_none(rights.MASTER)
    if master is not None and realm_name != rights.MASTER:
        await _require_free(master, realm_name)


async def _create(master: Realm, realm_name: str, super_admin: Role) -> Client:
    client = await Client.create(
        realm_id=master.id,
        client_id=await _require_free(master, realm_name),
        name=f"{realm_name} Realm",
        bearer_only=True,
    )
    roles = {}
    for name in rights.REALM_ADMIN_ROLES:
        roles[name] = await Role.create(
            realm_id=master.id,
            client_id=client.id,
            container_id=client.id,
            name=name,
            description="${role_" + name + "}",
        )
    links = [(super_admin, role) for role in roles.values()]
    for parent, children in rights.ADMIN_QUERY_COMPOSITES.items():
        links += [(roles[parent], roles[child]) for child in children]
    await RoleComposite.bulk_create([RoleComposite(parent_id=p.id, child_id=c.id) for p, c in links])
    await link_realm_defaults(client)
    return client


async def seed_admin_clients(realm: Realm) -> None:
    """The admin client of a new realm. Master's seeding makes ``master-realm``, and one for each realm
    already there (a database whose master is made after its realms)."""
    master = realm if realm.name == rights.MASTER else await lookup.realm_or_none(rights.MASTER)
    if master is None:
        return
    super_admin = await Role.get(realm_id=master.id, client_id=None, name="admin")
    if realm is not master:
        await _create(master, realm.name, super_admin)
        return
    for name in await Realm.all().order_by("name").values_list("name", flat=True):
        client_id = rights.master_admin_client(str(name))
        if not await Client.filter(realm_id=master.id, client_id=client_id).exists():
            await _create(master, str(name), super_admin)


async def grant_to_creator(actor: Actor, realm: Realm) -> None:
    """A realm's creator who is not the super-admin gets the realm's admin roles, as Keycloak grants
    them (``grantPermissionsToRealmCreator``): otherwise it could make a realm and not manage it."""
    if rights.is_super_admin(actor) or actor.realm_name != rights.MASTER or actor.user_id is None:
        return
    master = await lookup.realm_by_name(rights.MASTER)
    client = await lookup.client_by_client_id(master, rights.master_admin_client(realm.name))
    if client is None:
        return
    role_ids = await Role.filter(client_id=client.id).values_list("id", flat=True)
    await UserRoleMapping.bulk_create(
        [UserRoleMapping(user_id=actor.user_id, role_id=str(role_id)) for role_id in role_ids]
    )


async def rename_admin_client(old_name: str, new_name: str) -> None:
    """The admin client follows its realm's new name; its name stays, as in Keycloak's ``renameRealm``."""
    master = await lookup.realm_or_none(rights.MASTER)
    if master is not None:
        new_client_id = await _require_free(master, new_name)
        old_client_id = rights.master_admin_client(old_name)
        await Client.filter(realm_id=master.id, client_id=old_client_id).update(client_id=new_client_id)


async def delete_admin_client(realm_name: str) -> None:
    """A deleted realm's admin client goes with it, and its roles from everyone who held them."""
    master = await lookup.realm_or_none(rights.MASTER)
    if master is not None:
        client_id = rights.master_admin_client(realm_name)
        await Client.filter(realm_id=master.id, client_id=client_id).delete()
