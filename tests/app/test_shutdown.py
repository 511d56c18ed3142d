"""Graceful shutdown: on SIGTERM the server stops accepting connections, finishes a request in flight,
and exits; a request that never finishes is cut at IAMGRAPH_SHUTDOWN_TIMEOUT."""

from __future__ import annotations

import signal
import socket
import tempfile
import time
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support import ADMIN_PASSWORD, fresh_database_url, serve_process

_BODY = b"grant_type=password&client_id=admin-cli&username=admin&password=wrong"


def _started_request(base: str) -> socket.socket:
    """A token request whose headers and half its body are sent: in flight in the application."""
    address = urlsplit(base)
    conn = socket.create_connection((address.hostname, address.port), timeout=30)
    head = (
        "POST /realms/master/protocol/openid-connect/token HTTP/1.1\r\n"
        f"Host: {address.netloc}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(_BODY)}\r\n\r\n"
    ).encode()
    conn.sendall(head + _BODY[:10])
    time.sleep(0.5)
    return conn


def test_sigterm_finishes_the_request_in_flight() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        with serve_process(url, workdir, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, process):
            conn = _started_request(base)
            process.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            assert process.poll() is None  # still finishing the request
            with pytest.raises(httpx.TransportError):  # no longer accepting
                httpx.get(f"{base}/health/alive", timeout=2)
            conn.sendall(_BODY[10:])
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
            conn.close()
            assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
            assert b"invalid_grant" in answer
            # uvicorn ends by raising the signal it caught again, as a process killed by it would.
            assert process.wait(timeout=30) in (0, -signal.SIGTERM)


def test_a_request_that_never_ends_is_cut_at_the_bound() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        with serve_process(
            url, workdir, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD, IAMGRAPH_SHUTDOWN_TIMEOUT="1"
        ) as (base, process):
            conn = _started_request(base)
            stopping = time.monotonic()
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
            assert time.monotonic() - stopping < 15
            conn.close()
