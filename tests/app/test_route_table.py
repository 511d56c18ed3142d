"""Every route row is a documented endpoint (or a documented OIDC/health path), and none is a stub."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from rest_compat.keycloak.routes import ROUTES

DOCUMENTED = Path(__file__).parent.parent / "data" / "endpoints.tsv"
# The OpenID Connect endpoints are Keycloak's, but outside its admin API document.
OIDC_PREFIXES = (
    "/realms/{realm}/protocol/openid-connect/",
    "/realms/{realm}/.well-known/",
    # The browser login's form posts (Keycloak's LoginActionsService).
    "/realms/{realm}/login-actions/",
)
# The public realm information a client adapter reads, equally outside the admin API document.
PUBLIC_PATHS = ("/realms/{realm}",)
# Served by Keycloak (ServerInfoAdminResource, RealmAdminResource) and called by python-keycloak, yet left
# out of its admin API document.
OUTSIDE_THE_DOCUMENT = {
    ("GET", "/admin/serverinfo"),
    ("POST", "/admin/realms/{realm}/clear-realm-cache"),
    ("POST", "/admin/realms/{realm}/clear-user-cache"),
    ("POST", "/admin/realms/{realm}/clear-keys-cache"),
}


def _normalise(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_keycloak_rows_are_documented() -> None:
    with DOCUMENTED.open() as handle:
        documented = {
            (row["method"], _normalise(row["path"]))
            for row in csv.DictReader(handle, delimiter="\t")
            if row["system"] == "keycloak"
        }
    for route in ROUTES:
        if route.path.startswith(OIDC_PREFIXES) or route.path in PUBLIC_PATHS:
            continue
        if (route.method, route.path) in OUTSIDE_THE_DOCUMENT:
            continue
        assert (route.method, _normalise(route.path)) in documented, f"{route.method} {route.path}"


def test_rows_are_unique() -> None:
    keys = [(r.method, _normalise(r.path)) for r in ROUTES]
    assert len(keys) == len(set(keys))
