"""The consent a ``consentRequired`` client asks for, as Keycloak's OAuth grant page: the granted client
scopes shown on the consent screen that the user's consent does not hold yet. Accepted, they widen the
user's consent (what ``/users/{id}/consents`` lists)."""

from __future__ import annotations

from dataclasses import dataclass

from models import Client, User, UserConsent
from resolvers.auth import claims as mapping
from resolvers.users.links import grant_consent


@dataclass(frozen=True)
class Asked:
    name: str
    text: str


async def missing(client: Client, user: User, scope: str | None) -> list[Asked]:
    if not client.config.get("consentRequired"):
        return []
    granted = await mapping.granted_scopes(client, scope, strict=False)
    shown = [
        s
        for s in granted.scopes
        if str(s.attributes.get("display.on.consent.screen", "true")).lower() != "false"
    ]
    consent = await UserConsent.get_or_none(user_id=user.id, client_id=client.id)
    held = set(consent.granted_scopes) if consent else set()
    return [
        Asked(s.name, str(s.attributes.get("consent.screen.text") or s.name))
        for s in shown
        if s.name not in held
    ]


async def accept(client: Client, user: User, asked: list[str]) -> None:
    await grant_consent(user.id, client.id, asked)
