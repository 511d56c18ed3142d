"""lowball clients and tokens over the one store.

A lowball client is a user of the configured realm (``settings().lowball_realm``): ``client_id`` is the
username, the client secret its password credential, the client's roles its directly mapped realm roles
(the realm's default role aside), ``enabled`` its enabled flag. A lowball token is a ``models.Token`` row of
kind ``lowball`` whose ``data`` holds the token data; the token string is a JWT signed with the realm's
active key, its payload exactly the token data.

The permission rule of the dialect lives here: a caller holding the ``admin`` role (in its token) may act on
every client and token, anyone else on itself only. GraphQL callers are Keycloak-admin actors: they act on
their own lowball tokens, or on anyone's with manage-users in the lowball realm.
"""

from __future__ import annotations

import re
import secrets
import string
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from core import jwt
from core.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated, Unavailable
from core.passwords import DUMMY_HASH, hash_password, verify_password
from core.runtime import settings
from models import Credential, Realm, Role, Token, User, UserRoleMapping, raw
from models.base import now_ms
from resolvers.auth import keys
from resolvers.events.records import record_admin_event
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_by_name
from resolvers.users import crud as users
from resolvers.users.crud import UserFields

KIND = "lowball"
ADMIN_ROLE = "admin"
ACTOR_CLIENT = "lowball"
DEFAULT_TOKEN_LIFE = 3600
MAX_TOKEN_LIFE = 2_592_000
MIN_TOKEN_LIFE = 10
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
TOKEN_ID = re.compile(r"[a-zA-Z0-9]{16}")
_ALPHABET = string.ascii_letters + string.digits


# --- the dialect's failures, as subclasses of the domain tree --------------------------------------


class NoTokenProvided(InvalidInput):
    """The request carries no Authorization header."""


class MalformedAuthHeader(InvalidInput):
    """The Authorization header is not ``Bearer <token>``."""


class TokenInvalid(Unauthenticated):
    """The token does not verify, or matches no live token record."""


class TokenExpired(Unauthenticated):
    """The token's expiry has passed."""


class InvalidCredentials(Unauthenticated):
    """Unknown client, wrong secret, or a disabled client."""


class InadequateRoles(Forbidden):
    """The caller's token lacks the role the operation needs (lowball answers 401)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("Current Token Has Inadequate Roles for Requested Action")
        self.detail = detail


class MalformedAuthPackage(InvalidInput):
    """The login body lacks a client id and secret."""

    def __init__(self) -> None:
        super().__init__("The Authentication Request Did Not Supply The Required Data")


class MalformedProviderPackage(InvalidInput):
    """A client body lacks, or mistypes, what the operation needs."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("The Request Did Not Supply The Required Data for the Auth Provider")
        self.detail = detail


class MalformedTokenId(InvalidInput):
    """A token id outside ``[a-zA-Z0-9]{16}``."""

    def __init__(self) -> None:
        super().__init__("Invalid token id format")


class TokenNotFound(NotFound):
    """No live token has this id."""

    def __init__(self) -> None:
        super().__init__("Specified token not found")


class SelfRegistrationDisabled(Forbidden):
    """Self registration is switched off (IAMGRAPH_LOWBALL_SELF_REGISTRATION)."""

    def __init__(self) -> None:
        super().__init__("Client self registration is disabled")


def _client_not_found(client_id: str) -> NotFound:
    return NotFound(f"client_id '{client_id}' not found")


# --- values -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LowballActor(Actor):
    """The caller of a verified lowball token; ``token_data`` is the token's payload."""

    token_data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClientData:
    client_id: str
    roles: list[str]


@dataclass(frozen=True)
class TokenData:
    tid: str
    cid: str
    r: list[str]
    cts: str
    ets: str
    rcid: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "cid": self.cid,
            "r": list(self.r),
            "cts": self.cts,
            "ets": self.ets,
            "rcid": self.rcid,
            "tid": self.tid,
        }

    @property
    def expires(self) -> datetime:
        return datetime.strptime(self.ets, DATE_FORMAT).replace(tzinfo=UTC)

    @property
    def created(self) -> datetime:
        return datetime.strptime(self.cts, DATE_FORMAT).replace(tzinfo=UTC)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    data: TokenData


