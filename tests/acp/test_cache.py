"""The decision path reads the compiled set from memory: SQL per check stays constant whatever the number of
policies, and a version bump in the database (another instance's write) is picked up."""

from __future__ import annotations

import time

import httpx

from models import AcpPolicy, Realm
from resolvers.acp import store as acp
from resolvers.kit import cache
from tests.support import RunningServer, count_sql, unique

FLAVOR = "regex"


async def _seed(tag: str, count: int) -> None:
    realm = await Realm.get(name="master")
    await AcpPolicy.bulk_create(
        [
            AcpPolicy(
                realm_id=realm.id,
                flavor=FLAVOR,
                policy_id=f"{tag}-{i}",
                subjects=[f"{tag}:user:{i}"],
                resources=[f"{tag}:<[a-z]+>:{i}"],
                actions=["<read|write>"],
                effect="allow",
                conditions={},
                description="",
            )
            for i in range(count)
        ]
    )
    await cache.bump(f"acp:{realm.id}:{FLAVOR}")


async def _insert_without_bump(tag: str) -> None:
    realm = await Realm.get(name="master")
    await AcpPolicy.create(
        realm_id=realm.id,
        flavor=FLAVOR,
        policy_id=tag,
        subjects=[tag],
        resources=["r"],
        actions=["a"],
        effect="allow",
        conditions={},
        description="",
    )


async def _bump() -> None:
    realm = await Realm.get(name="master")
    await cache.bump(f"acp:{realm.id}:{FLAVOR}")


async def _cleanup(tag: str) -> None:
    realm = await Realm.get(name="master")
    await AcpPolicy.filter(realm_id=realm.id, flavor=FLAVOR, policy_id__startswith=tag).delete()
    await cache.bump(f"acp:{realm.id}:{FLAVOR}")


def _check(admin: httpx.Client, subject: str, resource: str, action: str) -> bool:
    response = admin.post(
        f"/engines/acp/ory/{FLAVOR}/allowed",
        json={"subject": subject, "resource": resource, "action": action},
    )
    assert response.status_code in (200, 403), response.text
    return bool(response.json()["allowed"])


def _statements_per_check(admin: httpx.Client, tag: str, checks: int) -> list[list[str]]:
    per_check = []
    for i in range(checks):
        with count_sql() as counter:
            assert _check(admin, f"{tag}:user:{i}", f"{tag}:abc:{i}", "read")
        per_check.append(counter.statements)
    return per_check


def test_sql_per_check_is_constant_and_never_reloads_the_set(
    server: RunningServer, admin: httpx.Client
) -> None:
    small, large = unique("small"), unique("large")
    server.run(_seed(small, 10))
    try:
        time.sleep(acp.CHECK_EVERY + 0.1)  # seeded behind the process's back: wait for its version check
        assert _check(admin, f"{small}:user:0", f"{small}:abc:0", "read")  # warm
        few = _statements_per_check(admin, small, 10)
        server.run(_seed(large, 1500))
        time.sleep(acp.CHECK_EVERY + 0.1)
        assert _check(admin, f"{large}:user:0", f"{large}:abc:0", "read")  # reload once
        many = _statements_per_check(admin, large, 10)
        for statements in few + many:
            # Token revocation check, the realm id and at most one version check: no policy or role reads.
            assert len(statements) <= 3, statements
            assert not any("acp_policy" in s or "acp_role" in s for s in statements), statements
        assert sum(map(len, many)) <= sum(map(len, few)) + 2
    finally:
        server.run(_cleanup(small))
        server.run(_cleanup(large))


def test_a_version_bump_in_the_database_is_picked_up(server: RunningServer, admin: httpx.Client) -> None:
    tag = unique("direct")
    time.sleep(acp.CHECK_EVERY + 0.1)  # let earlier writes of other tests be seen, then
    assert not _check(admin, tag, "r", "a")  # the current set is compiled and cached
    try:
        # A row written behind the cache's back stays invisible while the version does not move ...
        server.run(_insert_without_bump(tag))
        time.sleep(acp.CHECK_EVERY + 0.1)
        assert not _check(admin, tag, "r", "a")
        # ... and shows once another instance's write bumps the version, within the check interval.
        server.run(_bump())
        deadline = time.monotonic() + acp.CHECK_EVERY + 2
        while not _check(admin, tag, "r", "a"):
            assert time.monotonic() < deadline, "the bumped version was not picked up"
            time.sleep(0.05)
        listed = admin.get(f"/engines/acp/ory/{FLAVOR}/policies", params={"subject": tag}).json()
        assert [p["id"] for p in listed] == [tag]
    finally:
        server.run(_cleanup(tag))
    time.sleep(acp.CHECK_EVERY + 0.1)
    assert not _check(admin, tag, "r", "a")
