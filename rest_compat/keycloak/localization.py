"""Handlers for ``/localization``: locales, a locale's texts, one text as ``text/plain``."""

from __future__ import annotations

from starlette.responses import PlainTextResponse, Response

from resolvers.localization import texts
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


async def list_locales(call: Call) -> Response:
    return ok(await texts.list_locales(call.actor, call.params["realm"]))


async def get_texts(call: Call) -> Response:
    fallback = call.query_bool("useRealmDefaultLocaleFallback") is True
    return ok(await texts.get_texts(call.actor, call.params["realm"], call.params["locale"], fallback))


async def import_texts(call: Call) -> Response:
    await texts.import_texts(call.actor, call.params["realm"], call.params["locale"], await call.json())
    return no_content()


async def delete_texts(call: Call) -> Response:
    await texts.delete_texts(call.actor, call.params["realm"], call.params["locale"])
    return no_content()


async def get_text(call: Call) -> Response:
    p = call.params
    return PlainTextResponse(await texts.get_text(call.actor, p["realm"], p["locale"], p["key"]))


async def set_text(call: Call) -> Response:
    p = call.params
    await texts.set_text(call.actor, p["realm"], p["locale"], p["key"], await call.text())
    return no_content()


async def delete_text(call: Call) -> Response:
    p = call.params
    await texts.delete_text(call.actor, p["realm"], p["locale"], p["key"])
    return no_content()
