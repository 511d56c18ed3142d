"""The browser login's pages and handlers (``/protocol/openid-connect/auth``, ``/login-actions/...``,
the browser side of ``/protocol/openid-connect/logout``): server-rendered HTML from the packaged Jinja2
templates, no script and no external asset, cookies HttpOnly and SameSite=Lax for the realm's path."""

from __future__ import annotations

from pathlib import Path

from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from resolvers.login import authorize, logout, steps
from resolvers.login.outcomes import Outcome, Page
from rest_compat.routing import Call

_TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
_HEADERS = {
    "Cache-Control": "no-store, must-revalidate, max-age=0",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def render(call: Call, outcome: Outcome) -> Response:
    if isinstance(outcome, Page):
        response: Response = _TEMPLATES.TemplateResponse(
            call.request, outcome.template, outcome.values, status_code=outcome.status, headers=_HEADERS
        )
    else:
        response = RedirectResponse(outcome.location, status_code=302, headers={"Cache-Control": "no-store"})
    path = f"/realms/{call.params['realm']}/"
    secure = call.base_url.startswith("https://")
    for name, value in outcome.cookies.items():
        if value is None:
            response.delete_cookie(name, path=path, secure=secure, httponly=True, samesite="lax")
        else:
            response.set_cookie(
                name, value[0], max_age=value[1], path=path, secure=secure, httponly=True, samesite="lax"
            )
    return response


def _query(call: Call) -> dict[str, str]:
    return {k: v for k, v in call.query.items()}


async def auth(call: Call) -> Response:
    outcome = await authorize.authorize(
        call.params["realm"], _query(call), dict(call.request.cookies), call.base_url, call.ip
    )
    return render(call, outcome)


async def authenticate(call: Call) -> Response:
    form = await call.form()
    outcome = await steps.act(
        call.params["realm"],
        call.query.get("session_code"),
        form,
        dict(call.request.cookies),
        call.base_url,
        call.ip,
    )
    return render(call, outcome)


async def end_session(call: Call, form: dict[str, str] | None = None) -> Response:
    """RP-initiated logout; a POST without a hint is the confirmation form's answer."""
    cookies = dict(call.request.cookies)
    params = _query(call) | (form or {})
    confirmed = form is not None and "confirm" in form and logout.confirmation_valid(form, cookies)
    return render(call, await logout.end_session(call.params["realm"], params, cookies, confirmed))


async def end_session_get(call: Call) -> Response:
    return await end_session(call)
