"""The Keto v0.5 dialect's route table (Keto's ``engine/ladon/handler.go`` plus ``/version``).

Keto itself runs unauthenticated inside a trusted network; here every engine route needs a Bearer token
with ``view-authorization`` (reads and decisions) or ``manage-authorization`` (writes) in the Keto realm.
"""

from __future__ import annotations

from rest_compat.keto import handlers
from rest_compat.routing import Route

E = "/engines/acp/ory/{flavor}"

ROUTES: list[Route] = [
    Route("POST", E + "/allowed", handlers.allowed),
    Route("GET", E + "/policies", handlers.list_policies),
    Route("PUT", E + "/policies", handlers.upsert_policy),
    Route("GET", E + "/policies/{id}", handlers.get_policy),
    Route("DELETE", E + "/policies/{id}", handlers.delete_policy),
    Route("GET", E + "/roles", handlers.list_roles),
    Route("PUT", E + "/roles", handlers.upsert_role),
    Route("GET", E + "/roles/{id}", handlers.get_role),
    Route("DELETE", E + "/roles/{id}", handlers.delete_role),
    Route("PUT", E + "/roles/{id}/members", handlers.add_role_members),
    Route("DELETE", E + "/roles/{id}/members/{member}", handlers.remove_role_member),
    Route("GET", "/version", handlers.version, auth=False),
]
