"""One-time passwords under the realm's OTP policy (``otpPolicyType`` totp/hotp, algorithm, digits,
period, look-ahead window), as Keycloak's ``TimeBasedOTP``/``HmacOTP`` compute them: the key is the
secret's UTF-8 bytes, shown to authenticator apps in Base32. OTP credentials keep the secret sealed."""

from __future__ import annotations

import base64
import hmac
import json
import secrets
import string
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from core.runtime import secret_box
from models import Credential, Realm, User
from resolvers.realms.defaults import setting

_DIGESTS = {"HmacSHA1": "sha1", "HmacSHA256": "sha256", "HmacSHA512": "sha512"}
_URI_ALGORITHMS = {"HmacSHA1": "SHA1", "HmacSHA256": "SHA256", "HmacSHA512": "SHA512"}


@dataclass(frozen=True)
class Policy:
    type: str
    algorithm: str
    digits: int
    period: int
    look_ahead: int
    initial_counter: int


def _int(realm: Realm, key: str, fallback: int) -> int:
    try:
        return int(setting(realm.config, key) or fallback)
    except (TypeError, ValueError):
        return fallback


def policy_of(realm: Realm) -> Policy:
    kind = str(setting(realm.config, "otpPolicyType") or "totp")
    algorithm = str(setting(realm.config, "otpPolicyAlgorithm") or "HmacSHA1")
    return Policy(
        type=kind if kind in ("totp", "hotp") else "totp",
        algorithm=algorithm if algorithm in _DIGESTS else "HmacSHA1",
        digits=_int(realm, "otpPolicyDigits", 6),
        period=max(_int(realm, "otpPolicyPeriod", 30), 1),
        look_ahead=max(_int(realm, "otpPolicyLookAheadWindow", 1), 0),
        initial_counter=_int(realm, "otpPolicyInitialCounter", 0),
    )


def hotp(key: bytes, counter: int, digits: int, algorithm: str) -> str:
    """RFC 4226's value for ``counter``."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), _DIGESTS.get(algorithm, "sha1")).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp(key: bytes, digits: int, period: int, algorithm: str, at: float | None = None) -> str:
    return hotp(key, int((time.time() if at is None else at) // period), digits, algorithm)


def new_secret() -> str:
    """A secret as Keycloak makes one: 20 letters and digits."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(20))


def encoded(secret: str) -> str:
    """The Base32 form authenticator apps are given."""
    return base64.b32encode(secret.encode()).decode().rstrip("=")


def otpauth_uri(policy: Policy, secret: str, realm: Realm, username: str) -> str:
    label = quote(f"{realm.name}:{username}")
    query = {
        "secret": encoded(secret),
        "digits": str(policy.digits),
        "algorithm": _URI_ALGORITHMS[policy.algorithm],
        "issuer": realm.name,
    }
    if policy.type == "totp":
        query["period"] = str(policy.period)
    else:
        query["counter"] = str(policy.initial_counter)
    return f"otpauth://{policy.type}/{label}?{urlencode(query, quote_via=quote)}"


def _matches(policy: Policy, data: dict[str, Any], key: bytes, code: str) -> int | None:
    """The counter the code was made for (HOTP) or 0 (TOTP); ``None`` when it does not match."""
    digits = int(data.get("digits") or policy.digits)
    algorithm = str(data.get("algorithm") or policy.algorithm)
    if data.get("subType", policy.type) == "hotp":
        counter = int(data.get("counter") or 0)
        for step in range(counter, counter + policy.look_ahead + 1):
            if hmac.compare_digest(hotp(key, step, digits, algorithm), code):
                return step + 1
        return None
    period = int(data.get("period") or policy.period)
    now = int(time.time() // period)
    for step in range(now - policy.look_ahead, now + policy.look_ahead + 1):
        if hmac.compare_digest(hotp(key, step, digits, algorithm), code):
            return 0
    return None


def first_code_matches(policy: Policy, secret: str, code: str) -> bool:
    """CONFIGURE_TOTP's check of the first code: the initial counter's (HOTP), or within the window."""
    data = {"subType": policy.type, "counter": policy.initial_counter}
    return code.strip().isdigit() and _matches(policy, data, secret.encode(), code.strip()) is not None


async def has_otp(user: User) -> bool:
    return await Credential.filter(user_id=user.id, type="otp").exists()


async def verify(realm: Realm, user: User, code: str | None) -> bool:
    """Whether ``code`` is right for one of the user's OTP credentials (an HOTP counter moves on)."""
    if not code or not code.strip().isdigit():
        return False
    policy = policy_of(realm)
    for credential in await Credential.filter(user_id=user.id, type="otp"):
        secret = json.loads(secret_box().open(credential.secret_data)).get("value")
        if not isinstance(secret, str):
            continue
        data = dict(credential.credential_data or {})
        step = _matches(policy, data, secret.encode(), code.strip())
        if step is None:
            continue
        if step:
            credential.credential_data = data | {"counter": step}
            await credential.save(update_fields=["credential_data"])
        return True
    return False


async def store_credential(realm: Realm, user: User, secret: str, label: str | None) -> None:
    """CONFIGURE_TOTP's result: an OTP credential with Keycloak's ``credentialData``, the secret sealed."""
    policy = policy_of(realm)
    data: dict[str, Any] = {
        "subType": policy.type,
        "digits": policy.digits,
        "counter": policy.initial_counter,
        "period": policy.period,
        "algorithm": policy.algorithm,
    }
    await Credential.create(
        user_id=user.id,
        type="otp",
        secret_data=secret_box().seal(json.dumps({"value": secret})),
        credential_data=data,
        user_label=label or None,
    )
