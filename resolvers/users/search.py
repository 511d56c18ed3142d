"""Searching and counting a realm's users, as Keycloak's user search does, on the columns' indexes."""

from __future__ import annotations

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from models import Realm, User, UserAttribute
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_by_name
from resolvers.users.inputs import UserSearch
from resolvers.users.views import UserView, user_views


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
    for name, value in s.attributes.items():
        qs = qs.filter(id__in=Subquery(UserAttribute.filter(name=name, value=value).values("user_id")))
    branches = _search_branches(s.search)
    return [qs.filter(cond) for cond in branches] if branches else [qs]


async def search_users(
    actor: Actor | None, realm_name: str, s: UserSearch, first: int, max_: int
) -> list[User]:
    rights.require(actor, realm_name, "query-users")
    realm = await realm_by_name(realm_name)
    branches = search_branches(realm, s)
    if len(branches) == 1:
        return await branches[0].order_by("username").offset(first).limit(max_)
    # The page of the union ordered by username lies within each branch's first first+max rows.
    names: dict[str, str] = {}
    for qs in branches:
        rows = await qs.order_by("username").limit(first + max_).values_list("id", "username")
        names.update((str(uid), str(username)) for uid, username in rows)
    page = sorted(names, key=names.__getitem__)[first : first + max_]
    found = {u.id: u for u in await User.filter(id__in=page)} if page else {}
    return [found[i] for i in page]


async def search_user_views(
    actor: Actor | None, realm_name: str, s: UserSearch, first: int, max_: int, *, brief: bool
) -> list[UserView]:
    """A page of the search, with each user's attributes and credential types unless ``brief``."""
    found = await search_users(actor, realm_name, s, first, max_)
    return await user_views(found, attributes=not brief, credential_types=not brief)


async def count_users(actor: Actor | None, realm_name: str, s: UserSearch) -> int:
    rights.require(actor, realm_name, "query-users")
    realm = await realm_by_name(realm_name)
    branches = search_branches(realm, s)
    if len(branches) == 1:
        return await branches[0].count()
    ids: set[str] = set()
    for qs in branches:
        ids.update(str(uid) for uid in await qs.values_list("id", flat=True))
    return len(ids)
