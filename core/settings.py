"""Settings read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str
    admin_username: str
    admin_password: str | None
    secret_key: str | None
    key_file: Path
    max_body_bytes: int
    public_url: str | None
    keto_realm: str
    hydra_realm: str
    lowball_realm: str
    lowball_self_registration: bool
    # The most objects one GraphQL operation may fetch (page sizes multiplied through nesting).
    graphql_max_cost: int = 20_000
    # /metrics/prometheus without a token (for a scraper inside a trusted network, as Hydra serves it).
    metrics_public: bool = False

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            database_url=env.get("IAMGRAPH_DATABASE_URL") or "sqlite://iamgraph.sqlite3",
            admin_username=env.get("IAMGRAPH_ADMIN_USERNAME") or "admin",
            admin_password=env.get("IAMGRAPH_ADMIN_PASSWORD") or None,
            secret_key=env.get("IAMGRAPH_SECRET_KEY") or None,
            key_file=Path(env.get("IAMGRAPH_KEY_FILE") or "iamgraph.key"),
            max_body_bytes=int(env.get("IAMGRAPH_MAX_BODY_BYTES") or 1_048_576),
            public_url=(env.get("IAMGRAPH_PUBLIC_URL") or "").rstrip("/") or None,
            keto_realm=env.get("IAMGRAPH_KETO_REALM") or "master",
            hydra_realm=env.get("IAMGRAPH_HYDRA_REALM") or "master",
            lowball_realm=env.get("IAMGRAPH_LOWBALL_REALM") or "master",
            lowball_self_registration=_bool(env.get("IAMGRAPH_LOWBALL_SELF_REGISTRATION"), False),
            graphql_max_cost=int(env.get("IAMGRAPH_GRAPHQL_MAX_COST") or 20_000),
            metrics_public=_bool(env.get("IAMGRAPH_METRICS_PUBLIC"), False),
        )
