"""Reading a UserRepresentation's ``credentials`` (``POST /users``, a realm export's users) as Keycloak's
import reads them: a ``value`` is a password to hash; otherwise the credential is kept as it was stored,
from its ``secretData`` and ``credentialData`` documents (JSON in strings), or from the fields of the
format before Keycloak 10 (``hashedSaltedValue``, ``salt``, ``hashIterations``, ...), converted as
Keycloak's ``convertDeprecatedCredentialsFormat`` converts them."""

from __future__ import annotations

import json
from typing import Any

from core.errors import InvalidInput
from resolvers.users.inputs import PasswordInput, StoredCredentialInput
from rest_compat.keycloak import jackson

_HASHED = ("password", "password-history")
_OTP_LEGACY = ("totp", "hotp")
_LEGACY_FIELDS = ("hashedSaltedValue", "salt", "hashIterations", "algorithm", "digits", "period", "counter")
_OTP_NUMBERS = ("digits", "counter", "period")


def _document(value: Any, where: str) -> dict[str, Any]:
    """A ``secretData`` or ``credentialData``: a string holding a JSON object."""
    raw = jackson.text(value, where)
    try:
        parsed = json.loads(raw or "")
    except (ValueError, RecursionError):
        raise InvalidInput(f"{where} must hold a JSON object", field=where) from None
    if not isinstance(parsed, dict):
        raise InvalidInput(f"{where} must hold a JSON object", field=where)
    return parsed


def _parameters(value: Any, where: str) -> dict[str, list[str | None]]:
    """An ``additionalParameters`` (a MultivaluedHashMap of strings)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput(f"{where} must be an object", field=where)
    found: dict[str, list[str | None]] = {}
    for key, values in value.items():
        if not isinstance(values, list):
            raise InvalidInput(f"{where}.{key} must be a list", field=f"{where}.{key}")
        found[key] = [jackson.text(v, f"{where}.{key}") for v in values]
    return found


def _typed(kind: str, secret: dict[str, Any], data: dict[str, Any], where: str) -> None:
    """The fields of Keycloak's credential documents its Jackson mapper types, read as it reads them."""
    if kind in _HASHED:
        data["hashIterations"] = jackson.integer(
            data.get("hashIterations"), f"{where}.credentialData.hashIterations"
        )
        for doc, name in ((secret, "secretData"), (data, "credentialData")):
            if "additionalParameters" in doc:
                doc["additionalParameters"] = _parameters(
                    doc["additionalParameters"], f"{where}.{name}.additionalParameters"
                )
    elif kind == "otp":
        for name in _OTP_NUMBERS:
            if name in data:
                data[name] = jackson.integer(data[name], f"{where}.credentialData.{name}")


def _legacy(rep: dict[str, Any], kind: str, where: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """A credential of the format before Keycloak 10, as Keycloak converts it."""
    number = {k: jackson.integer(rep.get(k), f"{where}.{k}") for k in ("hashIterations", *_OTP_NUMBERS)}
    if kind in _HASHED:
        data = {"hashIterations": number["hashIterations"], "algorithm": rep.get("algorithm")}
        return kind, {"value": rep.get("hashedSaltedValue"), "salt": rep.get("salt")}, data
    otp = {"subType": kind, **{k: number[k] for k in _OTP_NUMBERS}, "algorithm": rep.get("algorithm")}
    return "otp", {"value": rep.get("hashedSaltedValue")}, otp


def _credential(rep: Any, where: str) -> PasswordInput | StoredCredentialInput:
    if not isinstance(rep, dict):
        raise InvalidInput(f"{where} must be an object", field=where)
    kind = jackson.text(rep.get("type"), f"{where}.type") or "password"
    temporary = bool(jackson.boolean(rep.get("temporary"), f"{where}.temporary"))
    value = rep.get("value")
    if isinstance(value, str) and value.strip():
        if kind != "password":
            raise InvalidInput(f"{where}: a value is a password, not a {kind}", field=f"{where}.type")
        return PasswordInput(value=value, temporary=temporary)
    if rep.get("secretData") is not None and rep.get("credentialData") is not None:
        secret = _document(rep["secretData"], f"{where}.secretData")
        data = _document(rep["credentialData"], f"{where}.credentialData")
    elif value is None and kind in (*_HASHED, *_OTP_LEGACY) and any(k in rep for k in _LEGACY_FIELDS):
        kind, secret, data = _legacy(rep, kind, where)
    elif kind == "password":
        return PasswordInput(value=value if isinstance(value, str) else "", temporary=temporary)
    else:
        name = f"{where}.secretData"
        raise InvalidInput(
            f"{where}: a {kind} credential needs its secretData and credentialData", field=name
        )
    _typed(kind, secret, data, where)
    return StoredCredentialInput(
        type=kind,
        secret_data=secret,
        credential_data=data,
        source=where,
        credential_id=jackson.text(rep.get("id"), f"{where}.id"),
        user_label=jackson.text(rep.get("userLabel"), f"{where}.userLabel"),
        created_date=jackson.integer(rep.get("createdDate"), f"{where}.createdDate", long=True),
        temporary=temporary,
    )


def credentials_from(value: Any, where: str = "") -> tuple[list[PasswordInput], list[StoredCredentialInput]]:
    """The passwords to hash and the credentials to keep of a UserRepresentation's ``credentials``
    (``where`` prefixes the field names errors give: ``users[2].``)."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        raise InvalidInput(f"{where}credentials must be a list", field=f"{where}credentials")
    passwords: list[PasswordInput] = []
    stored: list[StoredCredentialInput] = []
    for index, rep in enumerate(value):
        found = _credential(rep, f"{where}credentials[{index}]")
        if isinstance(found, PasswordInput):
            passwords.append(found)
        else:
            stored.append(found)
    return passwords, stored