@dataclass(frozen=True)
class TokenFilter:
    roles: Sequence[str] = ()
    client_ids: Sequence[str] = ()
    exclude_expired: bool = False


def _stamp(epoch: float) -> str:
    return datetime.fromtimestamp(int(epoch), UTC).strftime(DATE_FORMAT)


def _token_data(row: Token) -> TokenData:
    d = row.data
    return TokenData(tid=row.id, cid=d["cid"], r=list(d["r"]), cts=d["cts"], ets=d["ets"], rcid=d["rcid"])


def valid_token_id(token_id: str) -> bool:
    return TOKEN_ID.fullmatch(token_id) is not None


# --- permissions --------------------------------------------------------------------------------------


def _realm_name() -> str:
    return settings().lowball_realm


def is_admin(actor: Actor) -> bool:
    """Whether the caller may act on every lowball client and token."""
    if isinstance(actor, LowballActor):
        return ADMIN_ROLE in actor.realm_roles
    return rights.can(actor, _realm_name(), "manage-users")


def _is_self(actor: Actor, client_id: str) -> bool:
    return actor.realm_name == _realm_name() and actor.username is not None and actor.username == client_id


def require_admin(actor: Actor | None) -> Actor:
    actor = _require_caller(actor)
    if not is_admin(actor):
        raise InadequateRoles("admin role required")
    return actor


def require_admin_or_self(actor: Actor | None, client_id: str) -> Actor:
    actor = _require_caller(actor)
    if not (is_admin(actor) or _is_self(actor, client_id)):
        raise InadequateRoles(f"may not act on client {client_id}")
    return actor


def _require_caller(actor: Actor | None) -> Actor:
    if actor is None:
        raise NoTokenProvided("No token provided with request")
    return actor


def _elevated(actor: Actor) -> Actor:
    """The caller, once the lowball rule has allowed the operation, acting through the user resolvers
    (which check Keycloak rights); admin events still name the caller."""
    return replace(actor, system=True)


# --- clients ------------------------------------------------------------------------------------------


async def _realm() -> Realm:
    try:
        return await realm_by_name(_realm_name())
    except NotFound as exc:
        raise Unavailable("No Authentication Provider Present") from exc


def _default_role(realm: Realm) -> str:
    return f"default-roles-{realm.name}"


async def roles_of(realm: Realm, user_ids: Sequence[str]) -> dict[str, list[str]]:
    """Batch: each user's lowball roles (direct realm roles but the default role), sorted."""
    out: dict[str, list[str]] = {uid: [] for uid in user_ids}
    if not user_ids:
        return out
    rows = await UserRoleMapping.filter(
        user_id__in=list(user_ids), role__realm_id=realm.id, role__client_id__isnull=True
    ).values_list("user_id", "role__name")
    skip = _default_role(realm)
    for uid, name in rows:
        if name != skip:
            out[uid].append(name)
    for names in out.values():
        names.sort()
    return out


async def _user(realm: Realm, client_id: str) -> User:
    user = await User.get_or_none(
        realm_id=realm.id, username=client_id.lower(), service_account_client_id=None
    )
    if user is None:
        raise _client_not_found(client_id)
    return user


async def _client_data(realm: Realm, user: User) -> ClientData:
    return ClientData(client_id=user.username, roles=(await roles_of(realm, [user.id]))[user.id])


def _check_roles(roles: Any) -> list[str]:
    if roles is None:
        return []
    if not isinstance(roles, list) or not all(isinstance(r, str) and r.strip() for r in roles):
        raise InvalidInput("Roles must be a list of strings", field="roles")
    if any(len(r) > 255 for r in roles):
        raise InvalidInput("Role names are at most 255 characters", field="roles")
    return list(dict.fromkeys(r.strip() for r in roles))


