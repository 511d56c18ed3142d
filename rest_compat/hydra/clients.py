"""Hydra 1.x's OAuth2 client handlers (``/clients``): the clients of the realm the dialect serves."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.responses import JSONResponse, Response

from core.errors import InvalidInput
from core.inputs import parse_int
from core.runtime import settings
from resolvers.clients import oauth2
from rest_compat.hydra.mappers import to_oauth2_client
from rest_compat.routing import Call

_DEFAULT_LIMIT = 100
_MAX_LIMIT = 500


def _number(call: Call, name: str, default: int) -> int:
    """ory/x ``pagination.Parse``: a malformed value is the default."""
    raw = call.query.get(name)
    if not raw:
        return default
    try:
        return parse_int(raw, name)
    except InvalidInput:
        return default


def _link(call: Call, rel: str, limit: int, offset: int) -> str:
    query = {**dict(call.query), "limit": str(limit), "offset": str(offset)}
    return f'<{call.base_url}{call.request.url.path}?{urlencode(sorted(query.items()))}>; rel="{rel}"'


def paging_headers(call: Call, total: int, limit: int, offset: int) -> dict[str, str]:
    """ory/x ``pagination.Header``: ``X-Total-Count`` and the first/next/prev/last links Hydra 1.x sends."""
    limit = limit if limit > 0 else 1
    offset = max(offset, 0)
    last = total - limit if total % limit == 0 else (total // limit) * limit
    here = offset // limit
    if offset >= last:
        if total == 0:
            rels = [
                ("first", limit, 0),
                ("next", limit, (here + 1) * limit),
                ("prev", limit, (here - 1) * limit),
            ]
        elif total < limit:
            rels = [("first", total, 0)]
        else:
            rels = [("first", limit, 0), ("prev", limit, last - limit)]
    elif offset < limit:
        rels = [("next", limit, limit), ("last", limit, last)]
    else:
        rels = [
            ("first", limit, 0),
            ("next", limit, (here + 1) * limit),
            ("prev", limit, (here - 1) * limit),
            ("last", limit, last),
        ]
    link = ",".join(_link(call, rel, n, at) for rel, n, at in rels)
    return {"X-Total-Count": str(total), "Link": link}


def page_numbers(call: Call) -> tuple[int, int]:
    """ory/x ``pagination.Parse(r, 100, 0, 500)``: the limit and offset every Hydra list reads."""
    limit = _number(call, "limit", _DEFAULT_LIMIT)
    limit = _DEFAULT_LIMIT if limit <= 0 else min(limit, _MAX_LIMIT)
    return limit, max(_number(call, "offset", 0), 0)


async def list_clients(call: Call) -> Response:
    limit, offset = page_numbers(call)
    page = oauth2.ClientPage(
        limit=limit, offset=offset, client_name=call.query.get("client_name"), owner=call.query.get("owner")
    )
    views, total = await oauth2.list_oauth2_clients(call.actor, settings().hydra_realm, page)
    return JSONResponse(
        [to_oauth2_client(v) for v in views], headers=paging_headers(call, total, limit, offset)
    )


async def create_client(call: Call) -> Response:
    view = await oauth2.create_oauth2_client(call.actor, settings().hydra_realm, await call.json_object())
    location = f"{call.base_url}/clients/{view.metadata.client_id}"
    return JSONResponse(to_oauth2_client(view), status_code=201, headers={"Location": location})


async def get_client(call: Call) -> Response:
    view = await oauth2.get_oauth2_client(call.actor, settings().hydra_realm, call.params["id"])
    return JSONResponse(to_oauth2_client(view))


async def update_client(call: Call) -> Response:
    body = await call.json_object()
    view = await oauth2.update_oauth2_client(call.actor, settings().hydra_realm, call.params["id"], body)
    return JSONResponse(to_oauth2_client(view))


async def patch_client(call: Call) -> Response:
    operations = await call.json()
    if not isinstance(operations, list):
        raise InvalidInput("The request body must be a JSON Patch array")
    view = await oauth2.patch_oauth2_client(call.actor, settings().hydra_realm, call.params["id"], operations)
    return JSONResponse(to_oauth2_client(view))


async def delete_client(call: Call) -> Response:
    await oauth2.delete_oauth2_client(call.actor, settings().hydra_realm, call.params["id"])
    return Response(status_code=204)
