"""The authorization request as the client sent it: validated as fosite validates it, before any
challenge is made. A failure before the redirect URI is known is answered to the browser (``OAuthError``);
after it, the failure is sent back to the client's redirect URI (``Refused``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from core.errors import OAuthError
from models import Client, Realm, raw
from resolvers.oauth2.common import allowed_audience, allowed_scope, response_types, spaced

MIN_ENTROPY = 8  # fosite's minimum length of ``state`` and ``nonce``
PKCE_METHODS = ("S256", "plain")


class Refused(Exception):
    """A flow failure the client hears about at its redirect URI."""

    def __init__(self, error: str, description: str, hint: str = "") -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.hint = hint


@dataclass(frozen=True)
class AuthorizeRequest:
    """A validated authorization request."""

    client: Client
    redirect_uri: str
    response_type: str
    state: str
    params: dict[str, str]
    scope: list[str]
    audience: list[str]
    prompt: set[str]
    max_age: int | None

    @property
    def fragment(self) -> bool:
        """Hydra answers the code flow in the query and every flow issuing tokens in the fragment."""
        return self.params.get("response_mode") == "fragment" or self.response_type != "code"


async def find_client(realm: Realm, client_id: str | None) -> Client:
    if not client_id:
        raise OAuthError("invalid_request", "The request is missing the 'client_id' parameter.")
    client = await raw.one(
        Client, "SELECT * FROM client WHERE realm_id = ? AND client_id = ?", realm.id, client_id
    )
    if client is None or not client.enabled or client.bearer_only:
        raise OAuthError(
            "invalid_client", "Client authentication failed (e.g., unknown client).", unauthorized=True
        )
    return client


def redirect_uri_of(client: Client, given: str | None) -> str:
    """The registered redirect URI the request names (exactly), or the only one registered."""
    registered = [str(u) for u in client.redirect_uris]
    if not given:
        if len(registered) == 1:
            return registered[0]
        raise OAuthError("invalid_request", "The 'redirect_uri' parameter is required.")
    if given not in registered:
        raise OAuthError(
            "invalid_request",
            "The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered"
            " redirect urls.",
        )
    return given


async def target(realm: Realm, params: dict[str, str]) -> AuthorizeRequest:
    """The request's client and redirect URI checked, the rest as given: where a refusal is sent."""
    client = await find_client(realm, params.get("client_id"))
    return AuthorizeRequest(
        client=client,
        redirect_uri=redirect_uri_of(client, params.get("redirect_uri")),
        response_type=" ".join(sorted(spaced(params.get("response_type")))),
        state=params.get("state", ""),
        params=params,
        scope=spaced(params.get("scope")),
        audience=spaced(params.get("audience")),
        prompt=set(spaced(params.get("prompt"))),
        max_age=None,
    )


def validate(request: AuthorizeRequest) -> AuthorizeRequest:
    """The checks fosite makes of an authorization request, each failure a ``Refused``."""
    client, params, response_type, state, prompt = (
        request.client,
        request.params,
        request.response_type,
        request.state,
        request.prompt,
    )
    if not response_type:
        raise Refused(
            "unsupported_response_type",
            "The authorization server does not support obtaining a token using this method.",
            "The request is missing the 'response_type' parameter.",
        )
    if response_type not in response_types(client):
        raise Refused(
            "unsupported_response_type",
            f"The client is not allowed to request response_type '{response_type}'.",
        )
    if len(state) < MIN_ENTROPY:
        raise Refused(
            "invalid_state",
            "The state is missing or does not have enough characters and is therefore considered too weak.",
            f"Request parameter 'state' must be at least be {MIN_ENTROPY} characters long"
            " to ensure sufficient entropy.",
        )
    nonce = params.get("nonce", "")
    if response_type != "code" and "id_token" in response_type and len(nonce) < MIN_ENTROPY:
        raise Refused(
            "invalid_request",
            "Parameter 'nonce' must be set when using the OpenID Connect"
            " Implicit or Hybrid Flow and must be at least 8 characters long.",
        )
    allowed = allowed_scope(client)
    if allowed is not None:
        for scope in request.scope:
            if scope not in allowed:
                raise Refused(
                    "invalid_scope", f"The OAuth 2.0 Client is not allowed to request scope '{scope}'."
                )
    for audience in request.audience:
        if audience not in allowed_audience(client):
            raise Refused(
                "invalid_request",
                f"Requested audience '{audience}' has not been whitelisted by the OAuth 2.0 Client.",
            )
    method = params.get("code_challenge_method")
    if params.get("code_challenge"):
        if (method or "plain") not in PKCE_METHODS:
            raise Refused("invalid_request", "The code_challenge_method is not supported, use S256 instead.")
    elif method:
        raise Refused("invalid_request", "The code_challenge_method is given without a code_challenge.")
    if "none" in prompt and len(prompt) > 1:
        raise Refused(
            "invalid_request",
            "Parameter 'prompt' was set to 'none', but contains other values as well which is not allowed.",
        )
    max_age = None
    if params.get("max_age"):
        try:
            max_age = int(params["max_age"])
        except ValueError as exc:
            raise Refused("invalid_request", "Unable to parse max_age.") from exc
    return dataclasses.replace(request, max_age=max_age)


def oidc_context(params: dict[str, str]) -> dict[str, Any]:
    """What the login and consent apps are shown of the request's OpenID Connect parameters."""
    context: dict[str, Any] = {}
    for name in ("acr_values", "ui_locales"):
        if params.get(name):
            context[name] = spaced(params[name])
    for name in ("display", "login_hint"):
        if params.get(name):
            context[name] = params[name]
    return context


def with_query(url: str, values: dict[str, str], fragment: bool = False) -> str:
    """``url`` with ``values`` added to its query (or set as its fragment)."""
    parts = urlsplit(url)
    if fragment:
        return urlunsplit(parts._replace(fragment=urlencode(values)))
    query = [*parse_qsl(parts.query, keep_blank_values=True), *values.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


def error_redirect(request: AuthorizeRequest, refused: Refused) -> str:
    values = {"error": refused.error, "error_description": refused.description}
    if refused.hint:
        values["error_hint"] = refused.hint
    values["state"] = request.state
    return with_query(request.redirect_uri, values, request.fragment)
