"""Protocol mappers of a client or a client scope (``protocol-mappers/models``, ``add-models``)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from models import ProtocolMapper
from resolvers.client_scopes.checks import apply_mapper
from resolvers.client_scopes.inputs import MapperFields, Owner, OwnerKind
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.unique import guard

MAPPER_MISSING = "Model not found"
MAPPER_EXISTS = "Protocol mapper exists with same name"


async def owner_of(realm_name: str, kind: OwnerKind, owner_id: str) -> Owner:
    """The client or client scope addressed; its absence is the owner's own miss."""
    realm = await lookup.realm_by_name(realm_name)
    if kind == "client":
        client = await lookup.client_in_realm(realm, owner_id)
        return Owner(realm, kind, client.id, client.protocol or "openid-connect", client=client)
    scope = await lookup.client_scope_in_realm(realm, owner_id)
    return Owner(realm, kind, scope.id, scope.protocol, scope=scope)


async def owned_mappers(owner_ids: list[str]) -> dict[str, list[ProtocolMapper]]:
    """Batch: the mappers of clients or scopes, in their order."""
    out: dict[str, list[ProtocolMapper]] = {o: [] for o in owner_ids}
    if owner_ids:
        for m in await ProtocolMapper.filter(owner_id__in=owner_ids).order_by("position", "name"):
            out[m.owner_id].append(m)
    return out


async def list_mappers(
    actor: Actor | None, realm_name: str, kind: OwnerKind, owner_id: str, protocol: str | None = None
) -> list[ProtocolMapper]:
    rights.require(actor, realm_name, "view-clients")
    owner = await owner_of(realm_name, kind, owner_id)
    mappers = (await owned_mappers([owner.id]))[owner.id]
    return [m for m in mappers if protocol is None or m.protocol == protocol]


async def get_mapper(
    actor: Actor | None, realm_name: str, kind: OwnerKind, owner_id: str, mapper_id: str
) -> ProtocolMapper:
    rights.require(actor, realm_name, "view-clients")
    owner = await owner_of(realm_name, kind, owner_id)
    return await _mapper_of(owner, mapper_id)


async def _mapper_of(owner: Owner, mapper_id: str) -> ProtocolMapper:
    mapper = await ProtocolMapper.get_or_none(id=mapper_id, owner_id=owner.id)
    if mapper is None:
        raise NotFound(MAPPER_MISSING)
    return mapper


async def _new_mapper(
    owner: Owner, f: MapperFields, position: int, taken: set[tuple[str, str]]
) -> ProtocolMapper:
    mapper = ProtocolMapper(**owner.columns(), position=position, protocol="")
    if f.mapper_id:
        mapper.id = f.mapper_id
    apply_mapper(mapper, f, owner.protocol)
    if (mapper.protocol, mapper.name) in taken:
        raise Conflict(MAPPER_EXISTS)
    taken.add((mapper.protocol, mapper.name))
    return mapper


async def create_mappers(
    actor: Actor | None, realm_name: str, kind: OwnerKind, owner_id: str, fields: list[MapperFields]
) -> list[ProtocolMapper]:
    """Add one mapper (``models``) or several (``add-models``) at once; a name taken refuses them all."""
    actor = rights.require(actor, realm_name, "manage-clients")
    owner = await owner_of(realm_name, kind, owner_id)
    existing = (await owned_mappers([owner.id]))[owner.id]
    taken = {(m.protocol, m.name) for m in existing}
    position = max((m.position for m in existing), default=-1) + 1
    made = [await _new_mapper(owner, f, position + i, taken) for i, f in enumerate(fields)]
    async with guard(MAPPER_EXISTS), in_transaction():
        for mapper in made:
            await mapper.save(force_create=True)
            await record_admin_event(
                owner.realm,
                actor,
                "CREATE",
                "PROTOCOL_MAPPER",
                f"{owner.resource_path}/protocol-mappers/models/{mapper.id}",
                fields[made.index(mapper)],
            )
    return made


