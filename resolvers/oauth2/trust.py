"""Hydra's trusted JWT grant issuers (RFC 7523): whose assertions the ``jwt-bearer`` grant exchanges for
access tokens, about which subjects, for which scopes, signed by which public key.

A trusted issuer may name any subject it is trusted for, a realm user included, so trusting one hands out
tokens as those subjects: creating a trust needs manage-realm and the right to confer realm-admin (the rule
that guards putting one's own key into the signing set); reading needs view-realm, as the key sets do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jwcrypto.common import JWException
from jwcrypto.jwk import JWK
from tortoise.transactions import in_transaction

from core import jwt
from core.errors import Conflict, InvalidInput, NamedInvalidInput, NotFound
from core.inputs import check_text
from models import Realm, TrustedIssuer
from models.base import new_id, now_ms
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.unique import transaction

TRUST_MISSING = "Unable to locate the requested resource"
_DUPLICATE = "Unable to insert or update resource because a resource with that value exists already"
_MISSING = "One of the required parameters is missing. Check your request parameters."


@dataclass(frozen=True)
class TrustInput:
    """Hydra's ``trustJwtGrantIssuerBody``, read."""

    issuer: str
    jwk: dict[str, Any]
    expires_at: int
    """Epoch milliseconds."""
    subject: str = ""
    allow_any_subject: bool = False
    scope: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TrustPage:
    limit: int
    offset: int
    issuer: str | None = None


def _missing(hint: str) -> NamedInvalidInput:
    """Hydra's ``ErrMissingRequiredParameter``."""
    return NamedInvalidInput("missing_required_parameter", f"{_MISSING} {hint}")


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"Field '{name}' must be a string.")
    return _stored(value, name)


def _stored(value: str, name: str) -> str:
    """Text the trust's columns hold (255 characters, as Hydra's)."""
    if len(value) > 255:
        raise InvalidInput(f"Field '{name}' must be at most 255 characters long.")
    return check_text(value, f"Field '{name}'")


