"""Redirect URIs as Keycloak's ``RedirectUtils.verifyRedirectUri`` checks them: relative ones resolved
against the client's root URL, a trailing ``*`` a prefix wildcard, and no redirect URI given accepted only
when the client registered exactly one that is not a wildcard."""

from __future__ import annotations

from models import Client


def _resolved(client: Client, uri: str) -> str:
    if uri.startswith("/") and client.root_url:
        return client.root_url.rstrip("/") + uri
    return uri


def _matches(pattern: str, uri: str) -> bool:
    if pattern.endswith("*"):
        return uri.startswith(pattern[:-1]) and ".." not in uri[len(pattern) - 1 :]
    return uri == pattern


def verified(client: Client, given: str | None, registered: list[str] | None = None) -> str | None:
    """The redirect URI to use, or ``None`` when ``given`` is not one the client registered."""
    patterns = [
        _resolved(client, str(u)) for u in (registered if registered is not None else client.redirect_uris)
    ]
    if not given:
        exact = [p for p in patterns if not p.endswith("*")]
        return exact[0] if len(patterns) == 1 and exact else None
    if "#" in given:
        return None
    bare = given.split("?", 1)[0]
    if any(_matches(p, given) or _matches(p, bare) for p in patterns):
        return given
    return None


def post_logout_uris(client: Client) -> list[str]:
    """The ``post.logout.redirect.uris`` attribute (``##`` separated; ``+`` stands for the redirect URIs)."""
    value = client.attributes.get("post.logout.redirect.uris")
    if not isinstance(value, str) or not value:
        return []
    out: list[str] = []
    for item in value.split("##"):
        out += [str(u) for u in client.redirect_uris] if item == "+" else [item]
    return out
