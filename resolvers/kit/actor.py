"""The caller of a domain operation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    """Who is calling: the realm and user (or service account) of a verified token, with the effective
    roles it carries. ``SYSTEM`` is the server itself (bootstrap, migrations)."""

    realm_id: str
    realm_name: str
    user_id: str | None = None
    username: str | None = None
    client_id: str | None = None
    session_id: str | None = None
    token_id: str | None = None
    realm_roles: frozenset[str] = frozenset()
    client_roles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    ip_address: str | None = None
    system: bool = False

    def has_client_role(self, client_id: str, role: str) -> bool:
        return role in self.client_roles.get(client_id, frozenset())


SYSTEM = Actor(realm_id="", realm_name="", username="system", system=True)
