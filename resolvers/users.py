"""Users: create, read, search, count, update, delete, and the batch loaders both faces use."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput, NotFound
from core.passwords import hash_password
from models import (
    Credential,
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
from resolvers import permissions, realm_seed
from resolvers.actor import Actor
from resolvers.attributes import check_attributes
from resolvers.events import record_admin_event
from resolvers.groups import default_groups_of
from resolvers.lookup import realm_by_name, user_in_realm
from resolvers.realm_defaults import setting

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
UNSET: Any = object()


@dataclass
class PasswordInput:
    value: str
    temporary: bool = False


@dataclass
class UserFields:
    """The writable fields of a user. ``UNSET`` leaves a field as it is on update."""

    username: Any = UNSET
    email: Any = UNSET
    first_name: Any = UNSET
    last_name: Any = UNSET
    enabled: Any = UNSET
    email_verified: Any = UNSET
    attributes: Any = UNSET  # dict[str, list[str]]
    required_actions: Any = UNSET  # list[str]
    passwords: list[PasswordInput] = field(default_factory=list)
    groups: Sequence[str] = ()  # group paths, on create


@dataclass(frozen=True)
class UserSearch:
    search: str | None = None
    username: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    exact: bool = False
    enabled: bool | None = None
    email_verified: bool | None = None
    q: Mapping[str, str] = field(default_factory=dict)


# Each pair is one more condition in the statement; past a few hundred the query builder's recursion
# gives out, and no real search names more than a handful.
MAX_Q_PAIRS = 100


def parse_q(q: str | None) -> dict[str, str]:
    """Keycloak's ``q``: space-separated ``key:value`` pairs."""
    pairs: dict[str, str] = {}
    parts = (q or "").split()
    if len(parts) > MAX_Q_PAIRS:
        raise InvalidInput(f"The q parameter takes at most {MAX_Q_PAIRS} key:value pairs", field="q")
    for part in parts:
        key, sep, value = part.partition(":")
        if not sep or not key:
            raise InvalidInput(f"Invalid q parameter '{part}': expected key:value")
        pairs[key] = value
    return pairs


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _prefix(column: str, value: str) -> Q:
    """A prefix match that runs on the column's B-tree index on both databases: a range the index can
    seek, plus the exact ``startswith`` as a filter on the few rows in range."""
    following = ord(value[-1]) + 1
    if following > 0x10FFFF:  # no code point follows: the prefix alone bounds nothing above
        return Q(**{f"{column}__gte": value, f"{column}__startswith": value})
    if 0xD800 <= following <= 0xDFFF:  # surrogates are no text: the next character is U+E000
        following = 0xE000
    upper = value[:-1] + chr(following)
    return Q(**{f"{column}__gte": value, f"{column}__lt": upper, f"{column}__startswith": value})


def _text_match(column: str, value: str, exact: bool) -> Q:
    lowered = value.lower()
    if exact:
        return Q(**{column: lowered})
    return Q(**{f"{column}__contains": lowered})


_SEARCH_COLUMNS = ("username", "email", "first_name_lower", "last_name_lower")


def _search_branches(value: str | None) -> list[Q]:
    """Keycloak's ``search``: prefix by default, ``*x*`` infix, ``"x"`` exact, ``*`` everything. One condition
    per searched column, so that each runs on that column's index (an OR across columns would not)."""
    value = (value or "").strip().lower()
    if value in ("", "*"):
        return []
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return [Q(**{c: value[1:-1]}) for c in _SEARCH_COLUMNS]
    if value.startswith("*"):
        inner = value.strip("*")
        return [Q(**{f"{c}__contains": inner}) for c in _SEARCH_COLUMNS]
    return [_prefix(c, value.rstrip("*")) for c in _SEARCH_COLUMNS]


def search_branches(realm: Realm, s: UserSearch) -> list[QuerySet[User]]:
    """The querysets whose union is the search result (one when there is no ``search``)."""
    qs = User.filter(realm_id=realm.id, service_account_client_id=None)
    for column, value in (
        ("username", s.username),
        ("email", s.email),
        ("first_name_lower", s.first_name),
        ("last_name_lower", s.last_name),
    ):
        if value is not None:
            qs = qs.filter(_text_match(column, value, s.exact))
    if s.enabled is not None:
        qs = qs.filter(enabled=s.enabled)
    if s.email_verified is not None:
        qs = qs.filter(email_verified=s.email_verified)
    for name, value in s.q.items():
        qs = qs.filter(id__in=Subquery(UserAttribute.filter(name=name, value=value).values("user_id")))
    branches = _search_branches(s.search)
    return [qs.filter(cond) for cond in branches] if branches else [qs]


