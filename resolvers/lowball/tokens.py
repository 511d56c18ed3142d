"""lowball tokens over the one store.

A lowball token is a ``models.Token`` row of kind ``lowball`` whose ``data`` holds the token data; the token
string is a JWT signed with the realm's active key, its payload exactly the token data
(``core.lowball_token``). ``resolvers.auth.verify`` authenticates it. A lowball admin reaches every
client's tokens, anyone else its own.
"""

from __future__ import annotations

import re
import secrets
import string
import time
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.queryset import QuerySet

from core import lowball_token
from core.errors import Forbidden, Unavailable
from core.lowball_token import LowballTokenData
from core.passwords import DUMMY_HASH, verify_password
from models import Credential, Realm, Token, User
from models.base import now_ms
from resolvers.auth import keys
from resolvers.auth.verify import LOWBALL, LowballActor
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.lowball.clients import ACTOR_CLIENT, clean_roles, client_user, roles_of
from resolvers.lowball.errors import (
    BadCredentials,
    InvalidTokenLife,
    MalformedTokenId,
    NotALowballToken,
    TokenClientNotFound,
    TokenNotFound,
)
from resolvers.lowball.realm import lowball_realm, realm_name

DEFAULT_TOKEN_LIFE = 3600
MAX_TOKEN_LIFE = 2_592_000
MIN_TOKEN_LIFE = 10
TOKEN_ID = re.compile(r"[a-zA-Z0-9]{16}")
_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Login:
    client_id: str
    secret: str


@dataclass(frozen=True)
class TokenRequest:
    """A token for ``client_id`` (the caller when None) with ``roles``, living ``life`` seconds (the
    default when None)."""

    client_id: str | None = None
    roles: tuple[str, ...] = ()
    life: int | None = None


@dataclass(frozen=True)
class IssuedToken:
    token: str
    data: LowballTokenData


@dataclass(frozen=True)
class TokenFilter:
    roles: Sequence[str] = ()
    client_ids: Sequence[str] = ()
    exclude_expired: bool = False


def _new_token_id() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(16))


async def issue(realm: Realm, user: User, roles: Sequence[str], requester: str, life: int) -> IssuedToken:
    """Sign a token for the client ``user`` and store its record."""
    signing = await keys.active_signing_key(realm.id)
    if signing is None:
        raise Unavailable("The realm has no active signing key")
    now = int(time.time())
    data = LowballTokenData(
        token_id=_new_token_id(),
        client_id=user.username,
        roles=tuple(roles),
        created=lowball_token.moment(now),
        expires=lowball_token.moment(now + life),
        requester=requester,
    )
    payload = lowball_token.encode(data)
    token = signing.sign(payload)
    await Token.create(
        id=data.token_id,
        realm_id=realm.id,
        kind=LOWBALL,
        user_id=user.id,
        issued_at=now * 1000,
        expires_at=(now + life) * 1000,
        scope=" ".join(roles),
        data={k: v for k, v in payload.items() if k != "tid"},
    )
    return IssuedToken(token=token, data=data)


async def login(credentials: Login) -> IssuedToken:
    """A token with every role the client holds, for its id and secret."""
    realm = await lowball_realm()
    user = await client_user(realm, credentials.client_id)
    encoded: str | None = None
    if user is not None:
        hashes = (
            await Credential.filter(user_id=user.id, type="password")
            .order_by("-created_date")
            .limit(1)
            .values_list("secret_data", flat=True)
        )
        encoded = str(hashes[0]) if hashes else None
    good = await verify_password(encoded or DUMMY_HASH, credentials.secret)
    if user is None or encoded is None or not good or not user.enabled:
        raise BadCredentials()
    roles = (await roles_of(realm, [user.id]))[user.id]
    return await issue(realm, user, roles, user.username, DEFAULT_TOKEN_LIFE)


def _token_life(life: int | None) -> int:
    if life is None:
        return DEFAULT_TOKEN_LIFE
    if not MIN_TOKEN_LIFE <= life <= MAX_TOKEN_LIFE:
        raise InvalidTokenLife(MIN_TOKEN_LIFE, MAX_TOKEN_LIFE)
    return life


async def create_token(actor: Actor | None, wanted: TokenRequest) -> IssuedToken:
    """A token for the caller, or (admin) for another client, carrying roles the target holds."""
    actor = rights.require_authenticated(actor)
    target = wanted.client_id or actor.username or ""
    rights.require_lowball_admin_or_self(actor, realm_name(), target)
    requested = clean_roles(wanted.roles)
    life = _token_life(wanted.life)
    realm = await lowball_realm()
    user = await client_user(realm, target)
    if user is None:
        raise TokenClientNotFound(target)
    held = set((await roles_of(realm, [user.id]))[user.id])
    if not set(requested) <= held:
        raise Forbidden("The client does not hold every requested role")
    return await issue(realm, user, requested, actor.username or ACTOR_CLIENT, life)


