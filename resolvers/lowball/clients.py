"""lowball clients over the one store.

A lowball client is a user of the realm lowball serves (``resolvers.lowball.realm``): ``client_id`` is the
username, the client secret its password credential, the client's roles its directly mapped realm roles
(the realm's default role aside), ``enabled`` its enabled flag. Who may do what is lowball's rule in
``resolvers.kit.rights``: a lowball admin acts on every client, anyone else on itself only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from core.errors import Forbidden, InvalidInput
from core.passwords import hash_password
from core.runtime import settings
from models import Realm, Role, User, UserRoleMapping, raw
from resolvers.events.records import record_admin_event
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.lowball.errors import (
    ClientExists,
    ClientNotFound,
    InvalidRoleNames,
    MissingClientData,
    RegistrationClosed,
)
from resolvers.lowball.realm import default_role, lowball_realm, realm_name
from resolvers.roles import conferring
from resolvers.users import crud as users
from resolvers.users.crud import UserFields

ACTOR_CLIENT = "lowball"
MAX_ROLE_NAME = 255


@dataclass(frozen=True)
class ClientView:
    client_id: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class NewClient:
    """A client to create (by an admin, with roles) or to register (by itself, without)."""

    client_id: str
    secret: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClientChange:
    """An admin's change of a client; None leaves a part as it is, ``roles`` replaces them all."""

    secret: str | None = None
    roles: tuple[str, ...] | None = None


def _elevated(actor: Actor) -> Actor:
    """The caller, once the lowball rule has allowed the operation, acting through the user resolvers
    (which check Keycloak rights); admin events still name the caller."""
    return replace(actor, system=True)


def clean_roles(roles: Iterable[str]) -> list[str]:
    """Role names as lowball stores them: trimmed, non-blank, each once, in the given order."""
    names = [r.strip() for r in roles]
    if not all(names):
        raise InvalidRoleNames()
    if any(len(r) > MAX_ROLE_NAME for r in names):
        raise InvalidInput(f"Role names are at most {MAX_ROLE_NAME} characters", field="roles")
    return list(dict.fromkeys(names))


async def roles_of(realm: Realm, user_ids: Sequence[str]) -> dict[str, list[str]]:
    """Batch: each user's lowball roles (direct realm roles but the default role), sorted."""
    out: dict[str, list[str]] = {uid: [] for uid in user_ids}
    if not user_ids:
        return out
    rows = await UserRoleMapping.filter(
        user_id__in=list(user_ids), role__realm_id=realm.id, role__client_id__isnull=True
    ).values_list("user_id", "role__name")
    skip = default_role(realm)
    for uid, name in rows:
        if name != skip:
            out[str(uid)].append(str(name))
    for names in out.values():
        names.sort()
    return out


async def client_user(realm: Realm, client_id: str) -> User | None:
    """The user a client id names; service accounts are no lowball clients."""
    return await User.get_or_none(
        realm_id=realm.id, username=client_id.lower(), service_account_client_id=None
    )


async def _user(realm: Realm, client_id: str) -> User:
    user = await client_user(realm, client_id)
    if user is None:
        raise ClientNotFound(client_id)
    return user


async def _view(realm: Realm, user: User) -> ClientView:
    return ClientView(client_id=user.username, roles=tuple((await roles_of(realm, [user.id]))[user.id]))


async def _require_may_grant(actor: Actor, realm: Realm, names: Iterable[str]) -> None:
    """lowball roles are the realm's roles, so the rule against escalation holds for them as for any
    mapping: checked with the caller's own rights, before it is elevated. A role that does not exist yet
    is made empty and confers nothing."""
    ids = await Role.filter(realm_id=realm.id, client_id__isnull=True, name__in=list(names)).values_list(
        "id", flat=True
    )
    await conferring.require_may_confer_roles(actor, realm, [str(i) for i in ids])


