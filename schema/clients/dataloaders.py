"""Batch functions of the clients aggregate (see ``schema.kit.loaders``)."""

from __future__ import annotations

from models import Client as ClientModel
from resolvers.clients import crud as clients
from resolvers.kit.actor import Actor
from schema.kit.node import in_own_realm


async def clients_by_ids(actor: Actor | None, ids: list[str]) -> list[ClientModel | None]:
    """Clients by id, for links from an object the caller already may see (a client role)."""
    found = await clients.clients_by_ids(ids)
    return [found.get(i) for i in ids]


async def visible_clients(actor: Actor | None, keys: list[str]) -> list[ClientModel | None]:
    realm_ids = {c.id: c.realm_id for c in (await clients.clients_by_ids(keys)).values()}
    return await in_own_realm(
        actor, keys, realm_ids, lambda realm_name, client_id: clients.get_client(actor, realm_name, client_id)
    )
