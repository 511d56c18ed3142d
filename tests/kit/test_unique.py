"""Uniqueness: an integrity error of a write becomes a Conflict, after its transaction is rolled back."""

from __future__ import annotations

import httpx
import pytest
from tortoise.exceptions import IntegrityError

from core.errors import Conflict
from models import AdminEvent, Group, Realm
from resolvers.kit import unique
from tests.support import RunningServer


async def test_the_guard_turns_integrity_errors_into_conflicts() -> None:
    with pytest.raises(Conflict, match="taken") as raised:
        async with unique.guard("taken"):
            raise IntegrityError("UNIQUE constraint failed")
    assert isinstance(raised.value.__cause__, IntegrityError)
    with pytest.raises(ValueError):
        async with unique.guard("taken"):
            raise ValueError("not a database error")


def test_a_lost_race_rolls_back_and_conflicts(server: RunningServer, admin: httpx.Client, realm: str) -> None:
    assert admin.post(f"/admin/realms/{realm}/groups", json={"name": "once"}).status_code == 201

    async def duplicate() -> tuple[str, int]:
        found = await Realm.get(name=realm)
        before = await AdminEvent.filter(realm_id=found.id).count()
        try:
            async with unique.transaction("Top level group named 'once' already exists."):
                await AdminEvent.create(
                    realm_id=found.id, operation_type="CREATE", resource_type="GROUP", resource_path="x"
                )
                await Group.create(realm_id=found.id, name="once", path="/once")
        except Conflict as exc:
            return exc.message, await AdminEvent.filter(realm_id=found.id).count() - before
        return "", -1

    message, new_events = server.run(duplicate())
    assert message == "Top level group named 'once' already exists." and new_events == 0
