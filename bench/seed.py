"""Bulk seeding straight into the database the server uses (never one request per row).

The realm itself is made through the API so that its roles, clients and keys are seeded as the product
seeds them; its users, groups and memberships are then inserted here with ``Model.bulk_create``.
Every seeded user has the same password, hashed once.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from argon2 import PasswordHasher
from tortoise.transactions import in_transaction

from models import Credential, Group, GroupMembership, Realm, Role, User, UserAttribute, UserRoleMapping

PASSWORD = "bench-password-1"
BATCH = 2_000
_FIRST = ("Ada", "Alan", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Grace", "John", "Margaret")
_LAST = (
    "Lovelace",
    "Turing",
    "Liskov",
    "Shannon",
    "Knuth",
    "Dijkstra",
    "Allen",
    "Hopper",
    "Backus",
    "Hamilton",
)


def password_hash(password: str = PASSWORD) -> str:
    """One argon2id hash, at the server's parameters, reused for every seeded user."""
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1).hash(password)


def username(i: int) -> str:
    return f"user{i:06d}"


@dataclass
class Seeded:
    user_ids: list[str]
    usernames: list[str]
    group_ids: list[str]
    seconds: float


def _chunks(n: int, size: int) -> Iterator[range]:
    for start in range(0, n, size):
        yield range(start, min(n, start + size))


async def seed_realm(realm_name: str, users: int, groups: int, encoded: str) -> Seeded:
    """``users`` users (with attributes, the shared password, the default role and one group each) and
    ``groups`` top-level groups in the realm ``realm_name``."""
    started = time.perf_counter()
    realm = await Realm.get(name=realm_name)
    default_role = await Role.get_or_none(container_id=realm.id, name=f"default-roles-{realm_name}")
    group_ids = [str(uuid.uuid4()) for _ in range(groups)]
    for chunk in _chunks(groups, BATCH):
        async with in_transaction():
            await Group.bulk_create(
                [
                    Group(
                        id=group_ids[i],
                        realm_id=realm.id,
                        name=f"group{i:05d}",
                        path=f"/group{i:05d}",
                        attributes={"index": [str(i)]},
                    )
                    for i in chunk
                ]
            )
    user_ids = [str(uuid.uuid4()) for _ in range(users)]
    names = [username(i) for i in range(users)]
    now = int(time.time() * 1000)
    for chunk in _chunks(users, BATCH):
        rows, attributes, credentials, roles, memberships = [], [], [], [], []
        for i in chunk:
            first, last = _FIRST[i % len(_FIRST)], _LAST[(i // len(_FIRST)) % len(_LAST)]
            rows.append(
                User(
                    id=user_ids[i],
                    realm_id=realm.id,
                    username=names[i],
                    email=f"{names[i]}@bench.example",
                    first_name=first,
                    last_name=last,
                    first_name_lower=first.lower(),
                    last_name_lower=last.lower(),
                    enabled=True,
                    email_verified=i % 2 == 0,
                    created_timestamp=now,
                    required_actions=[],
                )
            )
            attributes += [
                UserAttribute(user_id=user_ids[i], name="department", value=f"dept{i % 50:02d}"),
                UserAttribute(user_id=user_ids[i], name="employeeNumber", value=str(i)),
            ]
            credentials.append(
                Credential(
                    id=str(uuid.uuid4()),
                    user_id=user_ids[i],
                    type="password",
                    secret_data=encoded,
                    created_date=now,
                    credential_data={"algorithm": "argon2", "hashIterations": 2},
                )
            )
            if default_role is not None:
                roles.append(UserRoleMapping(user_id=user_ids[i], role_id=default_role.id))
            if group_ids:
                memberships.append(
                    GroupMembership(user_id=user_ids[i], group_id=group_ids[i % len(group_ids)])
                )
        async with in_transaction():
            await User.bulk_create(rows)
            await UserAttribute.bulk_create(attributes)
            await Credential.bulk_create(credentials)
            if roles:
                await UserRoleMapping.bulk_create(roles)
            if memberships:
                await GroupMembership.bulk_create(memberships)
    return Seeded(
        user_ids=user_ids, usernames=names, group_ids=group_ids, seconds=time.perf_counter() - started
    )


async def seed_children(parent_id: str, count: int) -> str:
    """``count`` child groups under the group ``parent_id``; returns the parent's id."""
    parent = await Group.get(id=parent_id)
    async with in_transaction():
        await Group.bulk_create(
            [
                Group(
                    id=str(uuid.uuid4()),
                    realm_id=parent.realm_id,
                    parent_id=parent.id,
                    name=f"child{i:04d}",
                    path=f"{parent.path}/child{i:04d}",
                )
                for i in range(count)
            ]
        )
    return parent.id


async def seed_policies(realm_name: str, flavor: str, policies: Sequence[dict[str, object]]) -> None:
    """Keto ACP policies, inserted in bulk; the flavor's version is bumped so the server recompiles."""
    from models import AcpPolicy
    from resolvers.kit import cache

    realm = await Realm.get(name=realm_name)
    for chunk in _chunks(len(policies), BATCH):
        async with in_transaction():
            await AcpPolicy.bulk_create(
                [
                    AcpPolicy(realm_id=realm.id, flavor=flavor, **policies[i])  # type: ignore[arg-type]
                    for i in chunk
                ]
            )
    async with in_transaction():
        await cache.bump(f"acp:{realm.id}:{flavor}")


async def analyze() -> None:
    """Refresh the planner's statistics after bulk inserts, as autovacuum (PostgreSQL) or a periodic
    ANALYZE (SQLite) would on a live server; without them PostgreSQL plans for an empty table."""
    from tortoise import connections

    await connections.get("default").execute_script("ANALYZE")
