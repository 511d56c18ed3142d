"""The Hydra 1.x dialect's route table: the admin API (every admin endpoint needs an admin Bearer token of
the realm the dialect serves, ``IAMGRAPH_HYDRA_REALM``) and the public OAuth2/OpenID Connect endpoints."""

from __future__ import annotations

from rest_compat.routing import Route

ROUTES: list[Route] = []
