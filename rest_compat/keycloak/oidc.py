"""The realm's OpenID Connect endpoints (``/realms/{realm}/protocol/openid-connect/...``), as Keycloak
serves them: form-encoded requests, OAuth2 error bodies."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from starlette.responses import JSONResponse, Response

from core import metrics
from core.errors import InvalidInput, NotFound, OAuthError, Unauthenticated
from core.inputs import text_problem
from core.runtime import note_request
from resolvers.auth import introspect as inspection
from resolvers.auth import keys
from resolvers.auth import logout as sessions
from resolvers.auth.client_auth import ClientAuth
from resolvers.auth.grants.client_credentials import client_credentials_grant
from resolvers.auth.grants.password import password_grant
from resolvers.auth.grants.refresh import refresh_grant
from resolvers.auth.issue import issuer
from resolvers.auth.rate_limit import check_token_rate
from resolvers.kit.lookup import realm_by_name
from resolvers.login import tokens as browser_tokens
from rest_compat.keycloak import login
from rest_compat.keycloak.responses import ok
from rest_compat.routing import Call

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _client_auth(call: Call, form: dict[str, str]) -> ClientAuth:
    """client_secret_basic (Authorization: Basic) or client_secret_post (form fields)."""
    header = call.request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip()).decode()
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise OAuthError(
                "invalid_client", "Malformed Basic authorization header", unauthorized=True
            ) from exc
        client_id, _, secret = (unquote(part) for part in decoded.partition(":"))
        if text_problem(client_id) or text_problem(secret):
            raise OAuthError("invalid_client", "Malformed Basic authorization header", unauthorized=True)
        return ClientAuth(client_id, secret)
    return ClientAuth(form.get("client_id"), form.get("client_secret"))


async def _form(call: Call) -> dict[str, str]:
    """The form body; a value the store cannot hold is OAuth2's invalid_request, as any malformed field."""
    try:
        return await call.form()
    except InvalidInput as exc:
        raise OAuthError("invalid_request", exc.message) from exc


async def token(call: Call) -> Response:
    form = await _form(call)
    with metrics.counting_grant(form.get("grant_type")):
        return await _token(call, form)


async def _token(call: Call, form: dict[str, str]) -> Response:
    realm = call.params["realm"]
    auth = _client_auth(call, form)
    note_request(client_id=auth.client_id)
    await check_token_rate(realm, auth.client_id, call.ip)
    grant = form.get("grant_type")
    if not grant:
        raise OAuthError("invalid_request", "Missing form parameter: grant_type")
    if grant == "password":
        issued = await password_grant(
            realm,
            auth,
            form.get("username"),
            form.get("password"),
            form.get("scope"),
            call.base_url,
            call.ip,
            form.get("totp"),
        )
    elif grant == "client_credentials":
        issued = await client_credentials_grant(realm, auth, form.get("scope"), call.base_url, call.ip)
    elif grant == "authorization_code":
        minted = await browser_tokens.code_grant(realm, auth, form, call.base_url)
        return JSONResponse(minted.as_dict(), headers=_NO_STORE)
    elif grant == "refresh_token":
        if await browser_tokens.from_browser_login(form.get("refresh_token")):
            minted = await browser_tokens.refresh(realm, auth, form, call.base_url)
            return JSONResponse(minted.as_dict(), headers=_NO_STORE)
        issued = await refresh_grant(
            realm, auth, form.get("refresh_token"), form.get("scope"), call.base_url, call.ip
        )
    else:
        raise OAuthError("unsupported_grant_type", "Unsupported grant_type")
    return JSONResponse(issued.as_dict(), headers=_NO_STORE)


async def logout(call: Call) -> Response:
    """A relying party's back-channel logout with its refresh token, else RP-initiated logout."""
    form = await _form(call)
    if "refresh_token" not in form:
        return await login.end_session(call, form)
    await sessions.logout(call.params["realm"], _client_auth(call, form), form.get("refresh_token"), call.ip)
    return Response(status_code=204)


async def introspect(call: Call) -> Response:
    form = await _form(call)
    body = await inspection.introspect(call.params["realm"], _client_auth(call, form), form.get("token"))
    return JSONResponse(body, headers=_NO_STORE)


async def userinfo(call: Call) -> Response:
    header = call.request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return _invalid_token("Missing bearer token")
    try:
        return ok(await inspection.userinfo(call.params["realm"], value.strip()))
    except Unauthenticated as exc:
        return _invalid_token(exc.message)


def _invalid_token(description: str) -> Response:
    return JSONResponse(
        {"error": "invalid_token", "error_description": description},
        status_code=401,
        headers={"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{description}"'},
    )


async def certs(call: Call) -> Response:
    realm = await realm_by_name(call.params["realm"])
    key_set = await keys.realm_keys(realm.id)
    return ok({"keys": key_set.public_dicts})


async def openid_configuration(call: Call) -> Response:
    name = call.params["realm"]
    realm = await realm_by_name(name)
    if not realm.enabled:
        raise NotFound("Realm does not exist")
    iss = issuer(call.base_url, name)
    oidc = f"{iss}/protocol/openid-connect"
    return ok(
        {
            "issuer": iss,
            "authorization_endpoint": f"{oidc}/auth",
            "token_endpoint": f"{oidc}/token",
            "introspection_endpoint": f"{oidc}/token/introspect",
            "userinfo_endpoint": f"{oidc}/userinfo",
            "end_session_endpoint": f"{oidc}/logout",
            "jwks_uri": f"{oidc}/certs",
            "grant_types_supported": [
                "authorization_code",
                "password",
                "client_credentials",
                "refresh_token",
            ],
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "code_challenge_methods_supported": ["plain", "S256"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"],
            "userinfo_signing_alg_values_supported": ["none"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_supported": [
                "aud",
                "sub",
                "iss",
                "auth_time",
                "name",
                "given_name",
                "family_name",
                "preferred_username",
                "email",
                "acr",
            ],
            "scopes_supported": ["openid", "profile", "email", "roles", "web-origins", "offline_access"],
            "claims_parameter_supported": True,
            "request_parameter_supported": True,
            "frontchannel_logout_supported": False,
            "backchannel_logout_supported": False,
        }
    )
