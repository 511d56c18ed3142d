"""The operational metrics of /metrics/prometheus, read with prometheus-client's parser, move as the
server works: token grants by type and outcome, login failures and lockouts, database statements, the
argon2 queue (idle after the work), and the GraphQL subscriptions gauge."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from core import metrics
from tests.users.helpers import PASSWORD, login, make_user, set_realm, username_of

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def _samples(admin: httpx.Client) -> Samples:
    response = admin.get("/metrics/prometheus")
    assert response.status_code == 200
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def _value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_grants_failures_lockouts_and_statements_are_counted(
    admin: httpx.Client, realm: str, base_url: str
) -> None:
    set_realm(admin, realm, bruteForceProtected=True, failureFactor=2, waitIncrementSeconds=60)
    name = username_of(admin, realm, make_user(admin, realm))
    before = _samples(admin)
    assert login(base_url, realm, name, PASSWORD).status_code == 200
    assert [login(base_url, realm, name, "wrong").status_code for _ in range(2)] == [401, 401]
    unknown = httpx.post(f"{base_url}/realms/{realm}/protocol/openid-connect/token", data={"grant_type": "x"})
    assert unknown.status_code in (400, 401)
    after = _samples(admin)

    def moved(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    grants = "iamgraph_token_grants_total"
    assert moved(grants, grant_type="password", outcome="issued") == 1
    assert moved(grants, grant_type="password", outcome="invalid_grant") == 2
    assert (
        moved(grants, grant_type="other", outcome="invalid_client")
        + moved(grants, grant_type="other", outcome="unsupported_grant_type")
        == 1
    )
    assert moved("iamgraph_login_failures_total") == 2
    assert moved("iamgraph_login_lockouts_total", kind="temporary") == 1
    assert moved("iamgraph_db_statement_duration_seconds_count", kind="query") > 0
    assert _value(after, "iamgraph_argon2_queue_depth") == 0
    assert ("iamgraph_graphql_subscriptions", ()) in after


def test_the_subscriptions_gauge_follows_open_streams() -> None:
    def open_now() -> float | None:
        return metrics.REGISTRY.get_sample_value("iamgraph_graphql_subscriptions")

    start = open_now()
    assert start is not None
    with metrics.subscription_open(), metrics.subscription_open():
        assert open_now() == start + 2
    assert open_now() == start
