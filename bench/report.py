"""Results: ratios to the ceiling, targets, the terminal table, latest.json and the chart."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Target:
    """What a scenario should reach. kind is one of:
    ratio_min (requests/s over the ceiling's), rps_min (requests/s), p50_max_ms, p99_max_ms,
    argon2_ratio_min (requests/s over 1 / one argon2 verify), sql_constant (same SQL count for a
    small and a large page)."""

    kind: str
    value: float = 0.0
    # For rps_ratio_of_min: the scenario whose requests/s this one is compared with.
    reference: str = ""

    def describe(self) -> str:
        return {
            "ratio_min": f">= {self.value:g} x ceiling",
            "rps_min": f">= {self.value:g} req/s",
            "p50_max_ms": f"p50 <= {self.value:g} ms",
            "p99_max_ms": f"p99 <= {self.value:g} ms",
            "argon2_ratio_min": f">= {self.value:g} x argon2 ceiling",
            "sql_constant": "SQL count independent of page size",
            "rps_ratio_of_min": f">= {self.value:g} x req/s of {self.reference}",
        }[self.kind]


@dataclass
class ScenarioResult:
    name: str
    description: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    sql_per_request: float | None = None
    sql_per_request_small: float | None = None
    peak_rss_mib: float | None = None
    ratio_to_ceiling: float | None = None
    targets: list[Target] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    verdicts: list[dict[str, Any]] = field(default_factory=list)


def ratio(value: float, ceiling: float) -> float:
    """``value`` as a fraction of ``ceiling``; 0 when there is no ceiling to compare with."""
    if ceiling <= 0:
        return 0.0
    return round(value / ceiling, 4)


def evaluate(
    target: Target,
    result: ScenarioResult,
    argon2_per_s: float | None,
    others: dict[str, ScenarioResult] | None = None,
) -> dict[str, Any]:
    """Whether ``result`` meets ``target``: {"target", "actual", "met"}."""
    actual: float | None
    if target.kind == "rps_ratio_of_min":
        reference = (others or {}).get(target.reference)
        actual = ratio(result.requests_per_s, reference.requests_per_s) if reference else None
        met = actual is not None and actual >= target.value
    elif target.kind == "ratio_min":
        actual = result.ratio_to_ceiling
        met = actual is not None and actual >= target.value
    elif target.kind == "rps_min":
        actual = result.requests_per_s
        met = actual >= target.value
    elif target.kind == "p50_max_ms":
        actual = result.p50_ms
        met = actual <= target.value
    elif target.kind == "p99_max_ms":
        actual = result.p99_ms
        met = actual <= target.value
    elif target.kind == "argon2_ratio_min":
        actual = ratio(result.requests_per_s, argon2_per_s) if argon2_per_s else None
        met = actual is not None and actual >= target.value
    elif target.kind == "sql_constant":
        actual = result.sql_per_request
        met = result.sql_per_request is not None and result.sql_per_request == result.sql_per_request_small
    else:
        raise ValueError(f"unknown target kind {target.kind}")
    if result.requests == 0:
        met = False  # nothing answered in time: no latency or rate target can be met
    return {
        "target": target.describe(),
        "kind": target.kind,
        "value": target.value,
        "actual": None if actual is None else round(actual, 4),
        "met": bool(met),
    }


def finalize(results: list[ScenarioResult], ceiling_rps: float, argon2_per_s: float | None) -> None:
    """Fill in each result's ratio to the ceiling and its verdicts."""
    by_name = {r.name: r for r in results}
    for r in results:
        r.ratio_to_ceiling = ratio(r.requests_per_s, ceiling_rps)
    for r in results:
        r.verdicts = [evaluate(t, r, argon2_per_s, by_name) for t in r.targets]


def document(
    results: list[ScenarioResult],
    *,
    machine: dict[str, Any],
    database: str,
    mode: str,
    ceiling_rps: float,
    argon2_verify_ms: float | None,
    started: str,
    elapsed_s: float,
) -> dict[str, Any]:
    """The JSON written to bench/results/latest.json."""
    scenarios = []
    for r in results:
        row = asdict(r)
        row.pop("targets")
        scenarios.append(row)
    return {
        "schema": SCHEMA_VERSION,
        "started": started,
        "elapsed_s": round(elapsed_s, 1),
        "mode": mode,
        "database": database,
        "machine": machine,
        "ceiling_rps": round(ceiling_rps, 1),
        "argon2_verify_ms": None if argon2_verify_ms is None else round(argon2_verify_ms, 3),
        "argon2_ceiling_rps": None if not argon2_verify_ms else round(1000 / argon2_verify_ms, 1),
        "scenarios": scenarios,
    }


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(doc: dict[str, Any]) -> str:
    head = (
        f"{'scenario':<28} {'req/s':>9} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} {'SQL/req':>8} "
        f"{'RSS MiB':>8} {'err':>5}  targets"
    )
    lines = [
        f"iamgraph bench ({doc['mode']}, {doc['database']}): ceiling {doc['ceiling_rps']:.0f} req/s, "
        f"argon2 verify {_fmt(doc['argon2_verify_ms'], '.1f')} ms",
        head,
        "-" * len(head),
    ]
    for s in doc["scenarios"]:
        verdicts = "; ".join(
            f"{'ok' if v['met'] else 'MISSED'} {v['target']} ({v['actual']})" for v in s["verdicts"]
        )
        lines.append(
            f"{s['name']:<28} {s['requests_per_s']:>9.0f} {_fmt(s['ratio_to_ceiling'], '.3f'):>6} "
            f"{s['p50_ms']:>8.2f} {s['p99_ms']:>8.2f} {_fmt(s['sql_per_request'], '.1f'):>8} "
            f"{_fmt(s['peak_rss_mib'], '.0f'):>8} {s['errors']:>5}  {verdicts}"
        )
    return "\n".join(lines)


def write(doc: dict[str, Any], folder: Path) -> tuple[Path, Path | None]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "latest.json"
    path.write_text(json.dumps(doc, indent=2) + "\n")
    return path, chart(doc, folder / "latest.png")


def chart(doc: dict[str, Any], path: Path) -> Path | None:
    """A bar chart of each scenario's requests/s as a ratio to the ceiling; None without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    rows = [s for s in doc["scenarios"] if s["name"] != "ceiling"]
    names = [s["name"] for s in rows]
    values = [s["ratio_to_ceiling"] or 0.0 for s in rows]
    colors = ["tab:green" if all(v["met"] for v in s["verdicts"]) else "tab:red" for s in rows]
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(rows) + 1.5))
    ax.barh(names, values, color=colors)
    for i, s in enumerate(rows):
        ax.text(
            values[i], i, f" {s['requests_per_s']:.0f}/s  p50 {s['p50_ms']:.1f} ms", va="center", fontsize=8
        )
    ax.invert_yaxis()
    ax.set_xlim(0, max([1.0, *values]) * 1.35)
    ax.axvline(1.0, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel(f"requests/s relative to the ceiling ({doc['ceiling_rps']:.0f} req/s, bare Starlette)")
    ax.set_title(f"iamgraph bench - {doc['database']} - {doc['mode']} (green: targets met)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def markdown(doc: dict[str, Any]) -> str:
    """The results as a Markdown table (for bench/README.md)."""
    lines = [
        "| scenario | req/s | x ceiling | p50 ms | p99 ms | SQL/req | peak RSS MiB | errors | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in doc["scenarios"]:
        verdicts = "; ".join(
            f"{'**missed**' if not v['met'] else 'met'} {v['target']} ({v['actual']})" for v in s["verdicts"]
        )
        if s["extra"].get("background_requests_per_s") is not None:
            verdicts += f" (logins alongside: {s['extra']['background_requests_per_s']}/s)"
        lines.append(
            f"| {s['name']} | {s['requests_per_s']:.0f} | {_fmt(s['ratio_to_ceiling'], '.3f')} | "
            f"{s['p50_ms']:.2f} | {s['p99_ms']:.2f} | {_fmt(s['sql_per_request'], '.1f')} | "
            f"{_fmt(s['peak_rss_mib'], '.0f')} | {s['errors']} | {verdicts} |"
        )
    return "\n".join(lines)
