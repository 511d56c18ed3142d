"""Users: read, create, update and delete, with the validation of a user's fields."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput, NotFound
from core.passwords import hash_password
from models import (
    Group,
    GroupMembership,
    Realm,
    Session,
    Token,
    User,
    UserAttribute,
    UserRoleMapping,
    raw,
)
from resolvers.groups.defaults import default_groups_of
from resolvers.kit import rights, unique
from resolvers.kit.actor import Actor
from resolvers.kit.attributes import check_attributes
from resolvers.kit.audit import record_admin_event
from resolvers.kit.lookup import realm_by_name, user_in_realm
from resolvers.realms import seed as realm_seed
from resolvers.realms.defaults import setting
from resolvers.roles import conferring
from resolvers.users.inputs import UNSET as UNSET
from resolvers.users.inputs import PasswordInput as PasswordInput
from resolvers.users.inputs import UserFields as UserFields
from resolvers.users.stored_credentials import prepare as prepare_stored_credentials
from resolvers.users.stored_credentials import set_password_credential as set_password_credential
from resolvers.users.stored_credentials import store as store_credentials
from resolvers.users.views import UserView, user_views

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_USERNAME_FORBIDDEN = re.compile(r"[\s<>&\"'$%!#?§,;:*~/\\|^=\[\]{}()`]")
REQUIRED_ACTIONS = (
    "CONFIGURE_TOTP",
    "UPDATE_PASSWORD",
    "UPDATE_PROFILE",
    "VERIFY_EMAIL",
    "TERMS_AND_CONDITIONS",
    "delete_account",
    "update_user_locale",
    "webauthn-register",
    "webauthn-register-passwordless",
    "VERIFY_PROFILE",
    "delete_credential",
    "CONFIGURE_RECOVERY_AUTHN_CODES",
)
SAME_USERNAME = "User exists with same username"


async def get_user(actor: Actor | None, realm_name: str, user_id: str) -> User:
    rights.require(actor, realm_name, "view-users")
    user = await raw.one(
        User,
        "SELECT u.* FROM iam_user u JOIN realm r ON r.id = u.realm_id WHERE u.id = ? AND r.name = ?",
        user_id,
        realm_name,
    )
    if user is None:
        await realm_by_name(realm_name)  # a missing realm says so
        raise NotFound("User not found")
    return user


async def get_user_view(actor: Actor | None, realm_name: str, user_id: str) -> UserView:
    """A user with its attributes, its credential types and what the caller may do with it."""
    user = await get_user(actor, realm_name, user_id)
    access = rights.access_of(rights.require_authenticated(actor), realm_name, "user")
    return (await user_views([user], attributes=True, credential_types=True, access=access))[0]


async def get_user_by_id(actor: Actor | None, user_id: str) -> User | None:
    """A user by id alone (GraphQL's ``node``): ``None`` when missing or not visible, so that an id's
    existence is never revealed to a caller without the right."""
    actor = rights.require_authenticated(actor)
    user = await User.get_or_none(id=user_id).select_related("realm")
    if user is None or not rights.can(actor, user.realm.name, "view-users"):
        return None
    return user


# Validation -----------------------------------------------------------------------------------------------


def _optional_str(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be a string", field=name)
    return value.strip() or None


def _username(user: User, realm: Realm, f: UserFields, creating: bool, imported: bool) -> str:
    username = _optional_str("username", None if f.username is UNSET else f.username)
    if username is None and setting(realm.config, "registrationEmailAsUsername") and isinstance(f.email, str):
        username = f.email
    if username is None:
        raise InvalidInput("error-user-attribute-required", field="username")
    username = username.lower()
    if not creating and username != user.username and not setting(realm.config, "editUsernameAllowed"):
        raise InvalidInput("error-user-attribute-read-only", field="username")
    if not 1 <= len(username) <= 255:
        raise InvalidInput("error-invalid-length", field="username")
    if not imported and _USERNAME_FORBIDDEN.search(username) and not _EMAIL.match(username):
        raise InvalidInput("error-username-invalid-character", field="username")
    return username


def _required_actions(actions: object) -> list[str]:
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        raise InvalidInput("requiredActions must be a list of strings", field="requiredActions")
    unknown = [a for a in actions if a not in REQUIRED_ACTIONS]
    if unknown:
        raise InvalidInput(f"Unknown required action: {unknown[0]}", field="requiredActions")
    return list(dict.fromkeys(actions))


def apply_fields(user: User, realm: Realm, f: UserFields, creating: bool, imported: bool = False) -> None:
    """Validate ``f`` and copy it onto ``user``. An ``imported`` user (from a realm export) skips the
    user-profile rule on username characters, as Keycloak's import does."""
    if f.username is not UNSET or creating:
        user.username = _username(user, realm, f, creating, imported)
    if f.email is not UNSET:
        email = _optional_str("email", f.email)
        if email is not None and not _EMAIL.match(email):
            raise InvalidInput("error-invalid-email", field="email")
        user.email = email.lower() if email else None
    if f.first_name is not UNSET:
        user.first_name = _optional_str("firstName", f.first_name)
        user.first_name_lower = user.first_name.lower() if user.first_name else None
    if f.last_name is not UNSET:
        user.last_name = _optional_str("lastName", f.last_name)
        user.last_name_lower = user.last_name.lower() if user.last_name else None
    for attr, name in (("enabled", "enabled"), ("email_verified", "emailVerified")):
        value = getattr(f, attr)
        if value is not UNSET and value is not None:
            if not isinstance(value, bool):
                raise InvalidInput(f"{name} must be a boolean", field=name)
            setattr(user, attr, value)
    if f.required_actions is not UNSET and f.required_actions is not None:
        user.required_actions = _required_actions(f.required_actions)
    # Keyed as the realm's rule stands at this write, which is when the rule is checked too.
    duplicates = setting(realm.config, "duplicateEmailsAllowed")
    user.email_key = None if duplicates or not user.email else user.email


def _attributes(f: UserFields) -> dict[str, list[str]] | None:
    """The checked attributes of ``f``; ``None`` when it leaves them as they are."""
    return None if f.attributes is UNSET or f.attributes is None else check_attributes(f.attributes)


async def _check_unique(realm: Realm, user: User, exclude_id: str | None) -> None:
    """Refuse a username or (where the realm allows no duplicates) an e-mail another user has."""
    same_name = User.filter(realm_id=realm.id, username=user.username)
    if exclude_id:
        same_name = same_name.exclude(id=exclude_id)
    if await same_name.exists():
        raise Conflict(SAME_USERNAME)
    if user.email and not setting(realm.config, "duplicateEmailsAllowed"):
        same_email = User.filter(realm_id=realm.id, email=user.email)
        if exclude_id:
            same_email = same_email.exclude(id=exclude_id)
        if await same_email.exists():
            raise Conflict("User exists with same email")


async def _groups(realm: Realm, paths: Sequence[str]) -> list[Group]:
    groups = []
    for path in paths:
        group = await Group.get_or_none(realm_id=realm.id, path=path if path.startswith("/") else "/" + path)
        if group is None:
            raise InvalidInput(f"Group {path} not found", field="groups")
        groups.append(group)
    return groups


# Writing --------------------------------------------------------------------------------------------------


async def write_attributes(user_id: str, attributes: dict[str, list[str]]) -> None:
    await UserAttribute.filter(user_id=user_id).delete()
    rows = [
        UserAttribute(user_id=user_id, name=name, value=value, position=i)
        for name, values in attributes.items()
        for i, value in enumerate(values)
    ]
    if rows:
        await UserAttribute.bulk_create(rows)


async def _hashed_passwords(passwords: Iterable[PasswordInput]) -> list[tuple[str, bool]]:
    out = []
    for p in passwords:
        if not isinstance(p.value, str) or p.value == "":
            raise InvalidInput("Password value must be a non-empty string", field="credentials")
        out.append((await hash_password(p.value), p.temporary))
    return out


async def create_user(
    actor: Actor | None,
    realm_name: str,
    f: UserFields,
    *,
    service_account_client_id: str | None = None,
) -> User:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    user = User(realm_id=realm.id, service_account_client_id=service_account_client_id)
    apply_fields(user, realm, f, creating=True)
    attributes = _attributes(f) or {}
    groups = await _groups(realm, f.groups)
    await conferring.require_may_confer_groups(actor, realm, [g.id for g in groups])
    if service_account_client_id is None:
        # New users join the realm's default groups, in the same transaction as the user.
        groups += [g for g in await default_groups_of(realm) if g.id not in {m.id for m in groups}]
    await _check_unique(realm, user, None)
    kept = prepare_stored_credentials(f.stored_credentials, plain_password=bool(f.passwords))
    hashed = await _hashed_passwords(f.passwords)
    default_role = await realm_seed.default_role(realm)
    async with unique.transaction(SAME_USERNAME, explain=lambda: _check_unique(realm, user, None)):
        await user.save()
        await write_attributes(user.id, attributes)
        for encoded, temporary in hashed[-1:]:
            await set_password_credential(user, encoded, temporary)
        await store_credentials(user, kept)
        if default_role is not None and service_account_client_id is None:
            await UserRoleMapping.create(user_id=user.id, role_id=default_role.id)
        if groups:
            await GroupMembership.bulk_create(
                [GroupMembership(user_id=user.id, group_id=g.id) for g in groups]
            )
        await record_admin_event(realm, actor, "CREATE", "USER", f"users/{user.id}", f)
    return user


async def update_user(actor: Actor | None, realm_name: str, user_id: str, f: UserFields) -> User:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    await conferring.require_may_act_for(actor, realm, user.id, "manage")
    was_enabled = user.enabled
    apply_fields(user, realm, f, creating=False)
    attributes = _attributes(f)
    await _check_unique(realm, user, user.id)
    kept = prepare_stored_credentials(f.stored_credentials, plain_password=bool(f.passwords))
    hashed = await _hashed_passwords(f.passwords)
    async with unique.transaction(SAME_USERNAME, explain=lambda: _check_unique(realm, user, user.id)):
        await user.save()
        if attributes is not None:
            await write_attributes(user.id, attributes)
        for encoded, temporary in hashed[-1:]:
            await set_password_credential(user, encoded, temporary)
        await store_credentials(user, kept)
        if was_enabled and not user.enabled:
            await revoke_user_tokens(user.id)
        await record_admin_event(realm, actor, "UPDATE", "USER", f"users/{user.id}", f)
    return user


async def revoke_user_tokens(user_id: str) -> None:
    """A disabled user's tokens stop working at once, in every instance."""
    await Token.filter(user_id=user_id, revoked=False).update(revoked=True)
    await Session.filter(user_id=user_id).delete()


async def delete_user(actor: Actor | None, realm_name: str, user_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    async with in_transaction():
        await user.delete()
        await record_admin_event(realm, actor, "DELETE", "USER", f"users/{user_id}")
