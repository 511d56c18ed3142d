"""JSON Web Key sets of a realm (Hydra's ``/keys``): generated or given keys, private halves sealed with the
key-encryption key, only public parts shown after the answer that generated them.

A key pair is one row: Hydra 1.x's ``private:<kid>`` and ``public:<kid>`` entries both name the row
``<kid>``. The set ``hydra.openid.id-token`` is the realm's own signing keys: writes to it may change them,
but never leave the realm without a private key to sign its tokens with (a delete that would takes a fresh
key in its place, as Hydra makes one when its set is gone). Whoever holds a signing key can mint a token
for anyone in the realm, so a signing key generated here never shows its private parts, and putting key
material of the caller's own into that set confers every right of the realm: only a caller who may confer
realm-admin may (the one rule against escalation)."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from jwcrypto.common import JWException
from jwcrypto.jwk import JWK
from tortoise.transactions import in_transaction

from core import jwt
from core.errors import Conflict, InvalidInput, NamedInvalidInput, NotFound
from core.runtime import secret_box
from models import Key, Realm
from resolvers.auth import keys as realm_keys
from resolvers.keys.views import KeyView, public_view, stored_set
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event

KEY_MISSING = "Unable to locate the requested resource"
_PREFIXES = ("private:", "public:")


def bare_kid(kid: str) -> str:
    """Hydra's pair prefixes name one row."""
    for prefix in _PREFIXES:
        if kid.startswith(prefix):
            return kid[len(prefix) :]
    return kid


def _algorithm(key: JWK, given: Any) -> str:
    """The key's ``alg``, or the one its type implies (Hydra keeps keys without one)."""
    if isinstance(given, str) and given:
        return given
    kty = key.get("kty")
    curve = key.get("crv")
    implied = {"RSA": "RS256", "oct": "HS256", "OKP": "EdDSA"}.get(kty) or {
        "P-256": "ES256",
        "P-384": "ES384",
        "P-521": "ES512",
    }.get(curve)
    if implied is None:
        raise NamedInvalidInput("Bad Request", "Unsupported key algorithm")
    return implied


def _row(realm: Realm, set_name: str, key: JWK, kid: str, algorithm: str, use: str) -> Key:
    private = key.has_private or key.get("kty") == "oct"
    public = {"kty": "oct", "kid": kid} if key.get("kty") == "oct" else jwt.public_dict(key)
    return Key(
        kid=kid,
        realm_id=realm.id,
        set_name=set_name,
        algorithm=algorithm,
        use=use,
        public_jwk=public | {"kid": kid},
        private_enc=secret_box().seal(jwt.private_json(key)) if private else None,
    )


