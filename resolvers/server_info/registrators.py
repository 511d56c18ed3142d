"""``GET /credential-registrators``: the required actions that register a credential, as Keycloak
lists its ``CredentialRegistrator`` factories when no extension is deployed."""

from __future__ import annotations

from resolvers.authentication.providers import REQUIRED_ACTION_PROVIDERS
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor

_REGISTRATORS = ("CONFIGURE_TOTP", "UPDATE_PASSWORD", "webauthn-register", "webauthn-register-passwordless")


async def credential_registrators(actor: Actor | None, realm_name: str) -> list[str]:
    rights.require(actor, realm_name, "view-realm")
    await lookup.realm_by_name(realm_name)
    return [r for r in _REGISTRATORS if r in REQUIRED_ACTION_PROVIDERS]
