"""The fuzzing gate's fixtures: one real server on a fresh database, the target it aims at, and the
figures printed at the end.

``IAMGRAPH_FUZZ=1`` runs CI's budget, ``IAMGRAPH_FUZZ=long`` a longer local run;
``IAMGRAPH_FUZZ_EXAMPLES=N`` sets the examples per operation directly; ``IAMGRAPH_FUZZ_LOG=<file>``
logs every request's answer. The suite skips this folder unless ``IAMGRAPH_FUZZ`` is set.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.fuzz.target import Counters, Target
from tests.support import RunningServer

MODE = os.environ.get("IAMGRAPH_FUZZ", "")
EXAMPLES = int(os.environ.get("IAMGRAPH_FUZZ_EXAMPLES") or (300 if MODE == "long" else 20))
COUNTERS = Counters()
_STARTED = time.monotonic()


@pytest.fixture(scope="session")
def target(server: RunningServer) -> Iterator[Target]:
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        aimed = Target(base_url=server.base_url, http=http, counters=COUNTERS)
        aimed.seed()
        yield aimed


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed:
        COUNTERS.failed_operations.add(report.nodeid)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    database = "PostgreSQL" if os.environ.get("IAMGRAPH_TEST_DATABASE_URL") else "SQLite"
    terminalreporter.write_line(
        f"fuzzing ({database}, {EXAMPLES} examples per operation): {len(COUNTERS.operations)} operations, "
        f"{COUNTERS.requests} requests, {len(COUNTERS.failed_operations)} failures, "
        f"{time.monotonic() - _STARTED:.0f} s ({COUNTERS.call_seconds:.0f} s waiting for answers)"
    )
