"""``python -m bench [--quick] [--only NAME ...]``: the real server under wrk, against the ceiling."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import logging
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

try:
    import httpx
except ModuleNotFoundError as missing:  # a plain `pip install -e .`: say what to install, not a traceback
    print(f"{missing.name} not installed: pip install -e '.[bench]'", file=sys.stderr)
    raise SystemExit(2) from None

from bench import report, wrk
from bench.scenarios import REALM, SCENARIOS, Context, Plan, Scenario
from bench.wrk import Request

ADMIN_PASSWORD = "bench-admin-password"
RESULTS = Path(__file__).parent / "results"
UVICORN = [
    "--workers",
    "1",
    "--loop",
    "uvloop",
    "--http",
    "httptools",
    "--log-level",
    "warning",
    "--no-access-log",
]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- machine


def cores() -> tuple[int | None, int | None]:
    """(server core, load generator core): different cores when the machine has two and taskset exists."""
    if (os.cpu_count() or 1) >= 2 and shutil.which("taskset"):
        return 0, 1
    return None, None


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_gib = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    server, load = cores()
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory_gib": memory_gib,
        "python": platform.python_version(),
        "server_core": server,
        "wrk_core": load,
    }


def peak_rss_mib(pid: int) -> float | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    try:
        import psutil

        return round(psutil.Process(pid).memory_info().rss / 1024 / 1024, 1)
    except Exception:
        return None


def argon2_verify_ms(cpu: int | None, rounds: int) -> float:
    """One argon2id verify at the server's parameters, on the server's core."""
    from argon2 import PasswordHasher

    hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
    encoded = hasher.hash("argon2-ceiling")
    previous = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if cpu is not None and previous is not None:
        os.sched_setaffinity(0, {cpu})
    try:
        hasher.verify(encoded, "argon2-ceiling")
        started = time.perf_counter()
        for _ in range(rounds):
            hasher.verify(encoded, "argon2-ceiling")
        return (time.perf_counter() - started) * 1000 / rounds
    finally:
        if cpu is not None and previous is not None:
            os.sched_setaffinity(0, previous)


# ---------------------------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(app: list[str], env: dict[str, str], cpu: int | None, ready_path: str) -> Iterator[tuple[str, int]]:
    """A uvicorn process (one worker) serving ``app``, pinned to ``cpu``; yields (base url, pid)."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", *app, "--host", "127.0.0.1", "--port", str(port), *UVICORN]
    if cpu is not None:
        cmd = ["taskset", "-c", str(cpu), *cmd]
    log_path = Path(tempfile.gettempdir()) / f"iamgraph-bench-server-{port}.log"
    log_file = log_path.open("w")
    process = subprocess.Popen(
        cmd, env=env, cwd=Path(__file__).parent.parent, stdout=log_file, stderr=log_file
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                tail = log_path.read_text()[-3000:]
                raise RuntimeError(f"the server exited with {process.returncode}: {' '.join(cmd)}\n{tail}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + ready_path, timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not become ready")
            time.sleep(0.1)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log_file.close()
        log_path.unlink(missing_ok=True)


async def _pg(url: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextlib.contextmanager
def fresh_database(folder: str) -> Iterator[tuple[str, str]]:
    """(database url, kind): a fresh PostgreSQL database when IAMGRAPH_DATABASE_URL names a server,
    dropped afterwards; else a new SQLite file."""
    url = os.environ.get("IAMGRAPH_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        name = "iamgraph_bench_" + uuid.uuid4().hex[:10]
        asyncio.run(_pg(url, f'CREATE DATABASE "{name}"'))
        try:
            yield urlunsplit(urlsplit(url)._replace(path="/" + name)), "postgresql"
        finally:
            asyncio.run(_pg(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        yield f"sqlite://{folder}/bench.sqlite3", "sqlite"


# ---------------------------------------------------------------------------------------------- the API


class Api:
    """The admin REST API of the running server, for what must go through it (realms, clients)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._client = httpx.AsyncClient(base_url=base_url, timeout=60)
        self._token: tuple[float, str] | None = None

    def admin_token(self) -> str:
        if self._token is None or time.monotonic() - self._token[0] > 30:
            response = httpx.post(
                f"{self.base_url}/realms/master/protocol/openid-connect/token",
                timeout=60,
                data={
                    "grant_type": "password",
                    "client_id": "admin-cli",
                    "username": "admin",
                    "password": ADMIN_PASSWORD,
                },
            )
            response.raise_for_status()
            self._token = (time.monotonic(), response.json()["access_token"])
        return self._token[1]

    async def post_json(self, path: str, body: dict[str, Any]) -> httpx.Response:
        response = await self._client.post(
            path, json=body, headers={"Authorization": f"Bearer {self.admin_token()}"}
        )
        if response.status_code >= 300:
            raise RuntimeError(f"POST {path}: {response.status_code} {response.text}")
        return response

    admin_password = ADMIN_PASSWORD

    async def post_json_anonymous(self, path: str, body: dict[str, Any]) -> httpx.Response:
        response = await self._client.post(path, json=body)
        if response.status_code >= 300:
            raise RuntimeError(f"POST {path}: {response.status_code} {response.text}")
        return response

    async def close(self) -> None:
        await self._client.aclose()


# ---------------------------------------------------------------------------------------------- SQL count


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        first = record.getMessage().lstrip().split(" ", 1)[0].upper()
        if first in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}:
            self.count += 1


async def sql_per_request(client: httpx.AsyncClient, requests: list[Request], n: int) -> float:
    """The SQL statements one request sends, averaged over ``n`` requests replayed in process."""
    for r in requests[:2]:  # warm the caches, as under load
        await _send(client, r)
    logger = logging.getLogger("tortoise.db_client")
    counter, previous = _Counter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        for i in range(n):
            await _send(client, requests[i % len(requests)])
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)
    return round(counter.count / n, 2)


async def _send(client: httpx.AsyncClient, r: Request) -> None:
    response = await client.request(r.method, r.path, headers=r.headers, content=r.body or None)
    if response.status_code >= 400:
        raise RuntimeError(f"{r.method} {r.path}: {response.status_code} {response.text[:300]}")


@contextlib.asynccontextmanager
async def in_process_app(env: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """The real app in this process on the same database (its lifespan opens Tortoise for seeding too)."""
    from core.settings import Settings
    from iamgraph.app import create_app

    app = create_app(Settings.from_env(env))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as client:
            yield client


# ---------------------------------------------------------------------------------------------- the run


def _script(folder: Path, name: str, requests: list[Request]) -> str:
    path = folder / f"{name}.lua"
    path.write_text(wrk.lua_script(requests))
    return str(path)


def start_profiler(
    folder: Path, name: str, pid: int, duration: float, warmup: float
) -> subprocess.Popen[str]:
    """py-spy sampling the server during the measured part of a scenario (collapsed stacks)."""
    spy = shutil.which("py-spy")
    if spy is None:
        raise FileNotFoundError("py-spy not found: pip install py-spy")
    wait = f"sleep {warmup + 0.3};"
    seconds = max(1, int(duration) - 1)
    cmd = f"{wait} exec {spy} record --nonblocking --format raw --rate 250 --duration {seconds}"
    cmd += f" --pid {pid} -o {folder / (name + '.txt')}"
    return subprocess.Popen(
        ["sh", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True
    )


def _frame(raw: str) -> str:
    """``func (path/to/module.py:12)`` as ``func (module.py)``."""
    name, _, where = raw.partition(" (")
    return f"{name} ({where.rstrip(')').rsplit(':', 1)[0].rsplit('/', 1)[-1]})" if where else name


def finish_profiler(process: subprocess.Popen[str], path: Path, top: int = 12) -> dict[str, list[Any]]:
    """The functions most often on the CPU (self) and most often on the stack (total), in percent."""
    process.wait(timeout=120)
    if not path.exists():
        return {}
    own: dict[str, int] = {}
    total: dict[str, int] = {}
    samples = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        samples += n
        frames = [_frame(f) for f in stack.split(";")]
        own[frames[-1]] = own.get(frames[-1], 0) + n
        for frame in set(frames):
            total[frame] = total.get(frame, 0) + n

    def pct(d: dict[str, int]) -> list[Any]:
        rows = sorted(d.items(), key=lambda kv: -kv[1])[:top]
        return [[name, round(100 * n / samples, 1)] for name, n in rows]

    return {"samples": [samples], "self": pct(own), "total": pct(total)} if samples else {}


def run_wrk(
    base: str, script: str, duration: float, connections: int, cpu: int | None, warmup: float
) -> wrk.WrkResult:
    if warmup > 0:
        wrk.finish(wrk.start(base, script, warmup, connections, cpu))
    return wrk.finish(wrk.start(base, script, duration, connections, cpu))


async def run_scenario(
    sc: Scenario,
    ctx: Context,
    client: httpx.AsyncClient,
    folder: Path,
    pid: int,
    duration: float,
    warmup: float,
    sql_n: int,
    profile: bool = False,
) -> report.ScenarioResult:
    _, load_cpu = cores()
    plan: Plan = await sc.build(ctx)
    script = _script(folder, sc.name, plan.requests)
    extra: dict[str, Any] = {"connections": sc.connections}
    profiler = start_profiler(folder, sc.name, pid, duration, warmup) if profile else None
    if plan.background:
        bg_script = _script(folder, sc.name + "-background", plan.background)
        background = wrk.start(
            ctx.base_url, bg_script, duration + warmup + 1, plan.background_connections, load_cpu
        )
        await asyncio.sleep(0.5)
        result = await asyncio.to_thread(
            run_wrk, ctx.base_url, script, duration, sc.connections, load_cpu, warmup
        )
        bg = await asyncio.to_thread(wrk.finish, background)
        extra.update(
            background_requests_per_s=round(bg.requests_per_s, 1),
            background_p50_ms=bg.p50_ms,
            background_p99_ms=bg.p99_ms,
            background_errors=bg.status_errors + bg.socket_errors,
        )
    else:
        result = await asyncio.to_thread(
            run_wrk, ctx.base_url, script, duration, sc.connections, load_cpu, warmup
        )
    if profiler is not None:
        extra["profile_top"] = await asyncio.to_thread(finish_profiler, profiler, folder / f"{sc.name}.txt")
    sql = await sql_per_request(client, plan.requests, sql_n)
    small = await sql_per_request(client, plan.small_requests, sql_n) if plan.small_requests else None
    return report.ScenarioResult(
        name=sc.name,
        description=sc.description,
        requests_per_s=round(result.requests_per_s, 1),
        p50_ms=round(result.p50_ms, 3),
        p99_ms=round(result.p99_ms, 3),
        requests=result.requests,
        errors=result.status_errors + result.socket_errors,
        sql_per_request=sql,
        sql_per_request_small=small,
        peak_rss_mib=peak_rss_mib(pid),
        targets=list(sc.targets),
        extra=extra,
    )


async def run_all(
    args: argparse.Namespace, env: dict[str, str], base: str, pid: int, folder: Path, names: list[str]
) -> tuple[list[report.ScenarioResult], dict[str, Any]]:
    from bench import seed

    api = Api(base)
    try:
        await api.post_json("/admin/realms", {"realm": REALM, "enabled": True})
        async with in_process_app(env) as client:
            encoded = seed.password_hash()
            seeded = await seed.seed_realm(REALM, args.users, args.groups, encoded)
            await seed.analyze()
            log(f"seeded {args.users} users and {args.groups} groups in {seeded.seconds:.1f} s")
            ctx = Context(base_url=base, quick=args.quick, seeded=seeded, api=api)
            results = []
            for name in names:
                log(f"scenario {name}")
                results.append(
                    await run_scenario(
                        SCENARIOS[name],
                        ctx,
                        client,
                        folder,
                        pid,
                        args.duration,
                        args.warmup,
                        args.sql_requests,
                        args.profile,
                    )
                )
                bad = results[-1]
                if bad.errors > 0.01 * max(1, bad.requests):
                    log(f"WARNING {name}: {bad.errors} of {bad.requests} requests failed")
        return results, {"users": args.users, "groups": args.groups, "seed_s": round(seeded.seconds, 1)}
    finally:
        await api.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="about 2 s per scenario on small seeds (CI)")
    parser.add_argument("--only", nargs="*", choices=sorted(SCENARIOS), help="run only these scenarios")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="sample the server with py-spy during each scenario (top functions in the JSON)",
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for latest.json and latest.png")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print(wrk.MISSING, file=sys.stderr)
        return 2
    if args.profile and shutil.which("py-spy") is None:
        print("py-spy not found: pip install -e '.[bench]' brings it", file=sys.stderr)
        return 2
    from iamgraph.db import unreachable

    problem = unreachable(os.environ.get("IAMGRAPH_DATABASE_URL", ""))
    if problem:
        print(f"{problem}; without IAMGRAPH_DATABASE_URL it runs on SQLite", file=sys.stderr)
        return 2
    args.duration = 2.0 if args.quick else 10.0
    args.warmup = 1.0 if args.quick else 2.0
    args.users = 2_000 if args.quick else 100_000
    args.groups = 200 if args.quick else 10_000
    args.sql_requests = 10 if args.quick else 40
    names = args.only or list(SCENARIOS)
    started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    started = time.monotonic()
    server_cpu, load_cpu = cores()
    info = machine()
    with tempfile.TemporaryDirectory(prefix="iamgraph-bench-") as tmp:
        folder = Path(tmp)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("IAMGRAPH_")}
        log("ceiling: bare Starlette JSON endpoint")
        with serve(["bench.ceiling_app:app"], base_env, server_cpu, "/") as (ceiling_url, ceiling_pid):
            script = _script(folder, "ceiling", [Request("GET", "/")])
            c = run_wrk(ceiling_url, script, args.duration, 32, load_cpu, args.warmup)
            ceiling_rss = peak_rss_mib(ceiling_pid)
        ceiling = report.ScenarioResult(
            name="ceiling",
            description="bare Starlette endpoint returning a fixed JSON document",
            requests_per_s=round(c.requests_per_s, 1),
            p50_ms=round(c.p50_ms, 3),
            p99_ms=round(c.p99_ms, 3),
            requests=c.requests,
            errors=c.status_errors + c.socket_errors,
            peak_rss_mib=ceiling_rss,
        )
        argon2_ms = argon2_verify_ms(server_cpu, 10 if args.quick else 40)
        log(f"ceiling {c.requests_per_s:.0f} req/s; argon2 verify {argon2_ms:.1f} ms")
        with fresh_database(tmp) as (url, kind):
            env = {
                **base_env,
                "IAMGRAPH_DATABASE_URL": url,
                "IAMGRAPH_ADMIN_USERNAME": "admin",
                "IAMGRAPH_ADMIN_PASSWORD": ADMIN_PASSWORD,
                "IAMGRAPH_KEY_FILE": str(folder / "iamgraph.key"),
            }
            with serve(["iamgraph.app:create_app", "--factory"], env, server_cpu, "/health/ready") as (
                base,
                pid,
            ):
                log(f"server pid {pid} on {kind}")
                results, seeding = asyncio.run(run_all(args, env, base, pid, folder, names))
    all_results = [ceiling, *results]
    report.finalize(all_results, ceiling.requests_per_s, 1000 / argon2_ms)
    info["seed"] = seeding
    doc = report.document(
        all_results,
        machine=info,
        database=kind,
        mode="quick" if args.quick else "full",
        ceiling_rps=ceiling.requests_per_s,
        argon2_verify_ms=argon2_ms,
        started=started_at,
        elapsed_s=time.monotonic() - started,
    )
    path, png = report.write(doc, args.results)
    print(report.table(doc))
    print(f"\nwritten: {path}" + (f", {png}" if png else " (no chart: pip install '.[bench]')"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
