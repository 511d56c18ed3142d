"""The scenario registry. A scenario is one decorated function that prepares what it needs and returns
the requests wrk sends (and the SQL count replays); adding one is adding one such function."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from bench.report import Target
from bench.seed import PASSWORD, Seeded
from bench.wrk import Request

REALM = "r"
# Scenarios judged by latency run at a moderate load: with 32 connections on one server core, p50 is only the
# queue (connections / throughput), whatever a request costs.
LATENCY_CONNECTIONS = 4


@dataclass
class Context:
    """What a scenario may use: the running server, the bench realm's seeded data, and the API."""

    base_url: str
    quick: bool
    seeded: Seeded
    api: Any  # bench.__main__.Api: admin_token(), post_json(path, body)
    state: dict[str, Any] = field(default_factory=dict)

    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api.admin_token()}"}


@dataclass
class Plan:
    requests: list[Request]
    # A second request mix with a smaller result, to show the SQL count does not grow with it.
    small_requests: list[Request] | None = None
    # Load run at the same time by a second wrk; the scenario's numbers are those of ``requests``.
    background: list[Request] | None = None
    background_connections: int = 4


@dataclass
class Scenario:
    name: str
    description: str
    build: Callable[[Context], Awaitable[Plan]]
    targets: list[Target]
    connections: int = 32


SCENARIOS: dict[str, Scenario] = {}


def scenario(
    name: str, description: str, targets: list[Target], connections: int = 32
) -> Callable[[Callable[[Context], Awaitable[Plan]]], Callable[[Context], Awaitable[Plan]]]:
    def register(build: Callable[[Context], Awaitable[Plan]]) -> Callable[[Context], Awaitable[Plan]]:
        if name in SCENARIOS:
            raise ValueError(f"scenario {name} registered twice")
        SCENARIOS[name] = Scenario(name, description, build, targets, connections)
        return build

    return register


