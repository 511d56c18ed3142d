"""The ``urn:ietf:params:oauth:grant-type:jwt-bearer`` grant (RFC 7523 section 2.1) as fosite's rfc7523
handler serves it in Hydra 1.11: an assertion signed by a trusted issuer's key, about a subject the issuer is
trusted for, meant for this token endpoint, unexpired and not too long-lived, with a ``jti`` never seen
before, buys an access token for the assertion's subject within the trusted scope."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core import jwt
from core.errors import OAuthError, Unauthenticated
from core.inputs import text_problem
from models import Client, Realm, TrustedIssuer, UsedAssertion
from models.base import now_ms
from resolvers.oauth2 import tokens
from resolvers.oauth2.common import allowed_audience, allowed_scope, digest, spaced, subject_user
from resolvers.oauth2.trust import trusted_keys

JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
MAX_LIFETIME = 720 * 3600
"""Hydra's ``oauth2.grant.jwt.max_ttl`` default: how far past its ``iat`` an assertion may expire."""
_ASSERTION = 'The JWT in "assertion" request parameter'
_LATEST = 253402300800  # 10000-01-01: later (or non-finite) dates are no dates


def _invalid(hint: str) -> OAuthError:
    return OAuthError(
        "invalid_grant",
        "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh"
        f" token is invalid, expired, revoked, does not match the redirection URI used in the authorization"
        f" request, or was issued to another client. {hint}",
    )


def _stamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _verified(
    assertion: str, rows: list[TrustedIssuer], issuer: str, subject: str
) -> tuple[TrustedIssuer, dict[str, Any]]:
    """The trust whose key verifies the assertion, and the verified claims."""
    header = jwt.unverified_header(assertion)
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm == "none" or algorithm.startswith("HS"):
        raise _invalid("Unable to verify the integrity of the 'assertion' value.")
    for row in rows:
        wanted = row.public_jwk.get("alg")
        if wanted and wanted != algorithm:
            continue
        try:
            return row, jwt.verify(assertion, jwt.load_key(row.public_jwk), algorithm)
        except (Unauthenticated, ValueError):
            continue
    if header.get("kid"):
        raise _invalid("Unable to verify the integrity of the 'assertion' value.")
    raise _no_key(issuer, subject)


def _no_key(issuer: str, subject: str) -> OAuthError:
    return _invalid(
        f'No public JWK was registered for issuer "{issuer}" and subject "{subject}", and public key is'
        ' required to check signature of JWT in "assertion" request parameter.'
    )


def _seconds(value: Any) -> float | None:
    """A NumericDate claim: a finite number of seconds a timestamp can hold, else none."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 <= value < _LATEST else None


def _check_claims(claims: dict[str, Any], token_url: str) -> None:
    now = time.time()
    audience = claims.get("aud")
    audiences = [a for a in (audience if isinstance(audience, list) else [audience]) if a]
    if not audiences:
        raise _invalid(f'{_ASSERTION} MUST contain an "aud" (audience) claim.')
    if token_url not in audiences:
        raise _invalid(
            f'{_ASSERTION} MUST contain an "aud" (audience) claim containing a value "{token_url}" that'
            " identifies the authorization server as an intended audience."
        )
    exp, nbf, iat = (_seconds(claims.get(name)) for name in ("exp", "nbf", "iat"))
    if exp is None:
        raise _invalid(f'{_ASSERTION} MUST contain an "exp" (expiration time) claim.')
    if exp < now:
        raise _invalid(f"{_ASSERTION} expired.")
    if nbf is not None and nbf >= now:
        raise _invalid(
            f'{_ASSERTION} contains an "nbf" (not before) claim, that identifies the time'
            f" '{_stamp(nbf)}' before which the token MUST NOT be accepted."
        )
    if iat is None:
        raise _invalid(f'{_ASSERTION} MUST contain an "iat" (issued at) claim.')
    if exp - iat > MAX_LIFETIME:
        raise _invalid(
            f'{_ASSERTION} contains an "exp" (expiration time) claim with value "{_stamp(exp)}" that is'
            f' unreasonably far in the future, considering token issued at "{_stamp(iat)}".'
        )
    if not isinstance(claims.get("jti"), str) or not claims["jti"]:
        raise _invalid(f'{_ASSERTION} MUST contain an "jti" (JWT ID) claim.')


async def exchange_assertion(
    realm: Realm, client: Client, form: dict[str, str], token_url: str, iss: str
) -> tokens.Minted:
    """The grant for an authenticated client allowed to use it."""
    assertion = form.get("assertion")
    if not assertion:
        raise OAuthError(
            "invalid_request",
            "The request is missing a required parameter, includes an invalid parameter value, includes a"
            " parameter more than once, or is otherwise malformed. The assertion request parameter must be"
            f" set when using grant_type of '{JWT_BEARER_GRANT}'.",
        )
    try:
        unverified = jwt.unverified_claims(assertion)
        kid = jwt.unverified_header(assertion).get("kid")
    except Unauthenticated as exc:
        raise _invalid('Unable to parse JSON Web Token passed in "assertion" request parameter.') from exc
    issuer, subject = unverified.get("iss"), unverified.get("sub")
    if not isinstance(issuer, str) or not issuer:
        raise _invalid(f'{_ASSERTION} MUST contain an "iss" (issuer) claim.')
    if not isinstance(subject, str) or not subject:
        raise _invalid(f'{_ASSERTION} MUST contain a "sub" (subject) claim.')
    kid = kid if isinstance(kid, str) and kid else None
    if any(text_problem(v) for v in (issuer, subject, kid or "")):
        raise _no_key(issuer, subject)
    rows = await trusted_keys(realm.id, issuer, subject, kid)
    if not rows:
        raise _no_key(issuer, subject)
    trust, claims = _verified(assertion, rows, issuer, subject)
    if claims.get("iss") != issuer or claims.get("sub") != subject:
        raise _invalid("Unable to verify the integrity of the 'assertion' value.")
    _check_claims(claims, token_url)
    scope = spaced(form.get("scope"))
    permitted = allowed_scope(client)
    for name in scope:
        if permitted is not None and name not in permitted:
            raise OAuthError(
                "invalid_scope", f"The OAuth 2.0 Client is not allowed to request scope '{name}'."
            )
        if name not in trust.scope:
            raise OAuthError(
                "invalid_scope",
                f'The public key registered for issuer "{issuer}" and subject "{subject}" is not allowed to'
                f' request scope "{name}".',
            )
    for name in spaced(form.get("audience")):
        if name not in allowed_audience(client):
            raise OAuthError(
                "invalid_request",
                f"Requested audience '{name}' has not been whitelisted by the OAuth 2.0 Client.",
            )
    audience = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    user = await subject_user(realm.id, subject)
    grant = tokens.Grant(
        realm, client, subject, user.id if user else None, None, scope, [str(a) for a in audience]
    )
    used = UsedAssertion(
        id=digest(f"{realm.id}:{claims['jti']}"), realm_id=realm.id, expires_at=int(claims["exp"] * 1000)
    )
    try:
        async with in_transaction():
            await UsedAssertion.filter(expires_at__lt=now_ms()).delete()
            await used.save(force_create=True)
            return await tokens.mint(grant, iss)
    except IntegrityError as exc:
        raise OAuthError("jti_known", "The jti was already used.") from exc
