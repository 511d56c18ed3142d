"""Keycloak's browser login: the bound flow run as a plan, its authenticators, the user's required
actions, OTP, and the code issued through the authorization engine."""
