"""The Keycloak dialect's rows for the browser login, spliced into the route table as one block."""

from __future__ import annotations

from rest_compat.keycloak import login
from rest_compat.routing import Route

ROUTES: list[Route] = [
    Route("GET", "/realms/{realm}/protocol/openid-connect/auth", login.auth, auth=False),
    Route("GET", "/realms/{realm}/protocol/openid-connect/logout", login.end_session_get, auth=False),
    Route("POST", "/realms/{realm}/login-actions/authenticate", login.authenticate, auth=False),
]
