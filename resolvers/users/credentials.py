"""A user's credentials: listing (metadata only, never secrets), labels, ordering, removal, and the admin
password reset under the realm's password policy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.transactions import in_transaction

from core import password_policy
from core.errors import InvalidInput, NotFound
from core.passwords import hash_password, verify_password
from models import Credential, Realm, User
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.lookup import realm_by_name, user_in_realm
from resolvers.realms.defaults import setting
from resolvers.roles import conferring
from resolvers.users.crud import set_password_credential

HISTORY_TYPE = "password-history"
# The rights that act as the addressed user, and how a refusal words them.
_ACTING_AS = {"manage-users": "manage", "impersonation": "impersonate"}
_STEP = 10


async def target_user(
    actor: Actor | None, realm_name: str, user_id: str, right: str
) -> tuple[Actor, Realm, User]:
    """The caller (checked for ``right`` first), the realm and the addressed user. Managing a user
    (its password, credentials, links, sessions) or impersonating it puts the caller in its place, so
    a user holding admin rights the caller lacks is out of reach."""
    actor = rights.require(actor, realm_name, right)
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    if right in _ACTING_AS:
        await conferring.require_may_act_for(actor, realm, user.id, _ACTING_AS[right])
    return actor, realm, user


async def _ordered(user_id: str) -> list[Credential]:
    return (
        await Credential.filter(user_id=user_id)
        .exclude(type=HISTORY_TYPE)
        .order_by("priority", "created_date")
    )


async def list_credentials(actor: Actor | None, realm_name: str, user_id: str) -> list[Credential]:
    _, _, user = await target_user(actor, realm_name, user_id, "view-users")
    return await _ordered(user.id)


async def _credential(user: User, credential_id: str) -> Credential:
    credential = await Credential.get_or_none(id=credential_id, user_id=user.id)
    if credential is None or credential.type == HISTORY_TYPE:
        raise NotFound("Credential not found")
    return credential


async def delete_credential(actor: Actor | None, realm_name: str, user_id: str, credential_id: str) -> None:
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    credential = await _credential(user, credential_id)
    async with in_transaction():
        await credential.delete()
        await record_admin_event(
            realm, actor, "ACTION", "USER", f"users/{user.id}/credentials/{credential_id}"
        )


async def set_label(
    actor: Actor | None, realm_name: str, user_id: str, credential_id: str, label: str
) -> Credential:
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    credential = await _credential(user, credential_id)
    label = label.strip()
    if len(label) > 255:
        raise InvalidInput("userLabel is longer than 255 characters", field="userLabel")
    credential.user_label = label or None
    async with in_transaction():
        await credential.save(update_fields=["user_label"])
        await record_admin_event(
            realm, actor, "ACTION", "USER", f"users/{user.id}/credentials/{credential_id}/userLabel"
        )
    return credential


async def _renumber(order: Sequence[Credential]) -> None:
    for i, credential in enumerate(order):
        priority = (i + 1) * _STEP
        if credential.priority != priority:
            credential.priority = priority
            await credential.save(update_fields=["priority"])


async def move_after(
    actor: Actor | None, realm_name: str, user_id: str, credential_id: str, previous_id: str | None
) -> None:
    """Place a credential right after ``previous_id``, or first when ``previous_id`` is ``None``."""
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    moved = await _credential(user, credential_id)
    if previous_id is not None:
        await _credential(user, previous_id)
        if previous_id == credential_id:
            raise InvalidInput("A credential cannot be moved after itself")
    async with in_transaction():
        order = [c for c in await _ordered(user.id) if c.id != moved.id]
        at = 0 if previous_id is None else next(i for i, c in enumerate(order) if c.id == previous_id) + 1
        order.insert(at, moved)
        await _renumber(order)
        path = (
            f"users/{user.id}/credentials/{credential_id}/moveToFirst"
            if previous_id is None
            else f"users/{user.id}/credentials/{credential_id}/moveAfter/{previous_id}"
        )
        await record_admin_event(realm, actor, "ACTION", "USER", path)


async def _check_history(user: User, policy: password_policy.PasswordPolicy, password: str) -> None:
    if policy.history <= 0:
        return
    current: list[Any] = await Credential.filter(user_id=user.id, type="password").values_list(
        "secret_data", flat=True
    )
    earlier: list[Any] = await (
        Credential.filter(user_id=user.id, type=HISTORY_TYPE)
        .order_by("-created_date")
        .limit(max(policy.history - 1, 0))
        .values_list("secret_data", flat=True)
    )
    for encoded in [*current, *earlier]:
        if await verify_password(encoded, password):
            raise password_policy.history_violation(policy)


async def reset_password(
    actor: Actor | None, realm_name: str, user_id: str, value: str | None, temporary: bool = False
) -> None:
    """Set a new password under the realm's policy; a temporary one asks for UPDATE_PASSWORD. The values
    are checked here, as a dialect may hand them over as they came."""
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    if value is None:
        raise InvalidInput("No password provided", field="value")
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("Empty password", field="value")
    if not isinstance(temporary, bool):
        raise InvalidInput("temporary must be a boolean", field="temporary")
    policy = password_policy.parse(setting(realm.config, "passwordPolicy"))
    password_policy.check(policy, value, user.username, user.email)
    await _check_history(user, policy, value)
    encoded = await hash_password(value)
    async with in_transaction():
        if policy.history > 1:
            old = await Credential.filter(user_id=user.id, type="password").first()
            if old is not None:
                await Credential.create(
                    user_id=user.id,
                    type=HISTORY_TYPE,
                    secret_data=old.secret_data,
                    credential_data=old.credential_data,
                    created_date=old.created_date,
                )
            keep = await (
                Credential.filter(user_id=user.id, type=HISTORY_TYPE)
                .order_by("-created_date")
                .offset(policy.history - 1)
                .values_list("id", flat=True)
            )
            if keep:
                await Credential.filter(id__in=list(keep)).delete()
        await set_password_credential(user, encoded, temporary)
        await record_admin_event(realm, actor, "ACTION", "USER", f"users/{user.id}/reset-password")


async def disable_credential_types(
    actor: Actor | None, realm_name: str, user_id: str, types: Sequence[str]
) -> None:
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise InvalidInput("Body must be a list of credential types")
    # Passwords are not disableable, as in Keycloak's user representation.
    disable = [t for t in types if t not in ("password", HISTORY_TYPE)]
    async with in_transaction():
        if disable:
            await Credential.filter(user_id=user.id, type__in=disable).delete()
        await record_admin_event(
            realm, actor, "ACTION", "USER", f"users/{user.id}/disable-credential-types", types
        )


async def storage_credential_types(actor: Actor | None, realm_name: str, user_id: str) -> list[str]:
    """Credential types kept by a user-storage provider: none, as no federation is configured."""
    await target_user(actor, realm_name, user_id, "view-users")
    return []
