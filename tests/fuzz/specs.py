"""The API documents the fuzzing gate reads, restricted to what the server routes and patched where the
upstream document cannot be generated from. Every patch is listed in tests/data/specs/README.md."""

from __future__ import annotations

import copy
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import schemathesis
import yaml
from schemathesis.schemas import BaseSchema

from rest_compat.hydra.routes import ROUTES as HYDRA_ROUTES
from rest_compat.keto.routes import ROUTES as KETO_ROUTES
from rest_compat.keycloak.routes import ROUTES as KEYCLOAK_ROUTES
from rest_compat.lowball.routes import ROUTES as LOWBALL_ROUTES
from rest_compat.routing import Route

LONG = os.environ.get("IAMGRAPH_FUZZ") == "long"
SPECS = Path(__file__).resolve().parent.parent / "data" / "specs"
GRAPHQL_SDL = Path(__file__).resolve().parents[2] / "schema.graphql"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_PLACEHOLDER = re.compile(r"\{[^}]+\}")


def _key(method: str, path: str) -> tuple[str, str]:
    """A route and a documented operation match when method and path agree up to parameter names
    (the route tables use ``{user_id}`` where Keycloak's document says ``{user-id}``)."""
    return method.upper(), _PLACEHOLDER.sub("{}", path)


# Served by the app itself, beside the dialects' tables.
APP_ROUTES = [Route("GET", "/health/alive", None), Route("GET", "/health/ready", None)]  # type: ignore[arg-type]


def restrict(document: dict[str, Any], routes: list[Route], base_path: str = "") -> dict[str, Any]:
    """Only the documented operations some route serves: the others answer 404 and are only noise."""
    routed = {_key(r.method, r.path) for r in [*routes, *APP_ROUTES]}
    kept = copy.deepcopy(document)
    for path, item in list(kept["paths"].items()):
        for method in [m for m in item if m in METHODS]:
            if _key(method, base_path + path) not in routed:
                del item[method]
        if not any(m in item for m in METHODS):
            del kept["paths"][path]
    return kept


def _patch_keycloak(document: dict[str, Any]) -> None:
    # JAX-RS declares group-by-path's {path} as List<PathSegment>, an array no path value can satisfy.
    by_path = document["paths"]["/admin/realms/{realm}/group-by-path/{path}"]["get"]
    for parameter in by_path["parameters"]:
        if parameter["name"] == "path":
            parameter["schema"] = {"type": "string"}


def _config() -> schemathesis.Config:
    """Positive and negative data, the same on every run (a fixed seed, no example database). The
    coverage phase (systematic boundary cases) runs in the long mode only: building its cases for
    Keycloak's large representations alone takes about a minute."""
    return schemathesis.Config.from_dict(
        {
            "generation": {"mode": "all", "deterministic": True, "database": "none"},
            "phases": {"coverage": {"enabled": LONG}},
            "seed": 20240601,
        }
    )


@cache
def keycloak() -> BaseSchema:
    document = json.loads((SPECS / "keycloak-admin-openapi.json").read_text())
    _patch_keycloak(document)
    return schemathesis.openapi.from_dict(restrict(document, KEYCLOAK_ROUTES), config=_config())


@cache
def keto() -> BaseSchema:
    document = json.loads((SPECS / "keto-v0.5-swagger.json").read_text())
    return schemathesis.openapi.from_dict(restrict(document, KETO_ROUTES), config=_config())


@cache
def hydra() -> BaseSchema:
    document = json.loads((SPECS / "hydra-v1.11.8-openapi.json").read_text())
    # /version is one answer for the Hydra and Keto SDKs, served by the Keto table.
    shared = [r for r in KETO_ROUTES if r.path == "/version"]
    return schemathesis.openapi.from_dict(restrict(document, [*HYDRA_ROUTES, *shared]), config=_config())


@cache
def lowball() -> BaseSchema:
    document = yaml.safe_load((SPECS / "lowball-builtins-openapi.yml").read_text())
    return schemathesis.openapi.from_dict(restrict(document, LOWBALL_ROUTES), config=_config())


@cache
def graphql() -> BaseSchema:
    return schemathesis.graphql.from_file(GRAPHQL_SDL.read_text(), config=_config())