async def search_users(
    actor: Actor | None, realm_name: str, s: UserSearch, first: int, max_: int
) -> list[User]:
    permissions.require(actor, realm_name, "query-users")
    realm = await realm_by_name(realm_name)
    branches = search_branches(realm, s)
    if len(branches) == 1:
        return await branches[0].order_by("username").offset(first).limit(max_)
    # The page of the union ordered by username lies within each branch's first first+max rows.
    names: dict[str, str] = {}
    for qs in branches:
        names.update(await qs.order_by("username").limit(first + max_).values_list("id", "username"))
    page = sorted(names, key=names.__getitem__)[first : first + max_]
    found = {u.id: u for u in await User.filter(id__in=page)} if page else {}
    return [found[i] for i in page]


async def count_users(actor: Actor | None, realm_name: str, s: UserSearch) -> int:
    permissions.require(actor, realm_name, "query-users")
    realm = await realm_by_name(realm_name)
    branches = search_branches(realm, s)
    if len(branches) == 1:
        return await branches[0].count()
    ids: set[str] = set()
    for qs in branches:
        ids.update(await qs.values_list("id", flat=True))
    return len(ids)


async def get_user(actor: Actor | None, realm_name: str, user_id: str) -> User:
    permissions.require(actor, realm_name, "view-users")
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


