"""What a client mapper needs: the row, the caller's access to it and, for a full view, its secret."""

from __future__ import annotations

from dataclasses import dataclass

from core.runtime import secret_box
from models import Client, ProtocolMapper
from resolvers.kit import rights
from resolvers.kit.actor import Actor


@dataclass(frozen=True)
class ClientView:
    client: Client
    full: bool = True
    """False for a caller who may only query clients: Keycloak shows such a caller id, clientId and
    description only."""
    access: dict[str, bool] | None = None
    secret: str | None = None
    mappers: tuple[ProtocolMapper, ...] | None = None
    """The client's protocol mappers, where the view was composed (``composition.composed``)."""
    default_scopes: tuple[str, ...] | None = None
    optional_scopes: tuple[str, ...] | None = None


def client_secret(client: Client) -> str | None:
    return secret_box().open(client.secret_enc) if client.secret_enc else None


def view_of(actor: Actor | None, realm_name: str, client: Client, *, full: bool = True) -> ClientView:
    if not full:
        return ClientView(client, full=False)
    access = rights.access_of(actor, realm_name, "client") if actor is not None else None
    return ClientView(client, access=access, secret=client_secret(client))
