"""Authentication flows: list, read, create, update (alias and description), delete and copy, as
Keycloak's ``AuthenticationManagementResource`` does them."""

from __future__ import annotations

import re

from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput, NotFound
from models import AuthenticationExecution, AuthenticationFlow, AuthenticatorConfig, Realm
from models.builtin_flows import FLOW_BINDINGS
from resolvers.authentication import store
from resolvers.authentication.views import ExecutionStep, FlowFields, FlowView
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.realms.defaults import setting

AUTH_FLOW = "AUTH_FLOW"
FLOW_TYPES = ("basic-flow", "form-flow", "client-flow")
# RFC 3986's reserved characters, which Keycloak's ReservedCharValidator refuses in an alias.
_RESERVED = re.compile(r"[:/?#@!$&()*+,;=\[\]<>]")


def check_alias(alias: str | None) -> None:
    found = _RESERVED.search(alias or "")
    if found:
        raise InvalidInput(f"Character '{found.group()}' not allowed.", field="alias")


async def flow_views(realm: Realm, flows: list[AuthenticationFlow]) -> list[FlowView]:
    """Flows with their executions, configs and sub-flows named by alias, in three queries."""
    ids = [f.id for f in flows]
    executions = (
        await AuthenticationExecution.filter(parent_flow_id__in=ids).order_by("priority", "id") if ids else []
    )
    config_ids = [e.authenticator_config for e in executions if e.authenticator_config]
    configs = (
        dict(await AuthenticatorConfig.filter(id__in=config_ids).values_list("id", "alias"))
        if config_ids
        else {}
    )
    aliases = dict(await AuthenticationFlow.filter(realm_id=realm.id).values_list("id", "alias"))
    by_flow: dict[str, list[ExecutionStep]] = {i: [] for i in ids}
    for e in executions:
        step = ExecutionStep(
            e,
            configs.get(e.authenticator_config) if e.authenticator_config else None,
            aliases.get(e.sub_flow_id) if e.sub_flow_id else None,
        )
        by_flow[e.parent_flow_id].append(step)
    return [FlowView(f, by_flow[f.id]) for f in flows]


async def list_flows(actor: Actor | None, realm_name: str) -> list[FlowView]:
    """The realm's top-level flows (without ``saml ecp``, which Keycloak hides), by alias."""
    rights.require_one_of(actor, realm_name, "view-realm", "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    flows = (
        await AuthenticationFlow.filter(realm_id=realm.id, top_level=True)
        .exclude(alias="saml ecp")
        .order_by("alias")
    )
    return await flow_views(realm, list(flows))


async def all_flows(actor: Actor | None, realm_name: str) -> list[FlowView]:
    """Every flow of the realm, sub-flows too, by alias (what an export holds)."""
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    return await flow_views(realm, list(await AuthenticationFlow.filter(realm_id=realm.id).order_by("alias")))


async def get_flow(actor: Actor | None, realm_name: str, flow_id: str) -> FlowView:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    return (await flow_views(realm, [await store.flow_by_id(realm, flow_id)]))[0]


async def create_flow(actor: Actor | None, realm_name: str, f: FlowFields) -> FlowView:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    if not f.alias:
        raise Conflict("Failed to create flow with empty alias name")
    if await store.flow_by_alias(realm, f.alias):
        raise Conflict(f"Flow {f.alias} already exists")
    check_alias(f.alias)
    provider = f.provider_id or "basic-flow"
    if provider not in FLOW_TYPES:
        raise InvalidInput(f"Unknown flow type {provider}", field="providerId")
    flow = AuthenticationFlow(
        realm_id=realm.id,
        alias=f.alias,
        description=f.description or "",
        provider_id=provider,
        top_level=bool(f.top_level),
        built_in=bool(f.built_in),
    )
    if f.flow_id:
        if await AuthenticationFlow.filter(id=f.flow_id).exists():
            raise Conflict(f"Flow {f.flow_id} already exists")
        flow.id = f.flow_id
    f.flow_id, f.description = flow.id, flow.description
    async with in_transaction():
        await flow.save(force_create=True)
        await record_admin_event(realm, actor, "CREATE", AUTH_FLOW, f"authentication/flows/{flow.id}", f)
    return FlowView(flow, [])


