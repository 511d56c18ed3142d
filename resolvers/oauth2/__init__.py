"""The OAuth2 authorization engine: authorization requests, login and consent, authorization codes with
PKCE, login and consent sessions, refresh rotation and the token records. The Hydra dialect serves it
today; the Keycloak door's browser login and ``authorization_code`` grant are meant to run on it too, so
tokens of either door are the same ``models.Token`` records."""
