"""The Keycloak dialect: the Admin REST API (``/admin/realms/...``) and the realm OIDC endpoints."""
