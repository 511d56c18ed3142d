"""Credentials kept as another server stored them (a Keycloak realm export's, or given to ``POST /users``):
password hashes verified as that server verifies them and rehashed to argon2id on the first successful
login, OTP secrets (and any other type's secret data) sealed at rest, Keycloak's ``credentialData`` kept
as given so that a later verifier can use it. Nothing is dropped: what cannot be kept is refused."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.errors import InvalidInput
from core.passwords import (
    PBKDF2_DIGESTS,
    UnsupportedHash,
    encode_keycloak_argon2,
    encode_pbkdf2,
    hash_password,
    needs_rehash,
)
from core.runtime import secret_box
from models import Credential, User
from resolvers.users.inputs import StoredCredentialInput

PASSWORD = "password"
HISTORY = "password-history"
ARGON2_DATA = {"algorithm": "argon2", "hashIterations": 2}
"""The credentialData of a password hashed here."""
_ARGON2_NUMBERS = ("hashLength", "memory", "parallelism")


@dataclass(frozen=True)
class PreparedCredential:
    """A checked credential, ready to be written: the fields of its row."""

    type: str
    secret_data: str
    credential_data: dict[str, Any]
    credential_id: str | None
    user_label: str | None
    created_date: int | None
    temporary: bool


def _first(parameters: Any, name: str, where: str) -> str:
    values = parameters.get(name) if isinstance(parameters, Mapping) else None
    if not isinstance(values, list) or not values or not isinstance(values[0], str):
        raise InvalidInput(f"{where}: argon2 needs its {name}", field=f"{where}.{name}")
    return values[0]


def _hash(item: StoredCredentialInput) -> str:
    """The stored form of a password hash, as ``core.passwords`` verifies it."""
    where, data, secret = item.source, item.credential_data, item.secret_data
    if secret.get("additionalParameters"):
        name = f"{where}.secretData.additionalParameters"
        raise InvalidInput(f"{name}: no password hash algorithm here takes them", field=name)
    algorithm = data.get("algorithm")
    try:
        if algorithm in PBKDF2_DIGESTS:
            iterations, salt, value = data.get("hashIterations"), secret.get("salt"), secret.get("value")
            return encode_pbkdf2(str(algorithm), iterations, salt, value)
        if algorithm == "argon2":
            parameters = data.get("additionalParameters")
            at = f"{where}.credentialData.additionalParameters"
            numbers: dict[str, Any] = {"iterations": data.get("hashIterations")}
            for name in _ARGON2_NUMBERS:
                text = _first(parameters, name, at)
                numbers[name] = int(text) if text.isascii() and text.isdigit() else None
            return encode_keycloak_argon2(
                _first(parameters, "type", at),
                _first(parameters, "version", at),
                numbers,
                secret.get("salt"),
                secret.get("value"),
            )
    except UnsupportedHash as exc:
        raise InvalidInput(f"{where}: {exc}", field=where) from None
    name = f"{where}.credentialData.algorithm"
    raise InvalidInput(f"{name}: unsupported password hash algorithm {algorithm!r}", field=name)


def _prepare(item: StoredCredentialInput) -> PreparedCredential:
    where = item.source
    if not isinstance(item.type, str) or not 1 <= len(item.type) <= 64:
        raise InvalidInput(f"{where}.type must be a name of at most 64 characters", field=f"{where}.type")
    if item.credential_id is not None and not 1 <= len(item.credential_id) <= 64:
        raise InvalidInput(f"{where}.id must be at most 64 characters", field=f"{where}.id")
    if item.user_label is not None and len(item.user_label) > 255:
        raise InvalidInput(f"{where}.userLabel is longer than 255 characters", field=f"{where}.userLabel")
    if item.type in (PASSWORD, HISTORY):
        secret_data = _hash(item)
    else:
        value = item.secret_data.get("value")
        if item.type == "otp" and (not isinstance(value, str) or not value):
            name = f"{where}.secretData.value"
            raise InvalidInput(f"{name}: an OTP credential needs its secret", field=name)
        secret_data = secret_box().seal(json.dumps(dict(item.secret_data)))
    return PreparedCredential(
        type=item.type,
        secret_data=secret_data,
        credential_data=dict(item.credential_data),
        credential_id=item.credential_id,
        user_label=item.user_label or None,
        created_date=item.created_date,
        temporary=item.temporary and item.type == PASSWORD,
    )


def prepare(items: Sequence[StoredCredentialInput], *, plain_password: bool) -> list[PreparedCredential]:
    """Check ``items`` and put them in their stored form (before any transaction: nothing here waits on
    the database). A user has one password: a hashed one beside another, or beside a plain value
    (``plain_password``), is refused."""
    prepared = [_prepare(item) for item in items]
    passwords = [item for item in items if item.type == PASSWORD]
    if len(passwords) > 1 or (passwords and plain_password):
        where = passwords[-1].source
        raise InvalidInput(f"{where}: a user has one password, and it is given twice", field=where)
    return prepared


async def set_password_credential(
    user: User, encoded: str, temporary: bool, *, keep: Mapping[str, Any] | None = None
) -> None:
    """Replace the user's password; a temporary one asks for UPDATE_PASSWORD at next login. ``keep`` holds
    the row fields an imported hash brings (its id, label, date and credentialData)."""
    await Credential.filter(user_id=user.id, type=PASSWORD).delete()
    await Credential.create(
        user_id=user.id,
        type=PASSWORD,
        secret_data=encoded,
        temporary=temporary,
        **({"credential_data": ARGON2_DATA} | dict(keep or {})),
    )
    actions = [a for a in user.required_actions if a != "UPDATE_PASSWORD"]
    if temporary:
        actions.append("UPDATE_PASSWORD")
    if actions != user.required_actions:
        user.required_actions = actions
        await user.save(update_fields=["required_actions"])


async def store(user: User, prepared: Sequence[PreparedCredential]) -> None:
    """Write ``prepared`` for ``user``, inside the caller's transaction, in the order given. An id the
    user's credentials already hold is skipped (Keycloak's import does so); an id another user's
    credential holds is replaced by a new one."""
    ids = [c.credential_id for c in prepared if c.credential_id]
    owners = dict(await Credential.filter(id__in=ids).values_list("id", "user_id")) if ids else {}
    for position, item in enumerate(prepared):
        if item.credential_id and owners.get(item.credential_id) == user.id:
            continue
        row: dict[str, Any] = {"credential_data": item.credential_data, "priority": (position + 1) * 10}
        if item.credential_id and item.credential_id not in owners:
            row["id"] = item.credential_id
            owners[item.credential_id] = user.id
        if item.user_label:
            row["user_label"] = item.user_label
        if item.created_date is not None:
            row["created_date"] = item.created_date
        if item.type == PASSWORD:
            await set_password_credential(user, item.secret_data, item.temporary, keep=row)
        else:
            await Credential.create(user_id=user.id, type=item.type, secret_data=item.secret_data, **row)


async def rehash_if_needed(credential: Credential, password: str) -> None:
    """After ``password`` verified against ``credential``: a hash imported from another server, or one of
    weaker parameters, becomes argon2id, unless the password changed in the meantime."""
    if not needs_rehash(credential.secret_data):
        return
    encoded = await hash_password(password)
    await Credential.filter(id=credential.id, secret_data=credential.secret_data).update(
        secret_data=encoded, credential_data=ARGON2_DATA
    )