async def _grant(realm: Realm, actor: Actor, user: User, names: Iterable[str]) -> None:
    """Map realm roles ``names`` to the user, creating the roles that do not exist yet. Call inside a
    transaction."""
    names = list(dict.fromkeys(names))
    if not names:
        return
    existing = {
        r.name: r for r in await Role.filter(realm_id=realm.id, client_id__isnull=True, name__in=names)
    }
    for name in names:
        if name not in existing:
            existing[name] = await Role.create(realm_id=realm.id, container_id=realm.id, name=name)
            await record_admin_event(realm, actor, "CREATE", "REALM_ROLE", f"roles/{name}", {"name": name})
    ids = [existing[n].id for n in names]
    held = set(
        await raw.column_values(UserRoleMapping.filter(user_id=user.id, role_id__in=ids), "role_id", str)
    )
    new = [UserRoleMapping(user_id=user.id, role_id=rid) for rid in ids if rid not in held]
    if new:
        await UserRoleMapping.bulk_create(new)
        await record_admin_event(
            realm,
            actor,
            "CREATE",
            "REALM_ROLE_MAPPING",
            f"users/{user.id}/role-mappings/realm",
            [{"name": n} for n in names],
        )


async def _revoke_roles(realm: Realm, actor: Actor, user: User, names: Iterable[str] | None) -> None:
    """Unmap realm roles ``names`` (all lowball roles when None). Call inside a transaction."""
    qs = UserRoleMapping.filter(user_id=user.id, role__realm_id=realm.id, role__client_id__isnull=True)
    if names is None:
        qs = qs.exclude(role__name=default_role(realm))
    else:
        qs = qs.filter(role__name__in=list(names))
    ids = await qs.values_list("id", flat=True)
    if ids:
        await UserRoleMapping.filter(id__in=list(ids)).delete()
        await record_admin_event(
            realm, actor, "DELETE", "REALM_ROLE_MAPPING", f"users/{user.id}/role-mappings/realm"
        )


async def own_client(actor: Actor | None) -> ClientView:
    """The caller's own client."""
    actor = rights.require_authenticated(actor)
    client_id = actor.username or ""
    rights.require_lowball_admin_or_self(actor, realm_name(), client_id)
    realm = await lowball_realm()
    return await _view(realm, await _user(realm, client_id))


async def get_client(actor: Actor | None, client_id: str) -> ClientView:
    rights.require_lowball_admin(actor, realm_name())
    realm = await lowball_realm()
    return await _view(realm, await _user(realm, client_id))


async def list_clients(actor: Actor | None, roles: Sequence[str] = ()) -> list[ClientView]:
    """Every client, or those holding one of ``roles``, by client id."""
    rights.require_lowball_admin(actor, realm_name())
    realm = await lowball_realm()
    qs = User.filter(realm_id=realm.id, service_account_client_id=None)
    if roles:
        qs = qs.filter(
            id__in=Subquery(
                UserRoleMapping.filter(
                    role__realm_id=realm.id, role__client_id__isnull=True, role__name__in=list(roles)
                ).values("user_id")
            )
        )
    rows = await qs.order_by("username").values_list("id", "username")
    by_user = await roles_of(realm, [str(uid) for uid, _ in rows])
    return [ClientView(client_id=str(name), roles=tuple(by_user[str(uid)])) for uid, name in rows]


async def _create(actor: Actor, realm: Realm, new: NewClient, roles: list[str]) -> ClientView:
    client_id = new.client_id.strip()
    if not client_id:
        raise MissingClientData("client_id")
    if not new.secret:
        raise MissingClientData("client_secret")
    if await User.filter(realm_id=realm.id, username=client_id.lower()).exists():
        raise ClientExists(client_id)
    acting = _elevated(actor)
    encoded = await hash_password(new.secret)  # before the transaction: hashing takes a while
    async with in_transaction():
        user = await users.create_user(acting, realm.name, UserFields(username=client_id, enabled=True))
        await users.set_password_credential(user, encoded, temporary=False)
        await _grant(realm, acting, user, roles)
    return ClientView(client_id=user.username, roles=tuple(sorted(roles)))