def _check_secret(secret: Any) -> str:
    if not isinstance(secret, str) or not secret:
        raise MalformedProviderPackage("client_secret must be a non-empty string")
    return secret


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
        await UserRoleMapping.filter(user_id=user.id, role_id__in=ids).values_list("role_id", flat=True)
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
        qs = qs.exclude(role__name=_default_role(realm))
    else:
        qs = qs.filter(role__name__in=list(names))
    ids = await qs.values_list("id", flat=True)
    if ids:
        await UserRoleMapping.filter(id__in=list(ids)).delete()
        await record_admin_event(
            realm, actor, "DELETE", "REALM_ROLE_MAPPING", f"users/{user.id}/role-mappings/realm"
        )


async def get_client(actor: Actor | None, client_id: str) -> ClientData:
    require_admin_or_self(actor, client_id)
    realm = await _realm()
    return await _client_data(realm, await _user(realm, client_id))


async def list_clients(actor: Actor | None, roles: Sequence[str] = ()) -> list[ClientData]:
    require_admin(actor)
    realm = await _realm()
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
    by_user = await roles_of(realm, [uid for uid, _ in rows])
    return [ClientData(client_id=name, roles=by_user[uid]) for uid, name in rows]


async def _create(actor: Actor, realm: Realm, client_id: Any, secret: Any, roles: list[str]) -> ClientData:
    if not isinstance(client_id, str) or not client_id.strip():
        raise MalformedProviderPackage("client_id must be a non-empty string")
    secret = _check_secret(secret)
    client_id = client_id.strip()
    if await User.filter(realm_id=realm.id, username=client_id.lower()).exists():
        raise Conflict(f"client_id '{client_id}' already exists")
    acting = _elevated(actor)
    encoded = await hash_password(secret)  # before the transaction: hashing takes a while
    async with in_transaction():
        user = await users.create_user(acting, realm.name, UserFields(username=client_id, enabled=True))
        await users.set_password_credential(user, encoded, temporary=False)
        await _grant(realm, acting, user, roles)
    return ClientData(client_id=user.username, roles=sorted(roles))


async def create_client(actor: Actor | None, client_id: Any, secret: Any, roles: Any) -> ClientData:
    actor = require_admin(actor)
    return await _create(actor, await _realm(), client_id, secret, _check_roles(roles))


async def register_client(client_id: Any, secret: Any, ip: str | None = None) -> ClientData:
    """Self registration: a new client without roles, open to anyone when the setting allows it."""
    if not settings().lowball_self_registration:
        raise SelfRegistrationDisabled()
    realm = await _realm()
    actor = Actor(realm_id=realm.id, realm_name=realm.name, client_id=ACTOR_CLIENT, ip_address=ip)
    return await _create(actor, realm, client_id, secret, [])


async def update_client(
    actor: Actor | None, client_id: str, secret: Any = users.UNSET, roles: Any = users.UNSET
) -> ClientData:
    """Change a client's secret and/or replace its roles (admin only)."""
    actor = require_admin(actor)
    realm = await _realm()
    user = await _user(realm, client_id)
    new_roles = None if roles is users.UNSET else _check_roles(roles)
    encoded = None if secret is users.UNSET else await hash_password(_check_secret(secret))
    acting = _elevated(actor)
    async with in_transaction():
        if encoded is not None:
            await users.set_password_credential(user, encoded, temporary=False)
            await record_admin_event(realm, acting, "ACTION", "USER", f"users/{user.id}/reset-password")
        if new_roles is not None:
            current = set((await roles_of(realm, [user.id]))[user.id])
            await _revoke_roles(realm, acting, user, current - set(new_roles))
            await _grant(realm, acting, user, [r for r in new_roles if r not in current])
    return await _client_data(realm, user)