def _spread(items: list[str], count: int) -> list[str]:
    """``count`` items taken evenly across ``items``."""
    step = max(1, len(items) // count)
    return items[::step][:count]


def _get_user_requests(ctx: Context) -> list[Request]:
    headers = ctx.bearer()
    return [
        Request("GET", f"/admin/realms/{REALM}/users/{uid}", headers)
        for uid in _spread(ctx.seeded.user_ids, 500)
    ]


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _password_requests(ctx: Context) -> list[Request]:
    return [
        Request(
            "POST",
            f"/realms/{REALM}/protocol/openid-connect/token",
            FORM,
            urlencode(
                {"grant_type": "password", "client_id": "admin-cli", "username": name, "password": PASSWORD}
            ),
        )
        for name in _spread(ctx.seeded.usernames, 200)
    ]


@scenario(
    "kc-get-user", "Keycloak GET /admin/realms/r/users/{id} with a Bearer token", [Target("ratio_min", 0.35)]
)
async def kc_get_user(ctx: Context) -> Plan:
    return Plan(_get_user_requests(ctx))


@scenario(
    "kc-search-users",
    "Keycloak GET users?search=<prefix>&max=20 over every seeded user",
    [Target("p50_max_ms", 10)],
    connections=LATENCY_CONNECTIONS,
)
async def kc_search_users(ctx: Context) -> Plan:
    headers = ctx.bearer()
    # Prefixes of 5 to 8 characters: from thousands of matches down to a handful.
    prefixes = sorted({name[:length] for name in _spread(ctx.seeded.usernames, 100) for length in (6, 7, 8)})
    return Plan(
        [
            Request("GET", f"/admin/realms/{REALM}/users?" + urlencode({"search": p, "max": 20}), headers)
            for p in prefixes
        ]
    )


@scenario(
    "kc-search-users-page2",
    "Keycloak GET users?first=20&max=20 (page 2 of the plain list)",
    [Target("p50_max_ms", 10)],
    connections=LATENCY_CONNECTIONS,
)
async def kc_list_users_page2(ctx: Context) -> Plan:
    return Plan([Request("GET", f"/admin/realms/{REALM}/users?first=20&max=20", ctx.bearer())])


_NESTED = (
    "query($n: String!) { realm(name: $n) { users(first: %d) { edges { node { username attributes "
    "realm { name } groups { name path } effectiveRoles { name } } } } } }"
)


def _graphql(ctx: Context, size: int) -> Request:
    body = json.dumps({"query": _NESTED % size, "variables": {"n": REALM}})
    return Request("POST", "/graphql", {**ctx.bearer(), "Content-Type": "application/json"}, body)


@scenario(
    "gql-nested",
    "POST /graphql: realm -> 20 users -> attributes, realm, groups, effective roles",
    [Target("p50_max_ms", 15), Target("sql_constant")],
    connections=LATENCY_CONNECTIONS,
)
async def gql_nested(ctx: Context) -> Plan:
    return Plan([_graphql(ctx, 20)], small_requests=[_graphql(ctx, 5)])


def _heavy_documents(ctx: Context) -> list[Request]:
    """The most expensive GraphQL requests the limits let through, each text different (a comment) and more
    of them than the parse and validation caches hold, so every one is parsed and validated afresh: fragments
    whose fields must all be compared for merging (near the comparison budget), the exponential fragment
    document (refused by the selection limit) and a page of 1,000 users (execution)."""
    headers = {**ctx.bearer(), "Content-Type": "application/json"}
    merging = " ".join(
        f"fragment F{i} on Query {{ realms {{ edges {{ node {{ name }} }} }} }}" for i in range(32)
    )
    merging = "{ " + " ".join(f"...F{i}" for i in range(32)) + " } " + merging
    fan_out = " ".join(f"fragment G{i} on Query {{ __typename ...G{i + 1} ...G{i + 1} }}" for i in range(18))
    fan_out = "query { ...G0 } " + fan_out + " fragment G18 on Query { __typename }"
    page = (
        '{ users(realm: "'
        + REALM
        + '", first: 1000) { edges { node { username email enabled attributes } } } }'
    )
    requests = []
    for i in range(600):
        document = page if i % 10 == 5 else fan_out if i % 10 == 0 else merging
        requests.append(Request("POST", "/graphql", headers, json.dumps({"query": f"# {i}\n{document}"})))
    return requests


@scenario(
    "health-during-heavy-graphql",
    "GET /health/alive while a second wrk sends the heaviest GraphQL documents the limits allow",
    [Target("p99_max_ms", 50)],
    connections=1,
)
async def health_during_heavy_graphql(ctx: Context) -> Plan:
    return Plan([Request("GET", "/health/alive")], background=_heavy_documents(ctx), background_connections=2)


@scenario(
    "token-client-credentials",
    "client_credentials grant of a confidential client (service account)",
    [Target("rps_min", 600)],
)
async def token_client_credentials(ctx: Context) -> Plan:
    if "service_client" not in ctx.state:
        await ctx.api.post_json(
            f"/admin/realms/{REALM}/clients",
            {
                "clientId": "bench-service",
                "secret": "bench-service-secret",
                "serviceAccountsEnabled": True,
                "publicClient": False,
                "standardFlowEnabled": False,
            },
        )
        ctx.state["service_client"] = "bench-service"
    body = urlencode(
        {
            "grant_type": "client_credentials",
            "client_id": "bench-service",
            "client_secret": "bench-service-secret",
        }
    )
    return Plan([Request("POST", f"/realms/{REALM}/protocol/openid-connect/token", FORM, body)])


@scenario(
    "hydra-client-credentials",
    "client_credentials grant at Hydra's /oauth2/token (client_secret_basic; a JWT and its record)",
    [Target("rps_min", 600)],
)
async def hydra_client_credentials(ctx: Context) -> Plan:
    # The Hydra dialect serves the master realm (IAMGRAPH_HYDRA_REALM is not set for the bench server).
    if "hydra_client" not in ctx.state:
        await ctx.api.post_json(
            "/admin/realms/master/clients",
            {
                "clientId": "bench-hydra-service",
                "secret": "bench-hydra-secret",
                "serviceAccountsEnabled": True,
                "publicClient": False,
                "standardFlowEnabled": False,
            },
        )
        ctx.state["hydra_client"] = "bench-hydra-service"
    basic = base64.b64encode(b"bench-hydra-service:bench-hydra-secret").decode()
    headers = FORM | {"Authorization": f"Basic {basic}"}
    body = urlencode({"grant_type": "client_credentials"})
    return Plan([Request("POST", "/oauth2/token", headers, body)])


@scenario(
    "token-password",
    "password grant, argon2id m=19 MiB t=2 p=1",
    [Target("argon2_ratio_min", 0.8)],
    connections=8,
)
async def token_password(ctx: Context) -> Plan:
    return Plan(_password_requests(ctx))


@scenario("kc-get-user-during-logins", "kc-get-user while password logins run from a second wrk", [])
async def kc_get_user_during_logins(ctx: Context) -> Plan:
    return Plan(_get_user_requests(ctx), background=_password_requests(ctx), background_connections=4)


@scenario(
    "kc-groups",
    "Keycloak GET groups?first=0&max=20 and page 250 over 10,000 top-level groups; one group's children",
    [Target("p50_max_ms", 20)],
    connections=LATENCY_CONNECTIONS,
)
async def kc_groups(ctx: Context) -> Plan:
    from bench import seed

    if "parent_group" not in ctx.state:
        ctx.state["parent_group"] = await seed.seed_children(ctx.seeded.group_ids[0], 100)
    parent = ctx.state["parent_group"]
    headers = ctx.bearer()
    return Plan(
        [
            Request("GET", f"/admin/realms/{REALM}/groups?first=0&max=20", headers),
            Request("GET", f"/admin/realms/{REALM}/groups?first=5000&max=20", headers),
            Request("GET", f"/admin/realms/{REALM}/groups/{parent}/children?first=0&max=20", headers),
        ]
    )


def _keto_policy(i: int) -> dict[str, object]:
    """A regex-flavor policy: a pattern per field, so the check goes through the compiled automata."""
    return {
        "policy_id": f"bench-{i}",
        "description": "",
        "subjects": [f"<[a-z]+>@team{i}"],
        "resources": [f"resources:app{i}:<.+>"],
        "actions": ["<read|list>"],
        "effect": "allow",
        "conditions": {},
    }


def _keto_scenario(size: int) -> None:
    targets = [Target("p99_max_ms", 10)]
    if size == 10_000:
        targets.append(Target("rps_ratio_of_min", 0.5, reference="keto-allowed-100"))

    @scenario(
        f"keto-allowed-{size}",
        f"Keto POST /engines/acp/ory/regex/allowed with {size:,} policies",
        targets,
        connections=LATENCY_CONNECTIONS,
    )
    async def build(ctx: Context) -> Plan:
        from bench import seed

        have = ctx.state.get("keto_policies", 0)
        if have < size:
            await seed.seed_policies("master", "regex", [_keto_policy(i) for i in range(have, size)])
            ctx.state["keto_policies"] = size
        headers = {**ctx.bearer(), "Content-Type": "application/json"}
        picks = range(0, size, max(1, size // 50))
        return Plan(
            [
                Request(
                    "POST",
                    "/engines/acp/ory/regex/allowed",
                    headers,
                    json.dumps(
                        {
                            "subject": f"alice@team{i}",
                            "resource": f"resources:app{i}:doc{i}",
                            "action": "read",
                        }
                    ),
                )
                for i in picks
            ]
        )


for _size in (100, 1_000, 10_000):
    _keto_scenario(_size)


@scenario("lowball-whoami", "lowball GET /builtins/auth with a lowball token", [Target("ratio_min", 0.35)])
async def lowball_whoami(ctx: Context) -> Plan:
    if "lowball_token" not in ctx.state:
        response = await ctx.api.post_json_anonymous(
            "/builtins/auth", {"client_id": "admin", "client_secret": ctx.api.admin_password}
        )
        ctx.state["lowball_token"] = response.json()["token"]
    return Plan([Request("GET", "/builtins/auth", {"Authorization": f"Bearer {ctx.state['lowball_token']}"})])


@scenario(
    "hydra-introspect",
    "Hydra POST /oauth2/introspect of an access token, as the master admin",
    [Target("ratio_min", 0.35)],
)
async def hydra_introspect(ctx: Context) -> Plan:
    # The introspected token is the admin's own (the Hydra realm is master by default).
    headers = ctx.bearer()
    body = urlencode({"token": headers["Authorization"].split(" ", 1)[1]})
    return Plan([Request("POST", "/oauth2/introspect", {**headers, **FORM}, body)])