def _parse(data: Any, default_kid: str | None = None) -> tuple[JWK, str, str, str]:
    """A given JWK: the key, its bare kid, its algorithm and its use."""
    if not isinstance(data, dict):
        raise InvalidInput("A JSON Web Key must be a JSON object")
    try:
        key = JWK(**{k: v for k, v in data.items() if not k.startswith("x5")})
    except (JWException, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidInput("Unable to read the JSON Web Key") from exc
    kid = data.get("kid") if isinstance(data.get("kid"), str) and data.get("kid") else default_kid
    if not kid:
        raise InvalidInput("A JSON Web Key needs a kid")
    use = data.get("use") if isinstance(data.get("use"), str) and data.get("use") else "sig"
    if use not in ("sig", "enc"):
        raise InvalidInput("The use of a JSON Web Key is sig or enc")
    return key, bare_kid(kid), _algorithm(key, data.get("alg")), use


def _pairs(keys: list[Any]) -> list[tuple[JWK, str, str, str]]:
    """Given keys by bare kid: a private entry wins over the public entry of the same pair."""
    chosen: dict[str, tuple[JWK, str, str, str]] = {}
    for data in keys:
        parsed = _parse(data)
        held = chosen.get(parsed[1])
        if held is None or (parsed[0].has_private and not held[0].has_private):
            chosen[parsed[1]] = parsed
    return list(chosen.values())


def _require_may_sign(actor: Actor, realm_name: str, set_name: str) -> None:
    if set_name == "":
        rights.require_may_confer(
            actor,
            [rights.AdminRole(realm_name, "realm-admin")],
            doing="put keys into the token-signing set, which confers",
        )


def _signs(rows: list[Key]) -> bool:
    """Whether the signing set still holds a private key the realm can sign tokens with."""
    return any(
        r.private_enc and r.use == "sig" and r.active and r.algorithm in jwt.SUPPORTED_ALGORITHMS
        for r in rows
    )


async def _taken(kids: list[str], realm: Realm, set_name: str) -> None:
    """``Key.kid`` is unique across sets and realms: a kid held elsewhere is a conflict."""
    elsewhere = await Key.filter(kid__in=kids).exclude(realm_id=realm.id, set_name=set_name).exists()
    if elsewhere:
        raise Conflict(
            "Unable to insert or update resource because a resource with that value exists already"
        )


async def _save(
    realm: Realm, actor: Actor, set_name: str, rows: list[Key], replace: list[str] | None
) -> None:
    """Store ``rows``, first deleting the set (``replace`` is None) or the kids in ``replace``."""
    if set_name == "" and any(r.algorithm not in jwt.SUPPORTED_ALGORITHMS or r.use != "sig" for r in rows):
        raise InvalidInput(
            "The set hydra.openid.id-token signs the realm's tokens: its keys are signing keys "
            "(RS256, RS384, RS512, ES256, ES384 or ES512)"
        )
    async with in_transaction():
        old = Key.filter(realm_id=realm.id, set_name=set_name)
        await (old if replace is None else old.filter(kid__in=replace)).delete()
        for row in rows:
            await row.save(force_create=True)
        if set_name == "":
            if not _signs(await Key.filter(realm_id=realm.id, set_name="")):
                raise InvalidInput(
                    "The set hydra.openid.id-token signs the realm's tokens: it must keep a private "
                    "signing key (RS256, RS384, RS512, ES256, ES384 or ES512)"
                )
            await realm_keys.forget(realm.id)
        resource = f"keys/{set_name or 'hydra.openid.id-token'}"
        await record_admin_event(realm, actor, "UPDATE", "COMPONENT", resource)


async def generate_key(
    actor: Actor | None, realm_name: str, set_name: str, algorithm: Any, kid: Any, use: Any
) -> KeyView:
    """Hydra's ``POST /keys/{set}``: a new key, shown with its private parts in this answer only (never for
    the signing set)."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    if not isinstance(algorithm, str) or algorithm not in jwt.GENERATED_KEYS:
        raise NamedInvalidInput("Bad Request", "Unsupported key algorithm")
    if (kid is not None and not isinstance(kid, str)) or (use is not None and not isinstance(use, str)):
        raise InvalidInput("kid and use must be strings")
    kid = bare_kid(kid) if kid else str(uuid.uuid4())
    use = use or "sig"
    if use not in ("sig", "enc"):
        raise InvalidInput("The use of a JSON Web Key is sig or enc")
    stored = stored_set(set_name)
    if await Key.filter(kid=kid).exists():
        raise Conflict(
            "Unable to insert or update resource because a resource with that value exists already"
        )
    key = await asyncio.to_thread(jwt.generate_jwk, algorithm, kid, use)
    row = _row(realm, stored, key, kid, algorithm, use)
    await _save(realm, actor, stored, [row], [])
    if stored == "":
        return public_view(row)  # the realm's private signing key never leaves the server
    private = json.loads(jwt.private_json(key)) | {"kid": kid, "alg": algorithm, "use": use}
    return KeyView(set_name, kid, algorithm, use, private, row.created_at)


async def get_key_set(actor: Actor | None, realm_name: str, set_name: str) -> list[KeyView]:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    rows = await Key.filter(realm_id=realm.id, set_name=stored_set(set_name)).order_by("-created_at", "kid")
    if not rows:
        raise NotFound(KEY_MISSING)
    return [public_view(r) for r in rows]


async def get_key(actor: Actor | None, realm_name: str, set_name: str, kid: str) -> KeyView:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    row = await Key.get_or_none(realm_id=realm.id, set_name=stored_set(set_name), kid=bare_kid(kid))
    if row is None:
        raise NotFound(KEY_MISSING)
    return public_view(row)


async def put_key_set(actor: Actor | None, realm_name: str, set_name: str, keys: Any) -> list[KeyView]:
    """Hydra's ``PUT /keys/{set}``: the set replaced by the given keys."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    if not isinstance(keys, list):
        raise InvalidInput("keys must be an array of JSON Web Keys")
    stored = stored_set(set_name)
    _require_may_sign(actor, realm_name, stored)
    rows = [_row(realm, stored, *parsed) for parsed in _pairs(keys)]
    await _taken([r.kid for r in rows], realm, stored)
    await _save(realm, actor, stored, rows, None)
    return [public_view(r) for r in rows]


async def put_key(actor: Actor | None, realm_name: str, set_name: str, kid: str, data: Any) -> KeyView:
    """Hydra's ``PUT /keys/{set}/{kid}``: that key replaced, or added."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    key, given_kid, algorithm, use = _parse(data, kid)
    if given_kid != bare_kid(kid):
        raise InvalidInput("The kid of the JSON Web Key does not match the kid of the path")
    stored = stored_set(set_name)
    _require_may_sign(actor, realm_name, stored)
    row = _row(realm, stored, key, given_kid, algorithm, use)
    await _taken([row.kid], realm, stored)
    await _save(realm, actor, stored, [row], [row.kid])
    return public_view(row)


async def delete_keys(actor: Actor | None, realm_name: str, set_name: str, kid: str | None = None) -> None:
    """Hydra's ``DELETE /keys/{set}[/{kid}]`` (204 whether or not anything was there). The signing set
    left without a signing key gets a fresh RS256 key in the same transaction."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    stored = stored_set(set_name)
    doomed = None if kid is None else [bare_kid(kid)]
    rows: list[Key] = []
    if stored == "":
        left = Key.filter(realm_id=realm.id, set_name="")
        remaining = [] if doomed is None else await left.exclude(kid__in=doomed)
        if not _signs(remaining):
            fresh = await realm_keys.new_private_key()
            rows = [_row(realm, "", fresh, str(fresh.get("kid")), "RS256", "sig")]
    await _save(realm, actor, stored, rows, doomed)


async def key_sets(actor: Actor | None, realm_name: str) -> dict[str, list[KeyView]]:
    """Every key set of the realm by its Hydra name, public parts only, newest key first."""
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    found: dict[str, list[KeyView]] = {}
    for row in await Key.filter(realm_id=realm.id).order_by("set_name", "-created_at", "kid"):
        view = public_view(row)
        found.setdefault(view.set_name, []).append(view)
    return found
