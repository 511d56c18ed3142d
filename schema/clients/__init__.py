"""Clients (OAuth2 / OpenID Connect applications) in the graph."""
