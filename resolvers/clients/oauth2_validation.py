"""OAuth2 client metadata as Hydra 1.11 checks it (its client validator), plus the shape of each field.

A refusal is Hydra's ``invalid_client_metadata`` or ``invalid_redirect_uri``: the RFC 7591 error text with a
hint naming what is wrong."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from jwcrypto.common import JWException
from jwcrypto.jwk import JWK

from core.errors import NamedInvalidInput
from resolvers.clients.oauth2_metadata import DEFAULT_SCOPE

_METADATA = (
    "The value of one of the Client Metadata fields is invalid and the server has rejected this request. "
    "Note that an Authorization Server MAY choose to substitute a valid value for any requested parameter "
    "of a Client's Metadata."
)
_REDIRECT = "The value of one or more redirect_uris is invalid."

TEXT_FIELDS = (
    "client_id",
    "client_name",
    "client_secret",
    "scope",
    "owner",
    "policy_uri",
    "tos_uri",
    "client_uri",
    "logo_uri",
    "subject_type",
    "sector_identifier_uri",
    "jwks_uri",
    "token_endpoint_auth_method",
    "token_endpoint_auth_signing_alg",
    "request_object_signing_alg",
    "userinfo_signed_response_alg",
    "frontchannel_logout_uri",
    "backchannel_logout_uri",
)
LIST_FIELDS = (
    "redirect_uris",
    "grant_types",
    "response_types",
    "audience",
    "allowed_cors_origins",
    "contacts",
    "request_uris",
    "post_logout_redirect_uris",
)
BOOL_FIELDS = ("frontchannel_logout_session_required", "backchannel_logout_session_required")
# Shown by Hydra but never set by a caller.
READ_ONLY = ("created_at", "updated_at", "client_secret_expires_at", "registration_access_token")

GRANT_TYPES = frozenset(
    {
        "authorization_code",
        "implicit",
        "refresh_token",
        "client_credentials",
        "password",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
    }
)
RESPONSE_PARTS = frozenset({"code", "token", "id_token"})
AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt", "none")
SIGNING_ALGS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
SUBJECT_TYPES = ("public",)


def invalid(hint: str) -> NamedInvalidInput:
    return NamedInvalidInput("invalid_client_metadata", f"{_METADATA} {hint}")


def _invalid_redirect(hint: str) -> NamedInvalidInput:
    return NamedInvalidInput("invalid_redirect_uri", f"{_REDIRECT} {hint}")


def shaped(body: Mapping[str, Any]) -> dict[str, Any]:
    """The given metadata with each field's JSON type checked (what Hydra's JSON decoder refuses)."""
    doc: dict[str, Any] = {}
    for name, value in body.items():
        if value is None or name in READ_ONLY:
            continue
        if name in TEXT_FIELDS and not isinstance(value, str):
            raise invalid(f"Field {name} must be a string.")
        if name in LIST_FIELDS and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            raise invalid(f"Field {name} must be an array of strings.")
        if name in BOOL_FIELDS and not isinstance(value, bool):
            raise invalid(f"Field {name} must be a boolean.")
        if name in ("jwks", "metadata") and not isinstance(value, dict):
            raise invalid(f"Field {name} must be a JSON object.")
        doc[name] = value
    return doc


def _uri(value: str) -> tuple[str, str | None, int | None] | None:
    """Go's url.ParseRequestURI: an absolute URI or an absolute path; its scheme, host and port."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme and not value.startswith("/"):
        return None
    return parts.scheme, parts.hostname, port


def _check_origins(origins: list[str]) -> list[str]:
    normalised = []
    for origin in origins:
        try:
            parts = urlsplit(origin)
        except ValueError as exc:
            raise invalid(f"Origin URL {origin} from allowed_cors_origins could not be parsed.") from exc
        if parts.scheme not in ("http", "https"):
            raise invalid(f"Origin URL {origin} must use https:// or http:// as HTTP scheme.")
        if parts.username or parts.password:
            raise invalid(f"Origin URL {origin} has HTTP user and/or password set which is not allowed.")
        if parts.path.rstrip("/") or parts.query or parts.fragment:
            raise invalid(
                f"Origin URL {origin} must have an empty path, query, and fragment but one of the parts "
                "is not empty."
            )
        normalised.append(f"{parts.scheme}://{parts.netloc}")
    return normalised


