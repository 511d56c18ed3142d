"""wrk: the Lua script of a request mix, the command line, and the parsing of its output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

MISSING = "wrk not found: install it with `apt-get install wrk`"

# The JSON line the Lua done() hook prints; latencies in microseconds.
_DONE_HOOK = r"""
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.timeout
  io.write(string.format(
    '\nBENCH_JSON {"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, '
    .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.errors.status, errors,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


@dataclass(frozen=True)
class Request:
    """One HTTP request of a scenario: wrk sends it, and the SQL count replays it in process."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""


@dataclass
class WrkResult:
    requests: int
    duration_s: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    status_errors: int = 0
    socket_errors: int = 0

    @property
    def error_ratio(self) -> float:
        return (self.status_errors + self.socket_errors) / self.requests if self.requests else 1.0


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal for these contents


def lua_script(requests: Sequence[Request]) -> str:
    """A script sending ``requests`` in turn, each connection starting at its own place in the list."""
    if not requests:
        raise ValueError("a scenario needs at least one request")
    rows = []
    for r in requests:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in r.headers.items())
        body = _lua_string(r.body) if r.body else "nil"
        rows.append(f"  {{{_lua_string(r.method)}, {_lua_string(r.path)}, {{{headers}}}, {body}}},")
    return (
        "local reqs = {\n" + "\n".join(rows) + "\n}\n"
        "local counter = 0\n"
        "setup = function(thread) thread:set('offset', counter * 7919) counter = counter + 1 end\n"
        "local i = 0\n"
        "init = function(args) i = (tonumber(offset) or 0) % #reqs end\n"
        "request = function()\n"
        "  i = i % #reqs + 1\n"
        "  local r = reqs[i]\n"
        "  return wrk.format(r[1], r[2], r[3], r[4])\n"
        "end\n" + _DONE_HOOK
    )


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_output(text: str) -> WrkResult:
    """wrk's report. The done() hook's JSON line is preferred; without it, the ``--latency`` text."""
    for line in text.splitlines():
        if line.startswith("BENCH_JSON "):
            data: dict[str, Any] = json.loads(line[len("BENCH_JSON ") :])
            duration = data["duration_us"] / 1e6
            return WrkResult(
                requests=int(data["requests"]),
                duration_s=duration,
                requests_per_s=data["requests"] / duration if duration else 0.0,
                p50_ms=data["p50_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                status_errors=int(data["status_errors"]),
                socket_errors=int(data["socket_errors"]),
            )
    percentiles = {
        int(m.group(1)): _ms(m.group(2)) for m in re.finditer(r"^\s+(\d+)%\s+(\S+)\s*$", text, re.MULTILINE)
    }
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in ([\d.]+\w+),", text, re.MULTILINE)
    if rps is None or total is None or 50 not in percentiles or 99 not in percentiles:
        raise ValueError("wrk output without a latency distribution (was --latency given?):\n" + text)
    status = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return WrkResult(
        requests=int(total.group(1)),
        duration_s=_ms(total.group(2)) / 1000,
        requests_per_s=float(rps.group(1)),
        p50_ms=percentiles[50],
        p99_ms=percentiles[99],
        status_errors=int(status.group(1)) if status else 0,
        socket_errors=sum(int(g) for g in sockets.groups()) if sockets else 0,
    )


def command(url: str, script: str, duration_s: float, connections: int, cpu: int | None) -> list[str]:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise FileNotFoundError(MISSING)
    cmd = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(duration_s))}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        script,
        url,
    ]
    if cpu is not None and shutil.which("taskset"):
        cmd = ["taskset", "-c", str(cpu), *cmd]
    return cmd


def start(
    url: str, script: str, duration_s: float, connections: int, cpu: int | None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(url, script, duration_s, connections, cpu),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> WrkResult:
    out, _ = process.communicate(timeout=600)
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{out}")
    return parse_output(out)
