"""Batch loaders of what hangs off users, one query per batch; both faces build on them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from models import User, raw


async def attributes_of(user_ids: Sequence[str]) -> dict[str, dict[str, list[str]]]:
    """Each user's attributes, in one query."""
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
    """Users by id."""
    return {u.id: u for u in await User.filter(id__in=list(user_ids))} if user_ids else {}


async def credential_types_of(user_ids: Sequence[str]) -> dict[str, set[str]]:
    """The types of credential each user holds, in one query."""
    out: dict[str, set[str]] = {uid: set() for uid in user_ids}
    if user_ids:
        sql = f"SELECT user_id, type FROM credential WHERE user_id IN ({raw.marks(len(user_ids))})"
        for row in await raw.fetch(sql, *user_ids):
            out[row["user_id"]].add(row["type"])
    return out
