"""OAuth2 clients as Hydra 1.x manages them: the same clients the Keycloak door shows, addressed by their
client_id, written through the client resolvers (rights, secrets, admin events)."""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass
from typing import Any

import jsonpatch

from core.errors import InvalidInput, NotFound
from models import Client
from resolvers.clients import crud
from resolvers.clients.crud import ClientFields
from resolvers.clients.oauth2_metadata import (
    AUTHENTICATORS,
    LIST_ATTRIBUTES,
    LIST_SEPARATOR,
    TEXT_ATTRIBUTES,
    OAuth2ClientView,
    metadata_of,
)
from resolvers.clients.oauth2_validation import shaped, validate
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.fields import UNSET

CLIENT_MISSING = "Unable to locate the resource"

# Metadata kept in the OAuth2 document as given (after validation): no column or attribute means the same.
_DOCUMENT_FIELDS = (
    "grant_types",
    "response_types",
    "scope",
    "audience",
    "subject_type",
    "jwks",
    "token_endpoint_auth_method",
    "request_uris",
    "sector_identifier_uri",
    "frontchannel_logout_session_required",
    "metadata",
)
_MAPPED_ATTRIBUTES = (
    *TEXT_ATTRIBUTES.values(),
    *LIST_ATTRIBUTES.values(),
    "use.jwks.url",
    "backchannel.logout.session.required",
)


@dataclass(frozen=True)
class ClientPage:
    """``GET /clients``: Hydra's limit/offset paging and its exact-match filters."""

    limit: int = 100
    offset: int = 0
    client_name: str | None = None
    owner: str | None = None


def view(client: Client, secret: str | None = None) -> OAuth2ClientView:
    return OAuth2ClientView(metadata_of(client), client, secret)


async def _client(realm_name: str, client_id: str) -> Client:
    realm = await lookup.realm_by_name(realm_name)
    client = await lookup.client_by_client_id(realm, client_id)
    if client is None:
        raise NotFound(CLIENT_MISSING)
    return client


def _fields(doc: dict[str, Any], existing: Client | None, secret: str | None) -> ClientFields:
    """Validated metadata as the client's columns, attributes and OAuth2 document (a PUT replaces all)."""
    grants = doc.get("grant_types", [])
    method = doc["token_endpoint_auth_method"]
    attributes = {
        k: v for k, v in (existing.attributes if existing else {}).items() if k not in _MAPPED_ATTRIBUTES
    }
    for name, attribute in TEXT_ATTRIBUTES.items():
        if doc.get(name) and not (name == "userinfo_signed_response_alg" and doc[name] == "none"):
            attributes[attribute] = doc[name]
    for name, attribute in LIST_ATTRIBUTES.items():
        if doc.get(name):
            attributes[attribute] = LIST_SEPARATOR.join(doc[name])
    if doc.get("jwks_uri"):
        attributes["use.jwks.url"] = "true"
    if "backchannel_logout_session_required" in doc:
        attributes["backchannel.logout.session.required"] = str(
            doc["backchannel_logout_session_required"]
        ).lower()
    fields = ClientFields(
        client_id=doc["client_id"],
        name=doc.get("client_name") or None,
        redirect_uris=list(doc.get("redirect_uris", [])),
        web_origins=list(doc["allowed_cors_origins"]),
        base_url=doc.get("client_uri") or None,
        owner=doc.get("owner") or None,
        public_client=method == "none",
        secret=secret if secret else UNSET,
        attributes=attributes,
        oauth2={k: doc[k] for k in _DOCUMENT_FIELDS if k in doc},
        # Hydra's empty list means authorization_code.
        standard_flow_enabled="authorization_code" in grants or not grants,
        implicit_flow_enabled="implicit" in grants,
        direct_access_grants_enabled="password" in grants,
        service_accounts_enabled="client_credentials" in grants,
    )
    if method in AUTHENTICATORS:
        fields.extra["clientAuthenticatorType"] = AUTHENTICATORS[method]
    return fields


def _event(doc: dict[str, Any]) -> dict[str, Any]:
    """The admin event's representation: the metadata without its secret."""
    return {k: v for k, v in doc.items() if k != "client_secret"}


async def list_oauth2_clients(
    actor: Actor | None, realm_name: str, page: ClientPage
) -> tuple[list[OAuth2ClientView], int]:
    """A page of clients and how many match in all (Hydra's X-Total-Count)."""
    rights.require(actor, realm_name, "view-clients")
    realm = await lookup.realm_by_name(realm_name)
    qs = Client.filter(realm_id=realm.id)
    if page.client_name:
        qs = qs.filter(name=page.client_name)
    if page.owner:
        qs = qs.filter(owner=page.owner)
    total = await qs.count()
    rows = await qs.order_by("client_id").offset(page.offset).limit(page.limit)
    return [view(c) for c in rows], total


async def get_oauth2_client(actor: Actor | None, realm_name: str, client_id: str) -> OAuth2ClientView:
    rights.require(actor, realm_name, "view-clients")
    return view(await _client(realm_name, client_id))


async def create_oauth2_client(
    actor: Actor | None, realm_name: str, body: dict[str, Any]
) -> OAuth2ClientView:
    """Hydra's create: a secret generated when none is given, shown in this answer only."""
    rights.require(actor, realm_name, "manage-clients")
    doc = validate(shaped(body))
    public = doc["token_endpoint_auth_method"] == "none"
    secret = None if public else doc.get("client_secret") or secrets.token_urlsafe(26)[:26]
    client = await crud.create_client(
        actor, realm_name, _fields(doc, None, secret), representation=_event(doc)
    )
    return view(client, secret)


async def update_oauth2_client(
    actor: Actor | None, realm_name: str, client_id: str, body: dict[str, Any]
) -> OAuth2ClientView:
    """Hydra's PUT: the whole metadata replaced (the client_id is the path's); the secret kept unless
    given."""
    rights.require(actor, realm_name, "manage-clients")
    existing = await _client(realm_name, client_id)
    return await _replace(actor, realm_name, existing, {**shaped(body), "client_id": client_id})


async def _replace(
    actor: Actor | None, realm_name: str, existing: Client, shaped_doc: dict[str, Any]
) -> OAuth2ClientView:
    doc = validate(shaped_doc)
    secret = None if doc["token_endpoint_auth_method"] == "none" else doc.get("client_secret")
    client = await crud.update_client(
        actor, realm_name, existing.id, _fields(doc, existing, secret), representation=_event(doc)
    )
    return view(client, secret)


async def patch_oauth2_client(
    actor: Actor | None, realm_name: str, client_id: str, operations: Any
) -> OAuth2ClientView:
    """Hydra's PATCH: an RFC 6902 JSON Patch over the client's metadata; a patched secret is set."""
    rights.require(actor, realm_name, "manage-clients")
    existing = await _client(realm_name, client_id)
    current = dataclasses.asdict(metadata_of(existing))
    try:
        patch = jsonpatch.JsonPatch(operations)
        patched = patch.apply(current)
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, TypeError, KeyError) as exc:
        raise InvalidInput(f"Unable to apply the JSON Patch: {exc}") from exc
    if not isinstance(patched, dict):
        raise InvalidInput("The JSON Patch must leave an OAuth 2.0 Client object")
    return await _replace(actor, realm_name, existing, shaped(patched))


async def delete_oauth2_client(actor: Actor | None, realm_name: str, client_id: str) -> None:
    rights.require(actor, realm_name, "manage-clients")
    client = await _client(realm_name, client_id)
    await crud.delete_client(actor, realm_name, client.id)
