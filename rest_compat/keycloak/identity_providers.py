"""Handlers for ``/identity-provider``: instances, their mappers and mapper types, permissions, export,
key reload, provider factories and config import."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from core.errors import InvalidInput
from resolvers.identity_providers import crud, discovery, mappers
from resolvers.identity_providers.catalog import MapperType
from resolvers.identity_providers.crud import IdentityProviderFields, IdentityProviderView
from resolvers.identity_providers.importing import IdentityProvidersImport
from resolvers.identity_providers.mappers import MapperFields, MapperView
from resolvers.kit import management
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call

_BRIEF = ("alias", "displayName", "internalId", "providerId", "enabled")


def to_identity_provider(view: IdentityProviderView) -> dict[str, Any]:
    idp = view.model
    rep = {"alias": idp.alias, "internalId": idp.id, "providerId": idp.provider_id, "enabled": idp.enabled}
    if view.settings.get("displayName") is not None:
        rep = {"alias": idp.alias, "displayName": view.settings["displayName"], **rep}
    return rep | {k: v for k, v in view.settings.items() if k not in rep}


def to_mapper(view: MapperView) -> dict[str, Any]:
    m = view.model
    return {
        "id": m.id,
        "name": m.name,
        "identityProviderAlias": view.alias,
        "identityProviderMapper": m.mapper_type,
        "config": m.config,
    }


def to_mapper_type(t: MapperType) -> dict[str, Any]:
    return {
        "id": t.id,
        "name": t.name,
        "category": t.category,
        "helpText": t.help_text,
        "properties": list(t.properties),
    }


def provider_fields_from(rep: dict[str, Any]) -> IdentityProviderFields:
    settings = {k: v for k, v in rep.items() if k not in ("alias", "providerId", "enabled", "internalId")}
    return IdentityProviderFields(rep.get("alias"), rep.get("providerId"), rep.get("enabled"), settings)


def mapper_fields_from(rep: dict[str, Any]) -> MapperFields:
    return MapperFields(
        rep.get("name"),
        rep.get("identityProviderMapper"),
        rep.get("config"),
        rep.get("identityProviderAlias"),
    )


def identity_providers_import_from(rep: dict[str, Any]) -> IdentityProvidersImport | None:
    """A realm export's ``identityProviders`` and ``identityProviderMappers``."""
    providers, mappers = rep.get("identityProviders"), rep.get("identityProviderMappers")
    if providers is None and mappers is None:
        return None
    for name, value in (("identityProviders", providers), ("identityProviderMappers", mappers)):
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, dict) for v in value)):
            raise InvalidInput(f"{name} must be a list of objects", field=name)

    def given_id(item: dict[str, Any], key: str) -> str | None:
        return item[key] if isinstance(item.get(key), str) and item[key] else None

    return IdentityProvidersImport(
        providers=[(provider_fields_from(p), given_id(p, "internalId")) for p in providers or []],
        mappers=[(mapper_fields_from(m), given_id(m, "id")) for m in mappers or []],
    )


async def list_providers(call: Call) -> Response:
    maximum = call.query.get("max")
    found = await crud.list_providers(
        call.actor,
        call.params["realm"],
        call.query.get("search"),
        call.query_int("first", 0),
        None if maximum in (None, "") else call.query_int("max", 100),
    )
    brief = call.query_bool("briefRepresentation") is True
    reps = [to_identity_provider(v) for v in found]
    return ok([{k: r[k] for k in _BRIEF if k in r} for r in reps] if brief else reps)


async def create_provider(call: Call) -> Response:
    made = await crud.create_provider(
        call.actor, call.params["realm"], provider_fields_from(await call.json_object())
    )
    return created(str(call.request.url.replace(query="")), made.alias)


async def get_provider(call: Call) -> Response:
    return ok(
        to_identity_provider(await crud.get_provider(call.actor, call.params["realm"], call.params["alias"]))
    )


async def update_provider(call: Call) -> Response:
    fields = provider_fields_from(await call.json_object())
    await crud.update_provider(call.actor, call.params["realm"], call.params["alias"], fields)
    return no_content()


async def delete_provider(call: Call) -> Response:
    await crud.delete_provider(call.actor, call.params["realm"], call.params["alias"])
    return no_content()


async def list_mappers(call: Call) -> Response:
    found = await mappers.list_mappers(call.actor, call.params["realm"], call.params["alias"])
    return ok([to_mapper(m) for m in found])


async def create_mapper(call: Call) -> Response:
    fields = mapper_fields_from(await call.json_object())
    made = await mappers.create_mapper(call.actor, call.params["realm"], call.params["alias"], fields)
    return created(str(call.request.url.replace(query="")), made.model.id)


async def get_mapper(call: Call) -> Response:
    p = call.params
    return ok(to_mapper(await mappers.get_mapper(call.actor, p["realm"], p["alias"], p["mapper_id"])))


async def update_mapper(call: Call) -> Response:
    p = call.params
    fields = mapper_fields_from(await call.json_object())
    await mappers.update_mapper(call.actor, p["realm"], p["alias"], p["mapper_id"], fields)
    return no_content()


async def delete_mapper(call: Call) -> Response:
    p = call.params
    await mappers.delete_mapper(call.actor, p["realm"], p["alias"], p["mapper_id"])
    return no_content()


async def mapper_types(call: Call) -> Response:
    found = await mappers.mapper_types(call.actor, call.params["realm"], call.params["alias"])
    return ok({t.id: to_mapper_type(t) for t in found})


async def get_permissions(call: Call) -> Response:
    p = call.params
    return ok(await management.get(call.actor, p["realm"], mappers.PERMISSIONS, p["alias"]))


async def set_permissions(call: Call) -> Response:
    p = call.params
    enabled = (await call.json_object()).get("enabled")
    return ok(await management.set(call.actor, p["realm"], mappers.PERMISSIONS, p["alias"], enabled))


async def export(call: Call) -> Response:
    realm_url = f"{call.base_url}/realms/{call.params['realm']}"
    found = await discovery.export(call.actor, call.params["realm"], call.params["alias"], realm_url)
    if found is None:
        return no_content()
    return Response(found, media_type="application/xml")


async def reload_keys(call: Call) -> Response:
    return ok(await discovery.reload_keys(call.actor, call.params["realm"], call.params["alias"]))


async def provider_factory(call: Call) -> Response:
    found = await crud.provider_factory(call.actor, call.params["realm"], call.params["provider_id"])
    return ok({"id": found[0], "name": found[1]})


async def import_config(call: Call) -> Response:
    """Keycloak's JSON body (``providerId``, ``fromUrl``) or multipart form (``providerId``, ``file``);
    here the JSON body may carry the document itself as ``file`` too."""
    if call.request.headers.get("content-type", "").startswith("multipart/"):
        fields, files = await call.multipart()
        raw = files.get("file")
        try:
            document: Any = raw.decode("utf-8") if raw is not None else fields.get("file")
        except UnicodeDecodeError as exc:
            raise InvalidInput("The document must be UTF-8 text", field="file") from exc
        provider_id: Any = fields.get("providerId")
        from_url: Any = fields.get("fromUrl")
    else:
        body = await call.json_object()
        document, provider_id, from_url = body.get("file"), body.get("providerId"), body.get("fromUrl")
    return ok(
        await discovery.import_config(call.actor, call.params["realm"], provider_id, document, from_url)
    )