def _data(row: Token) -> LowballTokenData:
    return lowball_token.decode(dict(row.data, tid=row.id))


def _live(realm: Realm) -> QuerySet[Token]:
    return Token.filter(realm_id=realm.id, kind=LOWBALL, revoked=False)


async def _listed(qs: QuerySet[Token], flt: TokenFilter) -> list[LowballTokenData]:
    if flt.exclude_expired:
        qs = qs.filter(expires_at__gt=now_ms())
    if flt.client_ids:
        qs = qs.filter(user__username__in=[c.lower() for c in flt.client_ids])
    found = [_data(row) for row in await qs.order_by("issued_at", "id")]
    if flt.roles:
        wanted = set(flt.roles)
        found = [t for t in found if wanted & set(t.roles)]
    return found


async def list_tokens(
    actor: Actor | None, client_id: str | None = None, flt: TokenFilter = TokenFilter()
) -> list[LowballTokenData]:
    """Live tokens of one client, the caller's by default."""
    actor = rights.require_authenticated(actor)
    realm = await lowball_realm()
    target = client_id or actor.username or ""
    rights.require_lowball_admin_or_self(actor, realm.name, target)
    return await _listed(_live(realm).filter(user__username=target.lower()), flt)


async def list_all_tokens(actor: Actor | None, flt: TokenFilter = TokenFilter()) -> list[LowballTokenData]:
    """Live tokens of every client (admin)."""
    actor = rights.require_authenticated(actor)
    realm = await lowball_realm()
    rights.require_lowball_admin(actor, realm.name)
    return await _listed(_live(realm), flt)


async def reachable_tokens(actor: Actor | None, client_id: str | None = None) -> list[LowballTokenData]:
    """One client's live tokens; without a client, every client's for a lowball admin, else the caller's."""
    actor = rights.require_authenticated(actor)
    if client_id is None and rights.is_lowball_admin(actor, realm_name()):
        return await list_all_tokens(actor)
    return await list_tokens(actor, client_id)


async def get_token(actor: Actor | None, token_id: str) -> LowballTokenData:
    actor = rights.require_authenticated(actor)
    if TOKEN_ID.fullmatch(token_id) is None:
        raise MalformedTokenId()
    realm = await lowball_realm()
    row = await _live(realm).get_or_none(id=token_id)
    if row is None:
        raise TokenNotFound()
    data = _data(row)
    rights.require_lowball_admin_or_self(actor, realm.name, data.client_id)
    return data


async def revoke_token(actor: Actor | None, token_id: str) -> None:
    data = await get_token(actor, token_id)
    await Token.filter(id=data.token_id).update(revoked=True)


async def revoke_tokens(actor: Actor | None, client_id: str | None = None) -> None:
    """Revoke every token of one client, the caller's by default."""
    await _revoke(await list_tokens(actor, client_id))


async def revoke_all_tokens(actor: Actor | None, flt: TokenFilter = TokenFilter()) -> None:
    """Revoke the tokens of every client that pass ``flt`` (admin)."""
    await _revoke(await list_all_tokens(actor, flt))


async def _revoke(found: Sequence[LowballTokenData]) -> None:
    if found:
        await Token.filter(id__in=[t.token_id for t in found]).update(revoked=True)


async def cleanup_tokens(actor: Actor | None) -> int:
    """Remove expired (and revoked) lowball tokens; returns how many went."""
    rights.require_lowball_admin(actor, realm_name())
    realm = await lowball_realm()
    expired = Token.filter(realm_id=realm.id, kind=LOWBALL, expires_at__lte=now_ms())
    revoked = Token.filter(realm_id=realm.id, kind=LOWBALL, revoked=True)
    return int(await expired.delete()) + int(await revoked.delete())


def whoami(actor: Actor | None) -> LowballTokenData:
    """The data of the caller's lowball token."""
    actor = rights.require_authenticated(actor)
    if not isinstance(actor, LowballActor) or actor.token is None:
        raise NotALowballToken()
    return actor.token


async def logout(actor: Actor | None) -> None:
    """Revoke the caller's lowball token."""
    token = whoami(actor)
    await Token.filter(id=token.token_id, kind=LOWBALL).update(revoked=True)
