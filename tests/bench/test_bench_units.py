"""The pure parts of the benchmark harness: wrk output, Lua scripts, ratios, targets, the result JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import report, wrk
from bench.report import ScenarioResult, Target
from bench.scenarios import SCENARIOS

WRK_TEXT = """Running 10s test @ http://127.0.0.1:8000/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.40ms  512.31us  12.02ms   91.23%
    Req/Sec     7.31k   210.11     7.70k    70.00%
  Latency Distribution
     50%    4.38ms
     75%    4.52ms
     90%    4.80ms
     99%    1.20s
  72760 requests in 10.00s, 14.09MB read
  Socket errors: connect 0, read 1, write 2, timeout 3
  Non-2xx or 3xx responses: 17
Requests/sec:   7275.51
Transfer/sec:      1.41MB
"""


def test_parses_latency_distribution_text() -> None:
    result = wrk.parse_output(WRK_TEXT)
    assert result.requests == 72760
    assert result.duration_s == pytest.approx(10.0)
    assert result.requests_per_s == pytest.approx(7275.51)
    assert result.p50_ms == pytest.approx(4.38)
    assert result.p99_ms == pytest.approx(1200.0)
    assert result.status_errors == 17
    assert result.socket_errors == 6
    assert result.error_ratio == pytest.approx(23 / 72760)


def test_microsecond_latencies_and_no_errors() -> None:
    text = WRK_TEXT.replace("4.38ms", "950.00us").split("  Socket errors")[0] + "Requests/sec:   10.00\n"
    result = wrk.parse_output(text)
    assert result.p50_ms == pytest.approx(0.95)
    assert result.status_errors == 0 and result.socket_errors == 0


def test_done_hook_json_is_preferred_over_text() -> None:
    line = (
        'BENCH_JSON {"requests": 2000, "duration_us": 2000000, "status_errors": 4, "socket_errors": 1, '
        '"p50_us": 1500, "p90_us": 2500, "p99_us": 9000, "max_us": 12000, "mean_us": 1600.5}'
    )
    result = wrk.parse_output(WRK_TEXT + "\n" + line + "\n")
    assert result.requests == 2000
    assert result.requests_per_s == pytest.approx(1000.0)
    assert (result.p50_ms, result.p99_ms) == (pytest.approx(1.5), pytest.approx(9.0))
    assert (result.status_errors, result.socket_errors) == (4, 1)


def test_output_without_latency_distribution_is_rejected() -> None:
    text = WRK_TEXT.split("  Latency Distribution")[0] + "Requests/sec:   7275.51\n"
    with pytest.raises(ValueError, match="--latency"):
        wrk.parse_output(text)


def test_lua_script_lists_every_request_and_prints_json() -> None:
    script = wrk.lua_script(
        [
            wrk.Request("GET", "/admin/realms/r/users/1", {"Authorization": "Bearer a.b.c"}),
            wrk.Request(
                "POST", "/graphql", {"Content-Type": "application/json"}, json.dumps({"query": "{ a }"})
            ),
        ]
    )
    assert '{"GET", "/admin/realms/r/users/1", {["Authorization"] = "Bearer a.b.c"}, nil},' in script
    assert '"{\\"query\\": \\"{ a }\\"}"' in script
    assert "wrk.format(r[1], r[2], r[3], r[4])" in script
    assert "BENCH_JSON" in script and "latency:percentile(99)" in script
    with pytest.raises(ValueError):
        wrk.lua_script([])


def test_command_pins_the_load_generator_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wrk.shutil, "which", lambda name: f"/usr/bin/{name}")
    cmd = wrk.command("http://127.0.0.1:1/", "s.lua", 2.0, 16, cpu=1)
    assert cmd[:3] == ["taskset", "-c", "1"]
    assert "--latency" in cmd and "-c16" in cmd and "-d2s" in cmd and "-t1" in cmd
    assert wrk.command("http://127.0.0.1:1/", "s.lua", 2.0, 16, cpu=None)[0] == "/usr/bin/wrk"
    monkeypatch.setattr(wrk.shutil, "which", lambda name: None)
    with pytest.raises(FileNotFoundError, match="apt-get install wrk"):
        wrk.command("http://127.0.0.1:1/", "s.lua", 2.0, 16, cpu=None)


def _result(
    name: str,
    rps: float,
    p50: float = 1.0,
    targets: list[Target] | None = None,
    sql_per_request: float | None = None,
    sql_per_request_small: float | None = None,
    peak_rss_mib: float | None = None,
) -> ScenarioResult:
    return ScenarioResult(
        name=name,
        description=name,
        requests_per_s=rps,
        p50_ms=p50,
        p99_ms=p50 * 3,
        requests=int(rps * 10),
        errors=0,
        sql_per_request=sql_per_request,
        sql_per_request_small=sql_per_request_small,
        peak_rss_mib=peak_rss_mib,
        targets=targets or [],
    )


def test_ratio_to_the_ceiling() -> None:
    assert report.ratio(3500, 10000) == 0.35
    assert report.ratio(1, 3) == 0.3333
    assert report.ratio(100, 0) == 0.0


def test_targets_are_evaluated() -> None:
    results = [
        _result("ceiling", 10000),
        _result("get", 3000, targets=[Target("ratio_min", 0.35)]),
        _result("search", 900, p50=12.0, targets=[Target("p50_max_ms", 10)]),
        _result("cc", 650, targets=[Target("rps_min", 600)]),
        _result("pw", 36, targets=[Target("argon2_ratio_min", 0.8)]),
        _result("gql", 500, targets=[Target("sql_constant")], sql_per_request=4.0, sql_per_request_small=4.0),
        _result(
            "gql-n1", 500, targets=[Target("sql_constant")], sql_per_request=24.0, sql_per_request_small=9.0
        ),
    ]
    report.finalize(results, ceiling_rps=10000, argon2_per_s=40.0)
    verdicts = {r.name: [(v["met"], v["actual"]) for v in r.verdicts] for r in results}
    assert verdicts == {
        "ceiling": [],
        "get": [(False, 0.3)],
        "search": [(False, 12.0)],
        "cc": [(True, 650.0)],
        "pw": [(True, 0.9)],
        "gql": [(True, 4.0)],
        "gql-n1": [(False, 24.0)],
    }
    assert results[0].ratio_to_ceiling == 1.0
    with pytest.raises(ValueError):
        report.evaluate(Target("nonsense"), results[0], None)


def test_result_document_shape_and_files(tmp_path: Path) -> None:
    results = [
        _result("ceiling", 8000),
        _result(
            "kc-get-user", 4000, targets=[Target("ratio_min", 0.35)], sql_per_request=2.0, peak_rss_mib=120.5
        ),
    ]
    report.finalize(results, 8000, 1000 / 25)
    doc = report.document(
        results,
        machine={"nproc": 2},
        database="sqlite",
        mode="quick",
        ceiling_rps=8000,
        argon2_verify_ms=25.0,
        started="2024-01-01T00:00:00+00:00",
        elapsed_s=12.34,
    )
    assert doc["schema"] == report.SCHEMA_VERSION
    assert doc["argon2_ceiling_rps"] == 40.0 and doc["elapsed_s"] == 12.3
    assert [s["name"] for s in doc["scenarios"]] == ["ceiling", "kc-get-user"]
    row = doc["scenarios"][1]
    assert set(row) >= {
        "name",
        "requests_per_s",
        "p50_ms",
        "p99_ms",
        "sql_per_request",
        "peak_rss_mib",
        "ratio_to_ceiling",
        "verdicts",
        "errors",
        "extra",
    }
    assert "targets" not in row
    assert row["ratio_to_ceiling"] == 0.5
    assert row["verdicts"] == [
        {"target": ">= 0.35 x ceiling", "kind": "ratio_min", "value": 0.35, "actual": 0.5, "met": True}
    ]
    path, png = report.write(doc, tmp_path)
    assert json.loads(path.read_text()) == doc
    assert png is None or png.read_bytes().startswith(b"\x89PNG")
    text = report.table(doc)
    assert "kc-get-user" in text and "ok >= 0.35 x ceiling (0.5)" in text


def test_registry_holds_the_scenarios_with_targets() -> None:
    assert {
        "kc-get-user",
        "kc-search-users",
        "gql-nested",
        "token-client-credentials",
        "hydra-client-credentials",
        "token-password",
        "kc-get-user-during-logins",
    } <= set(SCENARIOS)
    assert [t.kind for t in SCENARIOS["kc-get-user"].targets] == ["ratio_min"]
    assert SCENARIOS["token-password"].targets[0] == Target("argon2_ratio_min", 0.8)


def test_markdown_table_marks_missed_targets() -> None:
    results = [_result("ceiling", 8000), _result("kc-get-user", 1000, targets=[Target("ratio_min", 0.35)])]
    report.finalize(results, 8000, None)
    doc = report.document(
        results,
        machine={},
        database="postgresql",
        mode="full",
        ceiling_rps=8000,
        argon2_verify_ms=None,
        started="2024-01-01T00:00:00+00:00",
        elapsed_s=1,
    )
    text = report.markdown(doc)
    assert text.splitlines()[0].startswith("| scenario | req/s |")
    assert "| kc-get-user | 1000 | 0.125 |" in text
    assert "**missed** >= 0.35 x ceiling (0.125)" in text
