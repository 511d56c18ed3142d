"""The OAuth2 authorization engine in the graph: auth requests, consent and login sessions, tokens."""
