"""Structured logs: with IAMGRAPH_LOG_FORMAT=json every line a real server writes is one JSON object, and
a request's line quotes the id of its X-Request-Id header with its route template, status and caller."""

from __future__ import annotations

import io
import json
import logging
import tempfile

import httpx

from core.runtime import set_request_id
from iamgraph.logs import JsonFormatter
from tests.support import ADMIN_PASSWORD, fresh_database_url, password_token, serve_process


def test_json_lines_carry_the_request_id_route_and_caller() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        with serve_process(
            url,
            workdir,
            "--log-level",
            "info",
            IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD,
            IAMGRAPH_LOG_FORMAT="json",
        ) as (base, process):
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            answer = httpx.get(
                f"{base}/admin/realms/master/users", headers={"Authorization": f"Bearer {token}"}
            )
            assert answer.status_code == 200
            request_id = answer.headers["x-request-id"]
            process.terminate()
            output, _ = process.communicate(timeout=30)
    lines = [line for line in output.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert any(r["logger"].startswith("uvicorn") for r in records)
    [line] = [r for r in records if r.get("request_id") == request_id and r["logger"] == "iamgraph.access"]
    assert line["method"] == "GET"
    assert line["route"] == "/admin/realms/{realm}/users"
    assert line["status"] == 200
    assert line["realm"] == "master"
    assert line["caller_realm"] == "master" and line["user_id"] and line["client_id"] == "admin-cli"
    assert isinstance(line["duration_ms"], float)
    assert token not in output and ADMIN_PASSWORD not in output


def test_a_masked_crash_logs_its_request_id_with_the_traceback() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("iamgraph.test_logs")
    log.addHandler(handler)
    reset = set_request_id("abc-123")
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            log.exception("unhandled error")
    finally:
        log.removeHandler(handler)
        reset.var.reset(reset)
    record = json.loads(stream.getvalue())
    assert record["request_id"] == "abc-123" and record["level"] == "error"
    assert "RuntimeError: boom" in record["traceback"]