async def update_own_secret(actor: Actor | None, secret: Any) -> ClientData:
    actor = _require_caller(actor)
    realm = await _realm()
    if actor.username is None or actor.realm_name != realm.name:
        raise InadequateRoles("not a client of the lowball realm")
    user = await _user(realm, actor.username)
    encoded = await hash_password(_check_secret(secret))
    async with in_transaction():
        await users.set_password_credential(user, encoded, temporary=False)
        await record_admin_event(realm, actor, "ACTION", "USER", f"users/{user.id}/reset-password")
    return await _client_data(realm, user)


async def delete_client(actor: Actor | None, client_id: str) -> None:
    actor = require_admin(actor)
    realm = await _realm()
    user = await _user(realm, client_id)
    await users.delete_user(_elevated(actor), realm.name, user.id)


async def set_enabled(actor: Actor | None, client_id: str, enabled: bool) -> None:
    """Enable or disable a client; a disabled client cannot log in and its tokens stop working."""
    actor = require_admin(actor)
    realm = await _realm()
    user = await _user(realm, client_id)
    await users.update_user(_elevated(actor), realm.name, user.id, UserFields(enabled=enabled))


async def add_role(actor: Actor | None, client_id: str, role: str) -> None:
    actor = require_admin(actor)
    realm = await _realm()
    user = await _user(realm, client_id)
    names = _check_roles([role])
    async with in_transaction():
        await _grant(realm, _elevated(actor), user, names)


async def remove_roles(actor: Actor | None, client_id: str, role: str | None = None) -> None:
    """Remove one role, or every lowball role when ``role`` is None."""
    actor = require_admin(actor)
    realm = await _realm()
    user = await _user(realm, client_id)
    async with in_transaction():
        await _revoke_roles(realm, _elevated(actor), user, None if role is None else [role])


# --- login and tokens ---------------------------------------------------------------------------------


def _new_token_id() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(16))


async def _issue(realm: Realm, user: User, roles: list[str], requester: str, life: int) -> IssuedToken:
    key_set = await keys.realm_keys(realm.id)
    kid = key_set.active_kid
    if kid is None:
        raise Unavailable("The realm has no active signing key")
    now = int(time.time())
    expires = now + life
    data = TokenData(
        tid=_new_token_id(),
        cid=user.username,
        r=list(roles),
        cts=_stamp(now),
        ets=_stamp(expires),
        rcid=requester,
    )
    token = jwt.sign(data.as_dict(), key_set.private[kid], key_set.algorithms[kid], kid)
    stored = {k: v for k, v in data.as_dict().items() if k != "tid"}
    await Token.create(
        id=data.tid,
        realm_id=realm.id,
        kind=KIND,
        user_id=user.id,
        issued_at=now * 1000,
        expires_at=expires * 1000,
        scope=" ".join(roles),
        data=stored,
    )
    return IssuedToken(token=token, data=data)


async def login(body: Any) -> IssuedToken:
    """``{"client_id", "client_secret"}`` or ``{"username", "password"}`` for a token with every role the
    client holds."""
    if not isinstance(body, dict):
        raise MalformedAuthPackage()
    client_id = body.get("client_id", body.get("username"))
    secret = body.get("client_secret", body.get("password"))
    if not isinstance(client_id, str) or not isinstance(secret, str) or not client_id:
        raise MalformedAuthPackage()
    realm = await _realm()
    user = await User.get_or_none(
        realm_id=realm.id, username=client_id.lower(), service_account_client_id=None
    )
    encoded: str | None = None
    if user is not None:
        hashes = (
            await Credential.filter(user_id=user.id, type="password")
            .order_by("-created_date")
            .limit(1)
            .values_list("secret_data", flat=True)
        )
        encoded = str(hashes[0]) if hashes else None
    good = await verify_password(encoded or DUMMY_HASH, secret)
    if user is None or encoded is None or not good or not user.enabled:
        raise InvalidCredentials("Invalid credentials supplied")
    roles = (await roles_of(realm, [user.id]))[user.id]
    return await _issue(realm, user, roles, user.username, DEFAULT_TOKEN_LIFE)


