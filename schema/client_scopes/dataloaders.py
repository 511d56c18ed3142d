"""Batch functions of the client scopes aggregate (see ``schema.kit.loaders``)."""

from __future__ import annotations

from models import ProtocolMapper as MapperModel
from resolvers.client_scopes import mappers, scopes
from resolvers.client_scopes.inputs import ScopeView
from resolvers.kit.actor import Actor
from schema.kit.node import in_own_realm


async def visible_scopes(actor: Actor | None, keys: list[str]) -> list[ScopeView | None]:
    realm_ids = await scopes.scope_realm_ids(keys)
    return await in_own_realm(
        actor, keys, realm_ids, lambda realm_name, scope_id: scopes.get_scope(actor, realm_name, scope_id)
    )


async def visible_mappers(actor: Actor | None, keys: list[str]) -> list[MapperModel | None]:
    realm_ids = await mappers.mapper_realm_ids(keys)
    return await in_own_realm(
        actor,
        keys,
        realm_ids,
        lambda realm_name, mapper_id: mappers.mapper_by_id(actor, realm_name, mapper_id),
    )
