"""Client authentication at the engine's token, revocation and logout endpoints: the one method the
client registered (``token_endpoint_auth_method``): ``client_secret_basic``, ``client_secret_post``,
``private_key_jwt`` against the client's ``jwks``, or ``none`` for a public client."""

from __future__ import annotations

import time
from dataclasses import dataclass

from core import jwt
from core.errors import OAuthError, Unauthenticated
from models import Client, Realm, raw
from resolvers.clients.crud import secret_matches
from resolvers.oauth2.common import auth_method, client_jwks

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass(frozen=True)
class Credentials:
    """What the request presented: ``method`` is how (``client_secret_basic`` for a Basic header)."""

    method: str
    client_id: str | None
    secret: str | None = None
    assertion: str | None = None
    assertion_type: str | None = None


def _failed(hint: str) -> OAuthError:
    return OAuthError(
        "invalid_client",
        "Client authentication failed (e.g., unknown client, no client authentication included, or"
        f" unsupported authentication method). {hint}",
        unauthorized=True,
    )


async def authenticate(realm: Realm, given: Credentials, endpoint: str) -> Client:
    client_id = given.client_id
    if given.method == "private_key_jwt":
        if given.assertion_type != JWT_BEARER or not given.assertion:
            raise _failed("Unknown client_assertion_type.")
        try:
            client_id = str(jwt.unverified_claims(given.assertion).get("iss") or "")
        except Unauthenticated as exc:
            raise _failed("Unable to decode the client assertion.") from exc
    if not client_id:
        raise _failed("The client_id is missing.")
    client = await raw.one(
        Client, "SELECT * FROM client WHERE realm_id = ? AND client_id = ?", realm.id, client_id
    )
    if client is None or not client.enabled or client.bearer_only:
        raise _failed("The requested OAuth 2.0 Client does not exist.")
    registered = auth_method(client)
    accepted = {"client_secret_basic", "client_secret_post"} if registered is None else {registered}
    if given.method not in accepted:
        raise _failed(
            f"The OAuth 2.0 Client supports client authentication method '{registered}', but method"
            f" '{given.method}' was requested. You must configure the OAuth 2.0 client's"
            " 'token_endpoint_auth_method' value to accept '{given.method}'."
        )
    if given.method == "private_key_jwt":
        _verify_assertion(client, str(given.assertion), endpoint)
    elif given.method != "none" and not secret_matches(client, given.secret):
        raise _failed("The provided client secret did not match.")
    return client


def _verify_assertion(client: Client, assertion: str, endpoint: str) -> None:
    """RFC 7523: signed by a key of the client's ``jwks``, issued by and about the client, for this
    endpoint, and not expired."""
    jwks = client_jwks(client) or {}
    try:
        header = jwt.unverified_header(assertion)
    except Unauthenticated as exc:
        raise _failed("Unable to decode the client assertion.") from exc
    keys = [k for k in jwks.get("keys") or [] if isinstance(k, dict)]
    key = next((k for k in keys if k.get("kid") == header.get("kid")), keys[0] if len(keys) == 1 else None)
    algorithm = header.get("alg")
    if key is None or not isinstance(algorithm, str) or algorithm.startswith("HS") or algorithm == "none":
        raise _failed("The client assertion is not signed by a key of the client's JSON Web Key Set.")
    try:
        claims = jwt.verify(assertion, jwt.load_key(key), algorithm)
    except (Unauthenticated, ValueError) as exc:
        raise _failed("Unable to verify the integrity of the 'client_assertion' value.") from exc
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if claims.get("iss") != client.client_id or claims.get("sub") != client.client_id:
        raise _failed("Claims 'iss' and 'sub' of the client assertion must name the client.")
    if endpoint not in audiences:
        raise _failed("Claim 'aud' of the client assertion must name the token endpoint.")
    if float(claims.get("exp") or 0) <= time.time():
        raise _failed("The client assertion has expired.")