def _instant(value: Any) -> int:
    """An RFC 3339 date-time (Go's ``time.Time``), to the second as Hydra rounds it; 0 when absent."""
    if value is None or value == "":
        return 0
    if not isinstance(value, str):
        raise InvalidInput("Field 'expires_at' must be an RFC 3339 date-time.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput("Field 'expires_at' must be an RFC 3339 date-time.") from exc
    if moment.tzinfo is None:
        raise InvalidInput("Field 'expires_at' must be an RFC 3339 date-time with a time zone.")
    return round(moment.timestamp()) * 1000


def _public_jwk(value: Any) -> dict[str, Any]:
    """The ``jwk``'s public parameters; a private key given is kept only as its public half, and a shared
    secret (``oct``) is no public key at all."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput("Field 'jwk' must be a JSON Web Key.")
    if not value:
        return {}
    try:
        key = JWK(**{k: v for k, v in value.items() if not k.startswith("x5")})
    except (JWException, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidInput("Unable to read the JSON Web Key in field 'jwk'.") from exc
    if key.get("kty") == "oct":
        raise InvalidInput("Field 'jwk' must hold a public key, not a symmetric key.")
    public = jwt.public_dict(key)
    for name in ("kid", "alg", "use"):
        if isinstance(value.get(name), str) and value[name]:
            public[name] = value[name]
    return public


def trust_input(body: dict[str, Any]) -> TrustInput:
    """Read and validate the body as Hydra's ``GrantValidator`` does, in its order."""
    allow_any = body.get("allow_any_subject", False)
    scope = body.get("scope") or []
    if not isinstance(allow_any, bool):
        raise InvalidInput("Field 'allow_any_subject' must be a boolean.")
    if not isinstance(scope, list) or not all(isinstance(s, str) for s in scope):
        raise InvalidInput("Field 'scope' must be an array of strings.")
    found = TrustInput(
        issuer=_text(body, "issuer"),
        jwk=_public_jwk(body.get("jwk")),
        expires_at=_instant(body.get("expires_at")),
        subject=_text(body, "subject"),
        allow_any_subject=allow_any,
        scope=list(scope),
    )
    if not found.issuer:
        raise _missing("Field 'issuer' is required.")
    if not found.subject and not found.allow_any_subject:
        raise _missing("One of 'subject' or 'allow_any_subject' field must be set.")
    if found.subject and found.allow_any_subject:
        raise _missing("Both 'subject' and 'allow_any_subject' fields cannot be set at the same time.")
    if not found.expires_at:
        raise _missing("Field 'expires_at' is required.")
    if not found.jwk.get("kid"):
        raise _missing("Field 'jwk' must contain JWK with kid header.")
    _stored(str(found.jwk["kid"]), "jwk.kid")
    for name in found.scope:
        check_text(name, "Field 'scope'")
    return found


def _require_may_trust(actor: Actor | None, realm_name: str) -> Actor:
    actor = rights.require(actor, realm_name, "manage-realm")
    rights.require_may_confer(
        actor,
        [rights.AdminRole(realm_name, "realm-admin")],
        doing="trust a JWT issuer to name any subject of the realm, which confers",
    )
    return actor


async def trust_issuer(actor: Actor | None, realm_name: str, given: TrustInput) -> TrustedIssuer:
    """Hydra's ``POST /trust/grants/jwt-bearer/issuers``; the same issuer, subject and key id twice is a
    conflict."""
    actor = _require_may_trust(actor, realm_name)
    realm = await lookup.realm_by_name(realm_name)
    row = TrustedIssuer(
        id=new_id(),
        realm_id=realm.id,
        issuer=given.issuer,
        subject=given.subject,
        allow_any_subject=given.allow_any_subject,
        scope=given.scope,
        key_id=str(given.jwk["kid"]),
        public_jwk=given.jwk,
        created_at=round(now_ms() / 1000) * 1000,
        expires_at=given.expires_at,
    )
    if await TrustedIssuer.filter(
        realm_id=realm.id, issuer=row.issuer, subject=row.subject, key_id=row.key_id
    ).exists():
        raise Conflict(_DUPLICATE)
    async with transaction(_DUPLICATE):
        await row.save(force_create=True)
        await _event(realm, actor, "CREATE", row)
    return row


async def _event(realm: Realm, actor: Actor, operation: str, row: TrustedIssuer) -> None:
    await record_admin_event(
        realm, actor, operation, "COMPONENT", f"trust/grants/jwt-bearer/issuers/{row.id}"
    )


async def list_trusted_issuers(
    actor: Actor | None, realm_name: str, page: TrustPage
) -> tuple[list[TrustedIssuer], int]:
    """Hydra's list, ordered by id as Hydra pages it, with the number of trusts the filter matches."""
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    query = TrustedIssuer.filter(realm_id=realm.id)
    if page.issuer:
        query = query.filter(issuer=page.issuer)
    total = await query.count()
    rows = await query.order_by("id").offset(page.offset).limit(page.limit)
    return list(rows), total


async def _trust(realm_name: str, trust_id: str) -> tuple[Realm, TrustedIssuer]:
    realm = await lookup.realm_by_name(realm_name)
    row = await TrustedIssuer.get_or_none(id=trust_id, realm_id=realm.id)
    if row is None:
        raise NotFound(TRUST_MISSING)
    return realm, row


async def get_trusted_issuer(actor: Actor | None, realm_name: str, trust_id: str) -> TrustedIssuer:
    rights.require(actor, realm_name, "view-realm")
    return (await _trust(realm_name, trust_id))[1]


async def delete_trusted_issuer(actor: Actor | None, realm_name: str, trust_id: str) -> None:
    """Once deleted, the issuer's assertions signed with that key are refused."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm, row = await _trust(realm_name, trust_id)
    async with in_transaction():
        await TrustedIssuer.filter(id=row.id).delete()
        await _event(realm, actor, "DELETE", row)


async def trusts_by_ids(actor: Actor | None, ids: list[str]) -> list[TrustedIssuer | None]:
    """For ``node(id:)``: the trusts of realms where the caller may view them."""
    if actor is None:
        return [None] * len(ids)
    found = {r.id: r for r in await TrustedIssuer.filter(id__in=ids).prefetch_related("realm")}
    return [
        row if row is not None and rights.can(actor, row.realm.name, "view-realm") else None
        for row in (found.get(i) for i in ids)
    ]


async def trusted_keys(realm_id: str, issuer: str, subject: str, kid: str | None) -> list[TrustedIssuer]:
    """The unexpired trusts that let ``issuer`` assert ``subject`` (the one with key ``kid`` when the
    assertion names one), those naming the subject first."""
    query = TrustedIssuer.filter(realm_id=realm_id, issuer=issuer, expires_at__gt=now_ms())
    if kid:
        query = query.filter(key_id=kid)
    rows = [r for r in await query.order_by("id") if r.allow_any_subject or r.subject == subject]
    return sorted(rows, key=lambda r: r.allow_any_subject)
