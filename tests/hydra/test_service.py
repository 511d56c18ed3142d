"""Hydra's service endpoints through the SDK's MetadataApi (one /version for the Hydra and Keto SDKs alike),
and /metrics/prometheus read by prometheus-client's own parser."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from ory_hydra_client.api.admin_api import AdminApi
from ory_hydra_client.api.metadata_api import MetadataApi
from ory_keto_client import ApiClient as KetoClient
from ory_keto_client import Configuration as KetoConfiguration
from ory_keto_client import VersionApi
from prometheus_client.parser import text_string_to_metric_families

from tests.hydra.conftest import hydra_client


def test_version_and_health_read_by_both_sdks(base_url: str) -> None:
    with hydra_client(base_url, None) as client:
        metadata = MetadataApi(client)
        hydra_version = metadata.get_version().version
        assert metadata.is_alive().status == "ok"
        assert metadata.is_ready().status == "ok"
    with KetoClient(KetoConfiguration(host=base_url)) as keto:
        assert VersionApi(keto).get_version().version == hydra_version


def test_metrics_parse_and_label_route_templates(
    base_url: str, admin: httpx.Client, hydra: AdminApi, master_user_token: Callable[..., str]
) -> None:
    admin.get("/clients/some-secret-looking-id-123")
    admin.get("/no/such/path/raw-id-456")
    admin.post("/graphql", json={"query": "{ __typename }"})
    hydra.list_o_auth2_clients()
    response = admin.get("/metrics/prometheus")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(response.text)}
    counts = {
        (s.labels["method"], s.labels["route"], s.labels["status"]): s.value
        for s in families["iamgraph_http_requests"].samples
        if s.name.endswith("_total")
    }
    assert counts[("GET", "/clients/{id}", "404")] >= 1
    assert counts[("GET", "/clients", "200")] >= 1
    assert counts[("POST", "/graphql", "200")] >= 1
    assert counts[("GET", "unmatched", "404")] >= 1
    assert "raw-id-456" not in response.text and "some-secret-looking-id-123" not in response.text
    buckets = [
        s for s in families["iamgraph_http_request_duration_seconds"].samples if s.name.endswith("_bucket")
    ]
    assert any(s.labels["route"] == "/clients" for s in buckets)
    assert httpx.get(f"{base_url}/metrics/prometheus").status_code == 401
    no_rights = httpx.get(
        f"{base_url}/metrics/prometheus", headers={"Authorization": f"Bearer {master_user_token()}"}
    )
    assert no_rights.status_code == 403
