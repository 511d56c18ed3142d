"""What a user is linked to: the consents granted to clients and the accounts at identity providers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput, NotFound
from models import Client, FederatedIdentity, IdentityProvider, Session, Token, UserConsent
from models.base import now_ms
from resolvers.kit import unique
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.oauth2 import consents
from resolvers.users.credentials import target_user


@dataclass(frozen=True)
class FederatedIdentityLink:
    """A link to an account at an identity provider. The resolver validates the values, since a dialect
    may hand them over as they came."""

    identity_provider: str
    user_id: str | None
    user_name: str | None = None

    def representation(self) -> dict[str, Any]:
        """The FederatedIdentityRepresentation, as an admin event records it."""
        rep: dict[str, Any] = {"identityProvider": self.identity_provider, "userId": self.user_id}
        if self.user_name is not None:
            rep["userName"] = self.user_name
        return rep


@dataclass
class ConsentView:
    client_id: str
    granted_scopes: list[str]
    created_date: int
    last_updated_date: int
    offline: bool


async def list_consents(actor: Actor | None, realm_name: str, user_id: str) -> list[ConsentView]:
    """The user's consents, plus the clients holding an offline token of the user without one."""
    _, _, user = await target_user(actor, realm_name, user_id, "view-users")
    consents = await UserConsent.filter(user_id=user.id).select_related("client").order_by("created_date")
    holding: list[Any] = await Token.filter(user_id=user.id, kind="offline", revoked=False).values_list(
        "client_id", flat=True
    )
    offline_clients = set(holding)
    out = [
        ConsentView(
            c.client.client_id,
            list(c.granted_scopes),
            c.created_date,
            c.last_updated_date,
            c.client_id in offline_clients,
        )
        for c in consents
    ]
    consenting = {c.client_id for c in consents}
    extra = [cid for cid in offline_clients if cid and cid not in consenting]
    if extra:
        for client in await Client.filter(id__in=extra).order_by("client_id"):
            out.append(ConsentView(client.client_id, [], 0, 0, True))
    return out


async def revoke_consent(actor: Actor | None, realm_name: str, user_id: str, client_id: str) -> None:
    """Revoke the consent of ``client_id`` and the user's offline tokens of that client."""
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    client = await Client.get_or_none(realm_id=realm.id, client_id=client_id)
    if client is None:
        raise NotFound("Client not found")
    async with in_transaction():
        removed = await UserConsent.filter(user_id=user.id, client_id=client.id).delete()
        offline = await Token.filter(
            user_id=user.id, client_id=client.id, kind="offline", revoked=False
        ).update(revoked=True)
        await Session.filter(user_id=user.id, client_id=client.id, offline=True).delete()
        # The same consent as a Hydra consent session: its flows' tokens go with it.
        await consents.revoke_for_user(user.id, client.id)
        if not removed and not offline:
            raise NotFound("Consent nor offline token not found")
        await record_admin_event(realm, actor, "ACTION", "USER", f"users/{user.id}/consents/{client_id}")


async def grant_consent(user_id: str, client_pk: str, scopes: list[str]) -> UserConsent:
    """Record (or widen) a user's consent to a client; used by login flows and tests."""
    consent = await UserConsent.get_or_none(user_id=user_id, client_id=client_pk)
    if consent is None:
        return await UserConsent.create(user_id=user_id, client_id=client_pk, granted_scopes=scopes)
    consent.granted_scopes = list(dict.fromkeys([*consent.granted_scopes, *scopes]))
    consent.last_updated_date = now_ms()
    await consent.save(update_fields=["granted_scopes", "last_updated_date"])
    return consent


async def list_federated_identities(
    actor: Actor | None, realm_name: str, user_id: str
) -> list[FederatedIdentity]:
    _, _, user = await target_user(actor, realm_name, user_id, "view-users")
    return await FederatedIdentity.filter(user_id=user.id).order_by("identity_provider")


async def link_federated_identity(
    actor: Actor | None, realm_name: str, user_id: str, link: FederatedIdentityLink
) -> FederatedIdentity:
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    provider = link.identity_provider
    if not await IdentityProvider.exists(realm_id=realm.id, alias=provider):
        raise NotFound("Identity Provider not found")
    if await FederatedIdentity.exists(user_id=user.id, identity_provider=provider):
        raise Conflict("User is already linked with provider")
    for name, value in (("userId", link.user_id), ("userName", link.user_name)):
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"{name} must be a string", field=name)
    if not link.user_id:
        raise InvalidInput("userId is required", field="userId")
    if await FederatedIdentity.exists(
        identity_provider=provider, provider_user_id=link.user_id, user__realm_id=realm.id
    ):
        raise Conflict("The identity is already linked to another user")
    async with unique.transaction("User is already linked with provider"):
        created = await FederatedIdentity.create(
            user_id=user.id,
            identity_provider=provider,
            provider_user_id=link.user_id,
            provider_username=link.user_name,
        )
        path = f"users/{user.id}/federated-identity/{provider}"
        await record_admin_event(realm, actor, "CREATE", "USER", path, link)
    return created


async def unlink_federated_identity(
    actor: Actor | None, realm_name: str, user_id: str, provider: str
) -> None:
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    async with in_transaction():
        if not await FederatedIdentity.filter(user_id=user.id, identity_provider=provider).delete():
            raise NotFound("Link not found")
        await record_admin_event(
            realm, actor, "DELETE", "USER", f"users/{user.id}/federated-identity/{provider}"
        )
