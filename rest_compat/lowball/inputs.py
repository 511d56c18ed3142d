"""lowball's request bodies as the resolvers' typed inputs.

A field of the wrong type is worded as lowball words a missing one. A client id or secret that is no
string counts as empty, which the resolvers refuse in their own order.
"""

from __future__ import annotations

from typing import Any

from resolvers.lowball.clients import ClientChange, NewClient
from resolvers.lowball.errors import InvalidRoleNames, InvalidTokenLife
from resolvers.lowball.tokens import MAX_TOKEN_LIFE, MIN_TOKEN_LIFE, Login, TokenRequest
from rest_compat.lowball.errors import AUTH_PACKAGE, PROVIDER_PACKAGE, LowballRefusal


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _roles(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise InvalidRoleNames()
    return tuple(value)


def _only(body: dict[str, Any], allowed: set[str]) -> None:
    if set(body) - allowed:
        raise LowballRefusal(400, PROVIDER_PACKAGE)


def login(body: dict[str, Any]) -> Login:
    """iamgraph's ``{"client_id", "client_secret"}`` or lowball's default ``{"username", "password"}``."""
    client_id = body.get("client_id", body.get("username"))
    secret = body.get("client_secret", body.get("password"))
    if not isinstance(client_id, str) or not isinstance(secret, str) or not client_id:
        raise LowballRefusal(400, AUTH_PACKAGE)
    return Login(client_id=client_id, secret=secret)


def new_client(body: dict[str, Any]) -> NewClient:
    return NewClient(
        client_id=_text(body.get("client_id")),
        secret=_text(body.get("client_secret")),
        roles=_roles(body.get("roles")),
    )


def registration(body: dict[str, Any]) -> NewClient:
    if "roles" in body:  # a registering client cannot choose its roles
        raise LowballRefusal(400, PROVIDER_PACKAGE)
    return NewClient(client_id=_text(body.get("client_id")), secret=_text(body.get("client_secret")))


def client_change(body: dict[str, Any]) -> ClientChange:
    _only(body, {"client_secret", "roles"})
    return ClientChange(
        secret=_text(body["client_secret"]) if "client_secret" in body else None,
        roles=_roles(body["roles"]) if "roles" in body else None,
    )


def own_secret(body: dict[str, Any]) -> str:
    _only(body, {"client_secret"})
    return _text(body.get("client_secret"))


def token_request(body: dict[str, Any]) -> TokenRequest:
    client_id = body.get("client_id")
    if client_id is not None and not isinstance(client_id, str):
        raise LowballRefusal(400, PROVIDER_PACKAGE)
    return TokenRequest(
        client_id=client_id or None, roles=_roles(body.get("roles")), life=_token_life(body.get("token_life"))
    )


def _token_life(value: Any) -> int | None:
    """An integer, or a string of one, as lowball's JSON clients send either."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidTokenLife(MIN_TOKEN_LIFE, MAX_TOKEN_LIFE)
    try:
        return int(value)
    except ValueError as exc:
        raise InvalidTokenLife(MIN_TOKEN_LIFE, MAX_TOKEN_LIFE) from exc
