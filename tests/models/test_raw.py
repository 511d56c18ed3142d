"""The typed column read: the values of ``values_list(field, flat=True)``, each checked against its type."""

from __future__ import annotations

import httpx
import pytest

from models import Group, Realm, raw
from tests.support import RunningServer


def test_column_values_are_the_values_and_of_their_type(
    server: RunningServer, admin: httpx.Client, realm: str
) -> None:
    for name in ("a", "b"):
        assert admin.post(f"/admin/realms/{realm}/groups", json={"name": name}).status_code == 201

    async def read() -> tuple[list[str], list[str]]:
        found = await Realm.get(name=realm)
        groups = Group.filter(realm_id=found.id).order_by("name")
        names = await raw.column_values(groups, "name", str)
        with pytest.raises(TypeError, match="name holds str, expected int"):
            await raw.column_values(groups, "name", int)
        return names, await raw.column_values(Group.filter(realm_id=found.id, name="none"), "name", str)

    assert server.run(read()) == (["a", "b"], [])