def _token_life(value: Any) -> int:
    message = (
        f"token_life must be a positive integer greater than {MIN_TOKEN_LIFE} and less than {MAX_TOKEN_LIFE}"
    )
    if value is None:
        return DEFAULT_TOKEN_LIFE
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidInput(message, field="token_life")
    try:
        life = int(value)
    except ValueError as exc:
        raise InvalidInput(message, field="token_life") from exc
    if not MIN_TOKEN_LIFE <= life <= MAX_TOKEN_LIFE:
        raise InvalidInput(message, field="token_life")
    return life


async def create_token(
    actor: Actor | None, client_id: str | None = None, roles: Any = None, token_life: Any = None
) -> IssuedToken:
    """A token for the caller, or (admin) for another client, carrying roles the target holds."""
    actor = _require_caller(actor)
    target = client_id or actor.username or ""
    require_admin_or_self(actor, target)
    requested = _check_roles(roles)
    life = _token_life(token_life)
    realm = await _realm()
    user = await User.get_or_none(realm_id=realm.id, username=target.lower(), service_account_client_id=None)
    if user is None:
        raise NotFound("Client ID for requesting token not found in auth provider")
    held = set((await roles_of(realm, [user.id]))[user.id])
    if not set(requested) <= held:
        raise InadequateRoles("Unable to create token with requested roles")
    return await _issue(realm, user, requested, actor.username or ACTOR_CLIENT, life)


def _live(realm: Realm) -> Any:
    return Token.filter(realm_id=realm.id, kind=KIND, revoked=False)


async def _listed(qs: Any, flt: TokenFilter) -> list[TokenData]:
    if flt.exclude_expired:
        qs = qs.filter(expires_at__gt=now_ms())
    if flt.client_ids:
        qs = qs.filter(user__username__in=[c.lower() for c in flt.client_ids])
    rows = await qs.order_by("issued_at", "id")
    out = [_token_data(row) for row in rows]
    if flt.roles:
        wanted = set(flt.roles)
        out = [t for t in out if wanted & set(t.r)]
    return out


async def list_tokens(
    actor: Actor | None, client_id: str | None = None, flt: TokenFilter = TokenFilter()
) -> list[TokenData]:
    """Tokens of one client (the caller's by default), or of every client (``client_id`` ``"*"``, admin)."""
    actor = _require_caller(actor)
    realm = await _realm()
    if client_id == "*":
        require_admin(actor)
        return await _listed(_live(realm), flt)
    target = client_id or actor.username or ""
    require_admin_or_self(actor, target)
    return await _listed(_live(realm).filter(user__username=target.lower()), flt)


async def get_token(actor: Actor | None, token_id: str) -> TokenData:
    actor = _require_caller(actor)
    if not valid_token_id(token_id):
        raise MalformedTokenId()
    realm = await _realm()
    row = await _live(realm).get_or_none(id=token_id)
    if row is None:
        raise TokenNotFound()
    data = _token_data(row)
    require_admin_or_self(actor, data.cid)
    return data


async def revoke_token(actor: Actor | None, token_id: str) -> None:
    data = await get_token(actor, token_id)
    await Token.filter(id=data.tid).update(revoked=True)


async def revoke_tokens(
    actor: Actor | None, client_id: str | None = None, flt: TokenFilter = TokenFilter()
) -> None:
    """Revoke a client's tokens (the caller's by default), or every client's (``"*"``, admin)."""
    found = await list_tokens(actor, client_id, flt)
    if found:
        await Token.filter(id__in=[t.tid for t in found]).update(revoked=True)