def _optional_str(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be a string", field=name)
    return value.strip() or None


def apply_fields(user: User, realm: Realm, f: UserFields, creating: bool, imported: bool = False) -> None:
    """Validate ``f`` and copy it onto ``user``. An ``imported`` user (from a realm export) skips the
    user-profile rule on username characters, as Keycloak's import does."""
    if f.username is not UNSET or creating:
        username = _optional_str("username", None if f.username is UNSET else f.username)
        if (
            username is None
            and setting(realm.config, "registrationEmailAsUsername")
            and isinstance(f.email, str)
        ):
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
        user.username = username
    if f.email is not UNSET:
        email = _optional_str("email", f.email)
        if email is not None and not _EMAIL.match(email):
            raise InvalidInput("error-invalid-email", field="email")
        user.email = email.lower() if email else None
    for attr, name in (("first_name", "firstName"), ("last_name", "lastName")):
        value = getattr(f, attr)
        if value is not UNSET:
            text = _optional_str(name, value)
            setattr(user, attr, text)
            setattr(user, attr + "_lower", text.lower() if text else None)
    for attr, name in (("enabled", "enabled"), ("email_verified", "emailVerified")):
        value = getattr(f, attr)
        if value is not UNSET and value is not None:
            if not isinstance(value, bool):
                raise InvalidInput(f"{name} must be a boolean", field=name)
            setattr(user, attr, value)
    if f.required_actions is not UNSET and f.required_actions is not None:
        actions = f.required_actions
        if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
            raise InvalidInput("requiredActions must be a list of strings", field="requiredActions")
        unknown = [a for a in actions if a not in REQUIRED_ACTIONS]
        if unknown:
            raise InvalidInput(f"Unknown required action: {unknown[0]}", field="requiredActions")
        user.required_actions = list(dict.fromkeys(actions))


async def _check_unique(realm: Realm, user: User, exclude_id: str | None) -> None:
    same_name = User.filter(realm_id=realm.id, username=user.username)
    if exclude_id:
        same_name = same_name.exclude(id=exclude_id)
    if await same_name.exists():
        raise Conflict("User exists with same username")
    if user.email and not setting(realm.config, "duplicateEmailsAllowed"):
        same_email = User.filter(realm_id=realm.id, email=user.email)
        if exclude_id:
            same_email = same_email.exclude(id=exclude_id)
        if await same_email.exists():
            raise Conflict("User exists with same email")


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


async def set_password_credential(user: User, encoded: str, temporary: bool) -> None:
    """Replace the user's password; a temporary one asks for UPDATE_PASSWORD at next login."""
    await Credential.filter(user_id=user.id, type="password").delete()
    await Credential.create(
        user_id=user.id,
        type="password",
        secret_data=encoded,
        credential_data={"algorithm": "argon2", "hashIterations": 2},
        temporary=temporary,
    )
    actions = [a for a in user.required_actions if a != "UPDATE_PASSWORD"]
    if temporary:
        actions.append("UPDATE_PASSWORD")
    if actions != user.required_actions:
        user.required_actions = actions
        await user.save(update_fields=["required_actions"])


async def create_user(
    actor: Actor | None,
    realm_name: str,
    f: UserFields,
    *,
    representation: Any = None,
    service_account_client_id: str | None = None,
) -> User:
    actor = permissions.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    user = User(realm_id=realm.id, service_account_client_id=service_account_client_id)
    apply_fields(user, realm, f, creating=True)
    attributes = check_attributes(f.attributes) if f.attributes not in (UNSET, None) else {}
    groups = []
    for path in f.groups:
        group = await Group.get_or_none(realm_id=realm.id, path=path if path.startswith("/") else "/" + path)
        if group is None:
            raise InvalidInput(f"Group {path} not found", field="groups")
        groups.append(group)
    if service_account_client_id is None:
        # New users join the realm's default groups, in the same transaction as the user.
        groups += [g for g in await default_groups_of(realm) if g.id not in {m.id for m in groups}]
    await _check_unique(realm, user, None)
    hashed = await _hashed_passwords(f.passwords)
    default_role = await realm_seed.default_role(realm)
    async with in_transaction():
        await user.save()
        await write_attributes(user.id, attributes)
        for encoded, temporary in hashed[-1:]:
            await set_password_credential(user, encoded, temporary)
        if default_role is not None and service_account_client_id is None:
            await UserRoleMapping.create(user_id=user.id, role_id=default_role.id)
        if groups:
            await GroupMembership.bulk_create(
                [GroupMembership(user_id=user.id, group_id=g.id) for g in groups]
            )
        await record_admin_event(realm, actor, "CREATE", "USER", f"users/{user.id}", representation)
    return user


async def update_user(
    actor: Actor | None, realm_name: str, user_id: str, f: UserFields, *, representation: Any = None
) -> User:
    actor = permissions.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    was_enabled = user.enabled
    apply_fields(user, realm, f, creating=False)
    attributes = check_attributes(f.attributes) if f.attributes not in (UNSET, None) else None
    await _check_unique(realm, user, user.id)
    hashed = await _hashed_passwords(f.passwords)
    async with in_transaction():
        await user.save()
        if attributes is not None:
            await write_attributes(user.id, attributes)
        for encoded, temporary in hashed[-1:]:
            await set_password_credential(user, encoded, temporary)
        if was_enabled and not user.enabled:
            await revoke_user_tokens(user.id)
        await record_admin_event(realm, actor, "UPDATE", "USER", f"users/{user.id}", representation)
    return user


async def revoke_user_tokens(user_id: str) -> None:
    """A disabled user's tokens stop working at once, in every instance."""
    await Token.filter(user_id=user_id, revoked=False).update(revoked=True)
    await Session.filter(user_id=user_id).delete()


async def delete_user(actor: Actor | None, realm_name: str, user_id: str) -> None:
    actor = permissions.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    async with in_transaction():
        await user.delete()
        await record_admin_event(realm, actor, "DELETE", "USER", f"users/{user_id}")


async def attributes_of(user_ids: Sequence[str]) -> dict[str, dict[str, list[str]]]:
    """Batch loader: each user's attributes, in one query."""
    out: dict[str, dict[str, list[str]]] = {uid: {} for uid in user_ids}
    if not user_ids:
        return out
    rows = await raw.fetch(
        f"SELECT user_id, name, value FROM user_attribute WHERE user_id IN ({raw.marks(len(user_ids))})"
        " ORDER BY user_id, name, position",
        *user_ids,
    )
    grouped: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for row in rows:
        grouped[row["user_id"]].setdefault(row["name"], []).append(row["value"])
    out.update(grouped)
    return out


async def users_by_ids(user_ids: Sequence[str]) -> dict[str, User]:
    """Batch loader: users by id."""
    return {u.id: u for u in await User.filter(id__in=list(user_ids))} if user_ids else {}


async def credential_types_of(user_ids: Sequence[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {uid: set() for uid in user_ids}
    if user_ids:
        sql = f"SELECT user_id, type FROM credential WHERE user_id IN ({raw.marks(len(user_ids))})"
        for row in await raw.fetch(sql, *user_ids):
            out[row["user_id"]].add(row["type"])
    return out


async def get_user_by_id(actor: Actor | None, user_id: str) -> User | None:
    """A user by id alone (GraphQL's ``node``): ``None`` when missing or not visible, so that an id's
    existence is never revealed to a caller without the right."""
    actor = permissions.require_authenticated(actor)
    user = await User.get_or_none(id=user_id).select_related("realm")
    if user is None or not permissions.can(actor, user.realm.name, "view-users"):
        return None
    return user
