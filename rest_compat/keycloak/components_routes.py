"""The Keycloak dialect's rows for components and keys; spliced into the route table as one block."""

from __future__ import annotations

from rest_compat.keycloak import components
from rest_compat.routing import Route

R = "/admin/realms/{realm}"
ONE = R + "/components/{id}"

ROUTES: list[Route] = [
    Route(method, path, handler)
    for method, path, handler in (
        ("GET", R + "/components", components.list_components),
        ("POST", R + "/components", components.create_component),
        ("GET", ONE, components.get_component),
        ("PUT", ONE, components.update_component),
        ("DELETE", ONE, components.delete_component),
        ("GET", ONE + "/sub-component-types", components.sub_component_types),
        ("GET", R + "/keys", components.get_keys),
    )
]