async def cleanup_tokens(actor: Actor | None) -> int:
    """Remove expired (and revoked) lowball tokens; returns how many went."""
    require_admin(actor)
    realm = await _realm()
    expired = Token.filter(realm_id=realm.id, kind=KIND, expires_at__lte=now_ms())
    revoked = Token.filter(realm_id=realm.id, kind=KIND, revoked=True)
    return int(await expired.delete()) + int(await revoked.delete())


# --- bearer authentication ----------------------------------------------------------------------------


# Signatures already verified, by token string; the record and the expiry are checked on every request.
_VERIFIED = jwt.VerifiedCache()


async def authenticate(header: str | None, ip: str | None = None) -> LowballActor:
    """The caller of an ``Authorization: Bearer <lowball token>`` header, checked as lowball does: the
    signature, then expiry, then the live token record (and an enabled client)."""
    if header is None:
        raise NoTokenProvided("No token provided with request")
    parts = header.split(" ")
    if len(parts) < 2 or parts[0] != "Bearer":
        raise MalformedAuthHeader("Authorization header improperly formatted")
    token = parts[1]
    try:
        tid = jwt.unverified_claims(token).get("tid")
    except Unauthenticated as exc:
        raise TokenInvalid("Token Is Invalid") from exc
    realm = await _realm()
    claims = _VERIFIED.get(token)
    if claims is None:
        claims = await _verified(realm, token)
        # Until lowball's own expiry check below would refuse it anyway; at most an hour past that.
        _VERIFIED.put(token, claims, time.time() + 3600)
    if set(claims) != {"cid", "r", "cts", "ets", "rcid", "tid"} or not isinstance(tid, str):
        raise TokenInvalid("Token Is Invalid")
    try:
        data = TokenData(**claims)
        expired = data.expires < datetime.now(UTC)
    except (TypeError, ValueError) as exc:
        raise TokenInvalid("Token Is Invalid") from exc
    if expired:
        raise TokenExpired("Token Has Expired")
    rows = await raw.fetch(
        "SELECT t.data, t.user_id, u.enabled FROM token t JOIN iam_user u ON u.id = t.user_id"
        " WHERE t.id = ? AND t.realm_id = ? AND t.kind = ? AND t.revoked = ?",
        tid,
        realm.id,
        KIND,
        False,
    )
    if not rows:
        raise TokenInvalid("Token Is Invalid")
    stored, user_id, enabled = raw.json_value(rows[0]["data"]), rows[0]["user_id"], rows[0]["enabled"]
    if not enabled or dict(stored, tid=tid) != claims:
        raise TokenInvalid("Token Is Invalid")
    return LowballActor(
        realm_id=realm.id,
        realm_name=realm.name,
        user_id=user_id,
        username=data.cid,
        client_id=ACTOR_CLIENT,
        token_id=tid,
        realm_roles=frozenset(data.r),
        ip_address=ip,
        token_data=data.as_dict(),
    )


async def _verified(realm: Realm, token: str) -> dict[str, Any]:
    try:
        header = jwt.unverified_header(token)
        key_set = await keys.realm_keys(realm.id)
        kid = header.get("kid")
        if (
            not isinstance(kid, str)
            or kid not in key_set.public
            or header.get("alg") != key_set.algorithms[kid]
        ):
            raise TokenInvalid("Token Is Invalid")
        return jwt.verify(token, key_set.public[kid], key_set.algorithms[kid])
    except Unauthenticated as exc:
        raise TokenInvalid("Token Is Invalid") from exc


def whoami(actor: Actor | None) -> dict[str, Any]:
    actor = _require_caller(actor)
    if not isinstance(actor, LowballActor):
        raise TokenInvalid("Token Is Invalid")
    return dict(actor.token_data)


async def logout(actor: Actor | None) -> None:
    actor = _require_caller(actor)
    await Token.filter(id=actor.token_id, kind=KIND).update(revoked=True)


async def status() -> dict[str, Any]:
    realm_exists = await Realm.filter(name=_realm_name()).exists()
    return {"name": "iamgraph", "auth_provider_initialized": realm_exists, "auth_db_initialized": True}
