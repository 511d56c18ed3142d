"""Hydra's login, consent and logout admin endpoints and the consent and login sessions behind them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.responses import JSONResponse, Response

from core.errors import InvalidInput
from resolvers.oauth2 import challenges, consents, logout
from resolvers.oauth2.inputs import ConsentAcceptance, LoginAcceptance, Rejection
from rest_compat.hydra import flow_mappers
from rest_compat.routing import Call

_LOGIN_FIELDS = {"subject", "remember", "remember_for", "acr", "amr", "context", "force_subject_identifier"}
_CONSENT_FIELDS = {
    "grant_scope",
    "grant_access_token_audience",
    "remember",
    "remember_for",
    "session",
    "handled_at",
}
_REJECT_FIELDS = {"error", "error_description", "error_hint", "error_debug", "status_code"}


def _challenge(call: Call, kind: str) -> str | None:
    return call.query.get(f"{kind}_challenge") or call.query.get("challenge")


def _known(body: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise InvalidInput(f'Unable to decode body because: json: unknown field "{unknown[0]}"')
    return body


def _typed(body: dict[str, Any], name: str, kind: type, default: Any) -> Any:
    value = body.get(name, default)
    if value is None:
        return default
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        raise InvalidInput(f"Unable to decode body because: field '{name}' has the wrong type")
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"Unable to decode body because: field '{name}' must list strings")
    return value


def _redirect(url: str) -> Response:
    return JSONResponse({"redirect_to": url})


def _request_response(kind: str, view: challenges.RequestView) -> Response:
    if view.handled:
        return JSONResponse({"redirect_to": view.request.request_url}, status_code=410)
    return JSONResponse(flow_mappers.to_request(kind, view))


async def get_login_request(call: Call) -> Response:
    return _request_response(
        "login", await challenges.get_request(call.actor, "login", _challenge(call, "login"))
    )


async def get_consent_request(call: Call) -> Response:
    view = await challenges.get_request(call.actor, "consent", _challenge(call, "consent"))
    return _request_response("consent", view)


async def get_logout_request(call: Call) -> Response:
    view = await challenges.get_request(call.actor, "logout", _challenge(call, "logout"))
    return _request_response("logout", view)


async def accept_logout_request(call: Call) -> Response:
    return _redirect(await challenges.accept_logout(call.actor, _challenge(call, "logout")))


async def reject_logout_request(call: Call) -> Response:
    await logout.reject_logout(call.actor, _challenge(call, "logout"))
    return Response(status_code=204)


async def accept_login_request(call: Call) -> Response:
    body = _known(await call.json_object(), _LOGIN_FIELDS)
    acceptance = LoginAcceptance(
        subject=_typed(body, "subject", str, ""),
        remember=_typed(body, "remember", bool, False),
        remember_for=_typed(body, "remember_for", int, 0),
        acr=_typed(body, "acr", str, ""),
        amr=_typed(body, "amr", list, []),
        context=_typed(body, "context", dict, {}),
        force_subject_identifier=_typed(body, "force_subject_identifier", str, ""),
    )
    return _redirect(await challenges.accept_login(call.actor, _challenge(call, "login"), acceptance))


async def accept_consent_request(call: Call) -> Response:
    body = _known(await call.json_object(), _CONSENT_FIELDS)
    session = _typed(body, "session", dict, {})
    acceptance = ConsentAcceptance(
        grant_scope=_typed(body, "grant_scope", list, []),
        grant_access_token_audience=_typed(body, "grant_access_token_audience", list, []),
        remember=_typed(body, "remember", bool, False),
        remember_for=_typed(body, "remember_for", int, 0),
        access_token=_typed(session, "access_token", dict, {}),
        id_token=_typed(session, "id_token", dict, {}),
    )
    return _redirect(await challenges.accept_consent(call.actor, _challenge(call, "consent"), acceptance))


def _rejection(body: dict[str, Any]) -> Rejection:
    _known(body, _REJECT_FIELDS)
    return Rejection(
        error=_typed(body, "error", str, ""),
        error_description=_typed(body, "error_description", str, ""),
        error_hint=_typed(body, "error_hint", str, ""),
        error_debug=_typed(body, "error_debug", str, ""),
        status_code=_typed(body, "status_code", int, 0),
    )


async def reject_login_request(call: Call) -> Response:
    rejection = _rejection(await call.json_object())
    return _redirect(await challenges.reject(call.actor, "login", _challenge(call, "login"), rejection))


async def reject_consent_request(call: Call) -> Response:
    rejection = _rejection(await call.json_object())
    return _redirect(await challenges.reject(call.actor, "consent", _challenge(call, "consent"), rejection))


async def list_consent_sessions(call: Call) -> Response:
    limit = call.query_int("limit", 100, 1, 500)
    offset = call.query_int("offset", 0)
    subject = call.query.get("subject") or ""
    page = await consents.list_consent_sessions(call.actor, subject, limit, offset)
    body = [flow_mappers.to_previous_consent(row) for row in page.sessions]
    return JSONResponse(body, headers=_paging(call, subject, page.total, limit, offset))


def _paging(call: Call, subject: str, total: int, limit: int, offset: int) -> dict[str, str]:
    """Hydra's ``Link`` header (first, next, previous, last) and ``X-Total-Count``."""
    base = f"{call.base_url}{call.request.url.path}"

    def link(at: int, rel: str) -> str:
        return f'<{base}?{urlencode({"subject": subject, "limit": limit, "offset": at})}>; rel="{rel}"'

    last = max(0, (total - 1) // limit * limit)
    links = [link(0, "first")]
    if offset + limit < total:
        links.append(link(offset + limit, "next"))
    if offset > 0:
        links.append(link(max(0, offset - limit), "prev"))
    links.append(link(last, "last"))
    return {"Link": ",".join(links), "X-Total-Count": str(total)}


async def revoke_consent_sessions(call: Call) -> Response:
    await consents.revoke_consent_sessions(
        call.actor,
        call.query.get("subject") or "",
        call.query.get("client"),
        (call.query.get("all") or "").lower() == "true",
    )
    return Response(status_code=204)


async def revoke_login_sessions(call: Call) -> Response:
    await consents.revoke_login_sessions(call.actor, call.query.get("subject") or "")
    return Response(status_code=204)