def _check_jwks(jwks: dict[str, Any]) -> None:
    keys = jwks.get("keys")
    if not isinstance(keys, list) or not all(isinstance(k, dict) for k in keys):
        raise invalid("Field jwks must be a JSON Web Key Set.")
    try:
        for key in keys:
            JWK(**key)
    except (JWException, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise invalid("Field jwks must be a JSON Web Key Set.") from exc


def validate(doc: dict[str, Any]) -> dict[str, Any]:
    """Hydra's client validator over shaped metadata: its defaults filled in, or a refusal."""
    doc = dict(doc)
    doc["client_id"] = doc.get("client_id") or str(uuid.uuid4())
    for name in ("grant_types", "response_types", "audience", "redirect_uris"):
        doc.setdefault(name, [])
    method = doc.get("token_endpoint_auth_method") or "client_secret_basic"
    if method not in AUTH_METHODS:
        raise invalid(f"Field token_endpoint_auth_method must be one of {', '.join(AUTH_METHODS)}.")
    doc["token_endpoint_auth_method"] = method
    signing_alg = doc.get("token_endpoint_auth_signing_alg")
    if method == "private_key_jwt":
        if not doc.get("jwks_uri") and doc.get("jwks") is None:
            raise invalid(
                "When token_endpoint_auth_method is 'private_key_jwt', either jwks or jwks_uri must be set."
            )
        if signing_alg and signing_alg not in SIGNING_ALGS:
            raise invalid(
                "Only RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 and ES512 are supported as "
                "algorithms for private key authentication."
            )
    if doc.get("jwks_uri") and doc.get("jwks") is not None:
        raise invalid("Fields jwks and jwks_uri can not both be set, you must choose one.")
    if doc.get("jwks") is not None:
        _check_jwks(doc["jwks"])
    if doc.get("jwks_uri") and _uri(doc["jwks_uri"]) is None:
        raise invalid(f"Unable to parse jwks_uri: {doc['jwks_uri']}")
    secret = doc.get("client_secret")
    if secret and len(secret) < 6:
        raise invalid("Field client_secret must contain a secret that is at least 6 characters long.")
    doc["scope"] = doc.get("scope") or DEFAULT_SCOPE
    doc["allowed_cors_origins"] = _check_origins(doc.get("allowed_cors_origins", []))
    userinfo_alg = doc.get("userinfo_signed_response_alg") or "none"
    if userinfo_alg not in ("none", "RS256"):
        raise invalid("Field userinfo_signed_response_alg can either be 'none' or 'RS256'.")
    doc["userinfo_signed_response_alg"] = userinfo_alg
    redirects = []
    for uri in doc.get("redirect_uris", []):
        parsed = _uri(uri)
        if parsed is None:
            raise _invalid_redirect(f"Unable to parse redirect URL: {uri}")
        if "#" in uri:
            raise _invalid_redirect("Redirect URIs must not contain fragments (#).")
        redirects.append(parsed)
    subject_type = doc.get("subject_type") or "public"
    if subject_type not in SUBJECT_TYPES:
        raise invalid(
            f"Subject type {subject_type} is not supported by server, only [{' '.join(SUBJECT_TYPES)}] "
            "are allowed."
        )
    doc["subject_type"] = subject_type
    for uri in doc.get("post_logout_redirect_uris", []):
        parsed = _uri(uri)
        if parsed is None:
            raise invalid(f"Unable to parse post_logout_redirect_uri: {uri}")
        if parsed not in redirects:
            raise invalid(
                f"post_logout_redirect_uri '{uri}' must match the domain, port, scheme of at least one of "
                "the registered redirect URIs but did not'"
            )
    for grant in doc.get("grant_types", []):
        if grant not in GRANT_TYPES:
            raise invalid(f"Grant type {grant} is not supported, only {', '.join(sorted(GRANT_TYPES))} are.")
    for response in doc.get("response_types", []):
        parts = response.split()
        if not parts or any(p not in RESPONSE_PARTS for p in parts) or len(set(parts)) != len(parts):
            raise invalid(f"Response type '{response}' is not a combination of code, token and id_token.")
    return doc