async def create_client(actor: Actor | None, new: NewClient) -> ClientView:
    actor = rights.require_lowball_admin(actor, realm_name())
    realm = await lowball_realm()
    roles = clean_roles(new.roles)
    await _require_may_grant(actor, realm, roles)
    return await _create(actor, realm, new, roles)


async def register_client(new: NewClient, ip: str | None = None) -> ClientView:
    """Self registration: a new client without roles, open to anyone when the setting allows it."""
    if not settings().lowball_self_registration:
        raise RegistrationClosed()
    realm = await lowball_realm()
    actor = Actor(realm_id=realm.id, realm_name=realm.name, client_id=ACTOR_CLIENT, ip_address=ip)
    return await _create(actor, realm, replace(new, roles=()), [])


async def update_client(actor: Actor | None, client_id: str, change: ClientChange) -> ClientView:
    """Change a client's secret and/or replace its roles (admin only)."""
    actor = rights.require_lowball_admin(actor, realm_name())
    realm = await lowball_realm()
    user = await _user(realm, client_id)
    new_roles = None if change.roles is None else clean_roles(change.roles)
    if change.secret is not None and not change.secret:
        raise MissingClientData("client_secret")
    if new_roles is not None:
        await _require_may_grant(actor, realm, new_roles)
    if change.secret is not None:
        # A new secret is a new password: the caller would log in as that client, with its rights.
        await conferring.require_may_act_for(actor, realm, user.id, "manage")
    encoded = None if change.secret is None else await hash_password(change.secret)
    acting = _elevated(actor)
    async with in_transaction():
        if encoded is not None:
            await users.set_password_credential(user, encoded, temporary=False)
            await record_admin_event(realm, acting, "ACTION", "USER", f"users/{user.id}/reset-password")
        if new_roles is not None:
            current = set((await roles_of(realm, [user.id]))[user.id])
            await _revoke_roles(realm, acting, user, current - set(new_roles))
            await _grant(realm, acting, user, [r for r in new_roles if r not in current])
    return await _view(realm, user)


async def update_own_secret(actor: Actor | None, secret: str) -> ClientView:
    actor = rights.require_authenticated(actor)
    realm = await lowball_realm()
    if actor.username is None or actor.realm_name != realm.name:
        raise Forbidden("Only a client of the lowball realm has a secret to change")
    user = await _user(realm, actor.username)
    if not secret:
        raise MissingClientData("client_secret")
    encoded = await hash_password(secret)
    async with in_transaction():
        await users.set_password_credential(user, encoded, temporary=False)
        await record_admin_event(realm, actor, "ACTION", "USER", f"users/{user.id}/reset-password")
    return await _view(realm, user)


async def delete_client(actor: Actor | None, client_id: str) -> None:
    actor = rights.require_lowball_admin(actor, realm_name())
    realm = await lowball_realm()
    user = await _user(realm, client_id)
    await users.delete_user(_elevated(actor), realm.name, user.id)


async def set_enabled(actor: Actor | None, client_id: str, enabled: bool) -> None:
    """Enable or disable a client; a disabled client cannot log in and its tokens stop working."""
    actor = rights.require_lowball_admin(actor, realm_name())
    realm = await lowball_realm()
    user = await _user(realm, client_id)
    await users.update_user(_elevated(actor), realm.name, user.id, UserFields(enabled=enabled))


async def add_role(actor: Actor | None, client_id: str, role: str) -> None:
    actor = rights.require_lowball_admin(actor, realm_name())
    realm = await lowball_realm()
    user = await _user(realm, client_id)
    names = clean_roles([role])
    await _require_may_grant(actor, realm, names)
    async with in_transaction():
        await _grant(realm, _elevated(actor), user, names)


async def remove_roles(actor: Actor | None, client_id: str, role: str | None = None) -> None:
    """Remove one role, or every lowball role when ``role`` is None."""
    actor = rights.require_lowball_admin(actor, realm_name())
    realm = await lowball_realm()
    user = await _user(realm, client_id)
    async with in_transaction():
        await _revoke_roles(realm, _elevated(actor), user, None if role is None else [role])
