"""Hydra's public OAuth2 and OpenID Connect endpoints over the authorization engine."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import unquote

from starlette.responses import JSONResponse, RedirectResponse, Response

from core import metrics
from core.errors import InvalidInput, OAuthError, Unauthenticated
from core.runtime import note_request
from resolvers.auth import keys
from resolvers.auth.rate_limit import check_token_rate
from resolvers.oauth2 import authorize as flow
from resolvers.oauth2 import grants, revocation
from resolvers.oauth2 import logout as sessions_logout
from resolvers.oauth2.client_auth import Credentials
from resolvers.oauth2.common import engine_realm, issuer
from resolvers.oauth2.jwt_bearer import JWT_BEARER_GRANT
from rest_compat.routing import Call

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_COOKIES = (flow.LOGIN_CSRF, flow.CONSENT_CSRF, flow.SESSION_COOKIE)


async def authorize(call: Call) -> Response:
    params = dict(call.query.items())
    cookies = {name: call.request.cookies[name] for name in _COOKIES if name in call.request.cookies}
    return _redirect(call, await flow.authorize(params, cookies, call.base_url))


async def logout(call: Call) -> Response:
    cookie = call.request.cookies.get(flow.SESSION_COOKIE)
    return _redirect(
        call, await sessions_logout.start_logout(dict(call.query.items()), cookie, call.base_url)
    )


def _redirect(call: Call, redirect: flow.Redirect) -> Response:
    response = RedirectResponse(redirect.location, status_code=302)
    secure = call.base_url.startswith("https://")
    for name, value in redirect.cookies.items():
        if value is None:
            response.delete_cookie(name, path="/")
        else:
            response.set_cookie(
                name, value[0], max_age=value[1], path="/", httponly=True, samesite="lax", secure=secure
            )
    return response


async def _form(call: Call) -> dict[str, str]:
    try:
        return await call.form()
    except InvalidInput as exc:
        raise OAuthError("invalid_request", exc.message) from exc


def _credentials(call: Call, form: dict[str, str]) -> Credentials:
    header = call.request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip()).decode()
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise OAuthError(
                "invalid_client", "Malformed Basic authorization header", unauthorized=True
            ) from exc
        client_id, _, secret = (unquote(part) for part in decoded.partition(":"))
        return Credentials("client_secret_basic", client_id, secret)
    if form.get("client_assertion") or form.get("client_assertion_type"):
        return Credentials(
            "private_key_jwt",
            form.get("client_id"),
            assertion=form.get("client_assertion"),
            assertion_type=form.get("client_assertion_type"),
        )
    if form.get("client_secret"):
        return Credentials("client_secret_post", form.get("client_id"), form.get("client_secret"))
    return Credentials("none", form.get("client_id"))


async def token(call: Call) -> Response:
    form = await _form(call)
    with metrics.counting_grant(form.get("grant_type")):
        credentials = _credentials(call, form)
        client_id = credentials.client_id or form.get("client_id")
        note_request(client_id=client_id)
        await check_token_rate("hydra", client_id, call.ip)
        minted = await grants.token(credentials, form, call.base_url)
    return JSONResponse(minted.as_dict(), headers=_NO_STORE)


async def revoke(call: Call) -> Response:
    form = await _form(call)
    await revocation.revoke(_credentials(call, form), form.get("token"), call.base_url)
    return Response(status_code=200)


async def userinfo(call: Call) -> Response:
    header = call.request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        if call.request.method == "POST":
            value = (await _form(call)).get("access_token", "")
        if not value.strip():
            return _invalid_token("The request is missing a valid access token.")
    try:
        return JSONResponse(await revocation.userinfo(value.strip()))
    except Unauthenticated as exc:
        return _invalid_token(exc.message)


def _invalid_token(description: str) -> Response:
    return JSONResponse(
        {"error": "request_unauthorized", "error_description": description, "status_code": 401},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


async def jwks(call: Call) -> Response:
    realm = await engine_realm()
    key_set = await keys.realm_keys(realm.id)
    return JSONResponse({"keys": key_set.public_dicts})


async def openid_configuration(call: Call) -> Response:
    iss = issuer(call.base_url)
    base = call.base_url
    key_set = await keys.realm_keys((await engine_realm()).id)
    body: dict[str, Any] = {
        "issuer": iss,
        "authorization_endpoint": f"{base}/oauth2/auth",
        "token_endpoint": f"{base}/oauth2/token",
        "jwks_uri": f"{base}/.well-known/jwks.json",
        "userinfo_endpoint": f"{base}/userinfo",
        "revocation_endpoint": f"{base}/oauth2/revoke",
        "end_session_endpoint": f"{base}/oauth2/sessions/logout",
        "subject_types_supported": ["public"],
        "response_types_supported": [
            "code",
            "code id_token",
            "id_token",
            "token id_token",
            "token",
            "token id_token code",
        ],
        "response_modes_supported": ["query", "fragment"],
        "grant_types_supported": [
            "authorization_code",
            "implicit",
            "client_credentials",
            "refresh_token",
            JWT_BEARER_GRANT,
        ],
        "scopes_supported": ["offline_access", "offline", "openid"],
        "claims_supported": ["sub"],
        "token_endpoint_auth_methods_supported": [
            "client_secret_post",
            "client_secret_basic",
            "private_key_jwt",
            "none",
        ],
        "id_token_signing_alg_values_supported": sorted(set(key_set.algorithms.values())),
        "userinfo_signing_alg_values_supported": ["none"],
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "claims_parameter_supported": False,
        "code_challenge_methods_supported": ["plain", "S256"],
        "frontchannel_logout_supported": False,
        "backchannel_logout_supported": False,
    }
    return JSONResponse(body)
