"""The Keto route table covers exactly the documented Keto v0.5 endpoints (health lives in the app)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from rest_compat.keto.routes import ROUTES

DOCUMENTED = Path(__file__).parent.parent / "data" / "endpoints.tsv"


def _normalise(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_keto_rows_match_the_documented_endpoints() -> None:
    with DOCUMENTED.open() as handle:
        table = list(csv.DictReader(handle, delimiter="\t"))
    documented = {
        (row["method"], _normalise(row["path"]))
        for row in table
        if row["system"] == "keto" and not row["path"].startswith("/health/")
    }
    rows = [(r.method, _normalise(r.path)) for r in ROUTES]
    assert len(rows) == len(set(rows))
    assert set(rows) == documented
