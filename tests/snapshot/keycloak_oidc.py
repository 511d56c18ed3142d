"""Keycloak OpenID Connect: the grants and their errors, refresh, userinfo, introspection, certs,
discovery and logout."""

from __future__ import annotations

from tests.snapshot.script import OIDC, PASSWORD, REALM, Script

TOKEN = f"{OIDC}/token"
INTROSPECT = f"{OIDC}/token/introspect"
SERVICE = {"client_id": "backend", "client_secret": "backend-secret"}


def oidc(s: Script) -> None:
    s.section("keycloak oidc")
    s.user("oidcuser", email="oidcuser@example.org", firstName="Pat", lastName="Doe")
    s.anonymous("GET", f"/realms/{REALM}/.well-known/openid-configuration")
    s.anonymous("GET", f"{OIDC}/certs")
    password = {
        "grant_type": "password",
        "client_id": "admin-cli",
        "username": "oidcuser",
        "password": PASSWORD,
    }
    plain = s.anonymous("POST", TOKEN, form=password).json()
    first = s.anonymous("POST", TOKEN, form={**password, "scope": "openid"}).json()
    for form in (
        {},
        {"grant_type": "magic", "client_id": "admin-cli"},
        {**password, "password": "wrong"},
        {"grant_type": "password", "client_id": "account", "username": "a", "password": "b"},
        {"grant_type": "client_credentials", "client_id": "admin-cli"},
        {"grant_type": "client_credentials", "client_id": "backend", "client_secret": "x"},
        {"grant_type": "refresh_token", "client_id": "admin-cli", "refresh_token": "garbage"},
    ):
        s.anonymous("POST", TOKEN, form=form)
    s.anonymous("POST", "/realms/nope/protocol/openid-connect/token", form=password)
    service = s.anonymous(
        "POST", TOKEN, form={"grant_type": "client_credentials"}, auth=("backend", "backend-secret")
    )
    refresh = {
        "grant_type": "refresh_token",
        "client_id": "admin-cli",
        "refresh_token": first["refresh_token"],
    }
    refreshed = s.anonymous("POST", TOKEN, form=refresh).json()
    s.rec.caller("oidcuser", refreshed["access_token"])
    s.rec.caller("service", service.json()["access_token"])
    s.anonymous("GET", f"{OIDC}/userinfo", as_="oidcuser")
    s.anonymous("POST", f"{OIDC}/userinfo", as_="service")
    s.anonymous("GET", f"{OIDC}/userinfo")
    s.anonymous("POST", INTROSPECT, form={"token": refreshed["access_token"], **SERVICE})
    s.anonymous("POST", INTROSPECT, form={"token": first["refresh_token"], **SERVICE})
    s.anonymous("POST", INTROSPECT, form={"token": refreshed["access_token"], "client_id": "admin-cli"})

    s.anonymous(
        "POST", f"{OIDC}/logout", form={"client_id": "admin-cli", "refresh_token": first["refresh_token"]}
    )
    s.anonymous("POST", INTROSPECT, form={"token": refreshed["access_token"], **SERVICE})
    s.anonymous("POST", TOKEN, form=refresh)
    s.anonymous("GET", f"{OIDC}/userinfo", as_="oidcuser")
    # The other session goes on.
    s.anonymous("POST", INTROSPECT, form={"token": plain["access_token"], **SERVICE})
    s.call("PUT", f"/admin/realms/{REALM}/users/{s.ids['oidcuser']}", json_body={"enabled": False})
    s.anonymous("POST", TOKEN, form=password)