async def rename(realm: Realm, flow: AuthenticationFlow, alias: str, description: str | None) -> None:
    """Give a flow a new alias (the realm's bindings follow it: Keycloak binds flows by id) and
    description. Runs inside the caller's transaction."""
    old = flow.alias
    flow.alias = alias
    if description is not None:
        flow.description = description
    await flow.save(update_fields=["alias", "description"])
    moved = {k: alias for k in FLOW_BINDINGS if old != alias and setting(realm.config, k) == old}
    if moved:
        realm.config = {**realm.config, **moved}
        await realm.save(update_fields=["config"])


async def update_flow(actor: Actor | None, realm_name: str, flow_id: str, f: FlowFields) -> FlowView:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    flow = await store.flow_by_id(realm, flow_id)
    if not f.alias:
        raise Conflict("Failed to update flow with empty alias name")
    check_alias(f.alias)
    if f.alias != flow.alias and await store.flow_by_alias(realm, f.alias):
        raise Conflict("Flow alias name already exists")
    f.flow_id = flow.id
    async with in_transaction():
        description = f.description if f.description is not None else flow.description
        await rename(realm, flow, f.alias, description)
        await record_admin_event(realm, actor, "UPDATE", AUTH_FLOW, f"authentication/flows/{flow.id}", f)
    return (await flow_views(realm, [flow]))[0]


async def delete_flow(actor: Actor | None, realm_name: str, flow_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    flow = await store.flow_by_id(realm, flow_id, "Flow not found")
    async with in_transaction():
        await store.delete_flow_deep(realm, flow, "Can't delete built in flow")
        await record_admin_event(realm, actor, "DELETE", AUTH_FLOW, f"authentication/flows/{flow_id}")


async def copy_tree(
    realm: Realm, source: AuthenticationFlow, target: AuthenticationFlow, new_name: str
) -> None:
    """Copy ``source``'s executions into ``target``: sub-flows and configs become copies named
    ``<new name> <their alias>``, as Keycloak's ``copy`` names them."""
    for e in await store.executions_of(source.id):
        sub_flow_id = None
        if e.sub_flow_id:
            sub = await AuthenticationFlow.get(id=e.sub_flow_id)
            copy = await AuthenticationFlow.create(
                realm_id=realm.id,
                alias=f"{new_name} {sub.alias}",
                description=sub.description,
                provider_id=sub.provider_id,
                top_level=False,
                built_in=False,
            )
            await copy_tree(realm, sub, copy, new_name)
            sub_flow_id = copy.id
        config_id = None
        if e.authenticator_config:
            config = await AuthenticatorConfig.get_or_none(id=e.authenticator_config)
            if config is not None:
                alias = f"{new_name} {config.alias}" if config.alias is not None else None
                config_id = (
                    await AuthenticatorConfig.create(realm_id=realm.id, alias=alias, config=config.config)
                ).id
        await AuthenticationExecution.create(
            realm_id=realm.id,
            parent_flow_id=target.id,
            authenticator=e.authenticator,
            authenticator_flow=e.authenticator_flow,
            sub_flow_id=sub_flow_id,
            requirement=e.requirement,
            priority=e.priority,
            authenticator_config=config_id,
        )


async def copy_flow(actor: Actor | None, realm_name: str, alias: str, new_name: str | None) -> FlowView:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    if not new_name:
        raise InvalidInput("Failed to create flow with empty alias name", field="newName")
    if await store.flow_by_alias(realm, new_name):
        raise Conflict("New flow alias name already exists")
    source = await store.flow_by_alias(realm, alias)
    if source is None:
        raise NotFound("Flow not found")
    async with in_transaction():
        copy = await AuthenticationFlow.create(
            realm_id=realm.id,
            alias=new_name,
            description=source.description,
            provider_id=source.provider_id,
            top_level=source.top_level,
            built_in=False,
        )
        await copy_tree(realm, source, copy, new_name)
        await record_admin_event(
            realm,
            actor,
            "CREATE",
            AUTH_FLOW,
            f"authentication/flows/{alias}/copy",
            {"newName": new_name, "id": copy.id},
        )
    return (await flow_views(realm, [copy]))[0]


async def flow_realm_ids(flow_ids: list[str]) -> dict[str, str]:
    """Batch, unchecked: the realm of each flow (for node lookups, which then check rights)."""
    if not flow_ids:
        return {}
    rows = await AuthenticationFlow.filter(id__in=flow_ids).values_list("id", "realm_id")
    return {str(i): str(r) for i, r in rows}


async def get_flow_by_alias(actor: Actor | None, realm_name: str, alias: str) -> FlowView:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    flow = await store.flow_by_alias(realm, alias)
    if flow is None:
        raise NotFound("Flow not found")
    return (await flow_views(realm, [flow]))[0]
