"""``clear-realm-cache``, ``clear-user-cache``, ``clear-keys-cache``: drop a realm's in-process caches on
every instance. Each cache here is a ``resolvers/kit/cache`` version counter in the database, so bumping
the counter is what reaches the other instances; this instance also drops its copy at once.

What each Keycloak cache maps to here: the realm cache holds realm data, here the realm's signing keys
and its access-control snapshots; the keys cache holds public keys, here the realm's signing keys (no
external client or identity provider key is fetched, so there is nothing else); users are never cached
in process, so clearing the user cache drops nothing and only records the request."""

from __future__ import annotations

from typing import Literal

from tortoise.transactions import in_transaction

from core.acp import FLAVORS
from models import Realm
from resolvers.acp import store as acp_store
from resolvers.auth import keys
from resolvers.kit import audit, cache, lookup, rights
from resolvers.kit.actor import Actor

CacheName = Literal["realm", "user", "keys"]


async def _drop_acp(realm: Realm) -> None:
    for flavor in FLAVORS:
        await cache.bump(acp_store.version_name(realm.id, flavor))


async def clear(actor: Actor | None, realm_name: str, name: CacheName) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    async with in_transaction():
        if name in ("realm", "keys"):
            await keys.forget(realm.id)
        if name == "realm":
            await _drop_acp(realm)
        await audit.record_admin_event(realm, actor, "ACTION", "REALM", f"clear-{name}-cache")
    if name == "realm":
        for flavor in FLAVORS:
            acp_store.invalidate(realm.id, flavor)