async def update_mapper(
    actor: Actor | None, realm_name: str, kind: OwnerKind, owner_id: str, mapper_id: str, f: MapperFields
) -> ProtocolMapper:
    actor = rights.require(actor, realm_name, "manage-clients")
    owner = await owner_of(realm_name, kind, owner_id)
    mapper = await _mapper_of(owner, mapper_id)
    apply_mapper(mapper, f, owner.protocol)
    clash = ProtocolMapper.filter(owner_id=owner.id, protocol=mapper.protocol, name=mapper.name)
    if await clash.exclude(id=mapper.id).exists():
        raise Conflict(MAPPER_EXISTS)
    async with guard(MAPPER_EXISTS), in_transaction():
        await mapper.save()
        await record_admin_event(
            owner.realm,
            actor,
            "UPDATE",
            "PROTOCOL_MAPPER",
            f"{owner.resource_path}/protocol-mappers/models/{mapper.id}",
            f,
        )
    return mapper


async def delete_mapper(
    actor: Actor | None, realm_name: str, kind: OwnerKind, owner_id: str, mapper_id: str
) -> None:
    actor = rights.require(actor, realm_name, "manage-clients")
    owner = await owner_of(realm_name, kind, owner_id)
    mapper = await _mapper_of(owner, mapper_id)
    async with in_transaction():
        await mapper.delete()
        await record_admin_event(
            owner.realm,
            actor,
            "DELETE",
            "PROTOCOL_MAPPER",
            f"{owner.resource_path}/protocol-mappers/models/{mapper_id}",
        )


async def replace_mappers(owner: Owner, fields: list[MapperFields]) -> list[ProtocolMapper]:
    """Give an owner exactly these mappers, as Keycloak's ``updateClientProtocolMappers`` does: a mapper of
    the same protocol and name is updated in place (keeping its id), a new one added, one not named
    removed. Unchecked: the caller holds the right and runs the transaction."""
    existing = {(m.protocol, m.name): m for m in (await owned_mappers([owner.id]))[owner.id]}
    kept: list[ProtocolMapper] = []
    taken: set[tuple[str, str]] = set()
    for position, f in enumerate(fields):
        probe = ProtocolMapper(**owner.columns(), position=position, protocol="")
        apply_mapper(probe, f, owner.protocol)
        mapper = existing.pop((probe.protocol, probe.name), None)
        if mapper is None:
            mapper = await _new_mapper(owner, f, position, taken)
            await mapper.save(force_create=True)
        else:
            if (mapper.protocol, mapper.name) in taken:
                raise Conflict(MAPPER_EXISTS)
            taken.add((mapper.protocol, mapper.name))
            apply_mapper(mapper, f, owner.protocol)
            mapper.position = position
            await mapper.save()
        kept.append(mapper)
    if existing:
        await ProtocolMapper.filter(id__in=[m.id for m in existing.values()]).delete()
    return kept


async def mapper_realm_ids(mapper_ids: list[str]) -> dict[str, str]:
    """Batch, unchecked: the realm of each protocol mapper, through its client or client scope."""
    if not mapper_ids:
        return {}
    out: dict[str, str] = {}
    for m in await ProtocolMapper.filter(id__in=mapper_ids).select_related("client", "scope"):
        owner = m.client or m.scope
        if owner is not None:
            out[m.id] = owner.realm_id
    return out


async def mapper_by_id(actor: Actor | None, realm_name: str, mapper_id: str) -> ProtocolMapper:
    """A protocol mapper of the realm by its id alone, whichever client or scope holds it."""
    rights.require(actor, realm_name, "view-clients")
    realm = await lookup.realm_by_name(realm_name)
    found = await mapper_realm_ids([mapper_id])
    if found.get(mapper_id) != realm.id:
        raise NotFound(MAPPER_MISSING)
    return await ProtocolMapper.get(id=mapper_id)
