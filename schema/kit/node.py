"""The Node interface and its registry: every entity type implements ``Node`` and registers a loader, so
``node(id:)`` and ``nodes(ids:)`` reach every entity type, and another aggregate's objects are made without
importing its module."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import strawberry
from strawberry.types.base import get_object_definition

from core.errors import Forbidden, InvalidInput, NotFound
from resolvers.kit.actor import Actor
from resolvers.realms import crud as realms
from schema.kit.context import Info
from schema.kit.loaders import BatchLoad
from schema.kit.relay import from_global_id, to_global_id

T = TypeVar("T")
MAX_NODES = 100


@strawberry.interface(description="An object with a global id.")
class Node:
    @strawberry.field
    def id(self) -> strawberry.ID:
        """The global id: ``node(id:)`` answers this object for it."""
        return to_global_id(get_object_definition(self, strict=True).name, self.node_key())

    def node_key(self) -> str:
        """The key the type's node loader takes (the entity's own id, or a path of ids). Every registered
        type defines it (tests/graphql/test_node.py checks): a type without one is a programming error."""
        raise TypeError(f"{type(self).__name__} is a Node without a node_key")


S = TypeVar("S")
N = TypeVar("N", bound=Node)


@dataclass(frozen=True)
class NodeType:
    cls: type[Node]
    wrap: Callable[[Any], Node]
    load: BatchLoad[str, Node | None]


_TYPES: dict[str, NodeType] = {}


def register_node(cls: type[N], load: BatchLoad[str, S | None], wrap: Callable[[S], N]) -> None:
    """Make ``cls`` reachable by ``node(id:)``. ``load`` takes the caller and keys and answers what each
    object is made from (``None`` where missing or not the caller's to see), checking rights through the
    resolvers; ``wrap`` makes the object."""

    async def objects(actor: Actor | None, keys: list[str]) -> list[Node | None]:
        return [None if source is None else wrap(source) for source in await load(actor, keys)]

    _TYPES[get_object_definition(cls, strict=True).name] = NodeType(cls, wrap, objects)


def node_types() -> Mapping[str, NodeType]:
    return dict(_TYPES)


def as_node(type_name: str, source: Any) -> Any:
    """Another aggregate's object, made by that aggregate's own ``wrap``: how a field returns it (its
    annotation names the type through ``strawberry.lazy``) without importing that aggregate's module."""
    return _TYPES[type_name].wrap(source)


async def load_node(info: Info, type_name: str, key: str) -> Any:
    """The object of one type and key, through this request's DataLoader for the type."""
    entry = _TYPES.get(type_name)
    return None if entry is None else await info.context.loaders.get(entry.load).load(key)


async def resolve_node(info: Info, global_id: str) -> Node | None:
    try:
        type_name, key = from_global_id(global_id)
    except InvalidInput:
        return None
    found: Node | None = await load_node(info, type_name, key)
    return found


async def resolve_nodes(info: Info, global_ids: Sequence[str]) -> list[Node | None]:
    if len(global_ids) > MAX_NODES:
        raise InvalidInput(f"At most {MAX_NODES} ids at once")
    return list(await asyncio.gather(*(resolve_node(info, i) for i in global_ids)))


async def found_or_none(read: Awaitable[T]) -> T | None:
    """``read``'s result, or ``None`` when the object does not exist (query fields that answer null)."""
    try:
        return await read
    except NotFound:
        return None


async def visible_or_none(read: Awaitable[T]) -> T | None:
    """``read``'s result, or ``None`` when it is missing, not the caller's to see, or addressed by a
    malformed key: a node lookup never reveals whether an id exists."""
    try:
        return await read
    except (NotFound, Forbidden, InvalidInput):
        return None


async def in_own_realm(
    actor: Actor | None,
    keys: list[str],
    realm_ids: Mapping[str, str],
    read: Callable[[str, str], Awaitable[T]],
) -> list[T | None]:
    """Entities addressed by id alone. ``realm_ids`` (from an unchecked batch read) says which realm each
    key is in; ``read(realm_name, key)`` is the entity's own rights-checking resolver, so the rule of who
    may see it stays the resolver's."""
    wanted = sorted(set(realm_ids.values()))
    names = {r.id: r.name for r in await realms.realms_by_ids(actor, wanted) if r is not None}
    out: list[T | None] = []
    for key in keys:
        realm_name = names.get(realm_ids.get(key, ""))
        out.append(await visible_or_none(read(realm_name, key)) if realm_name else None)
    return out


def split_key(key: str, parts: int) -> list[str] | None:
    """The ids of a composite key (``user/credential``), or ``None`` when it has not ``parts`` of them."""
    found = key.split("/", parts - 1)
    return found if len(found) == parts and all(found) else None


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id; null when missing or not visible.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)

    @strawberry.field(
        description="Objects by global id (at most 100), in order; null where missing or not visible."
    )
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        return await resolve_nodes(info, ids)
