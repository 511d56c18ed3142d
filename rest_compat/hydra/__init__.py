"""The Ory Hydra 1.x dialect: its admin API and the public OAuth2/OpenID Connect endpoints behind it."""
