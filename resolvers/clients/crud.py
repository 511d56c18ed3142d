"""Clients: the ClientRepresentation fields, the secret (sealed at rest) and the service-account user."""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput
from core.runtime import secret_box
from models import Client, Realm, User, UserRoleMapping
from resolvers.client_policies import enforcement as client_policies
from resolvers.client_scopes.inputs import MapperFields
from resolvers.clients import composition, defaults
from resolvers.clients.views import ClientView, view_of
from resolvers.clients.views import client_secret as client_secret
from resolvers.events.records import record_admin_event
from resolvers.kit import lookup, management, rights
from resolvers.kit import secrets as secrets_kit
from resolvers.kit.actor import Actor
from resolvers.kit.fields import UNSET as UNSET
from resolvers.kit.fields import Unset
from resolvers.realms import seed as realm_seed

_BOOL_COLUMNS = (
    "enabled",
    "public_client",
    "bearer_only",
    "standard_flow_enabled",
    "implicit_flow_enabled",
    "direct_access_grants_enabled",
    "service_accounts_enabled",
)


@dataclass
class ClientFields:
    """A client's core fields; a field left ``UNSET`` stays as it is on update (a ``None`` flag or list
    too). Values come from the caller unchecked (a dialect's JSON may hold anything); ``apply_fields``
    checks them. ``extra`` holds the settings of Keycloak's ClientRepresentation kept as given."""

    client_id: str | Unset = UNSET
    name: str | Unset | None = UNSET
    description: str | Unset | None = UNSET
    enabled: bool | Unset | None = UNSET
    protocol: str | Unset | None = UNSET
    public_client: bool | Unset | None = UNSET
    bearer_only: bool | Unset | None = UNSET
    secret: str | Unset | None = UNSET
    standard_flow_enabled: bool | Unset | None = UNSET
    implicit_flow_enabled: bool | Unset | None = UNSET
    direct_access_grants_enabled: bool | Unset | None = UNSET
    service_accounts_enabled: bool | Unset | None = UNSET
    root_url: str | Unset | None = UNSET
    base_url: str | Unset | None = UNSET
    redirect_uris: list[str] | Unset | None = UNSET
    web_origins: list[str] | Unset | None = UNSET
    attributes: Mapping[str, Any] | Unset | None = UNSET
    not_before: int | Unset | None = UNSET
    owner: str | Unset | None = UNSET
    protocol_mappers: list[MapperFields] | Unset | None = UNSET
    default_client_scopes: list[str] | Unset | None = UNSET
    optional_client_scopes: list[str] | Unset | None = UNSET
    oauth2: dict[str, Any] | Unset = UNSET
    """The OAuth2 metadata without a Keycloak counterpart (``defaults.OAUTH2_KEY``), checked by the caller."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Settings of the config document (``defaults.CONFIG_DEFAULTS`` and any unknown key), as given."""


@dataclass(frozen=True)
class ClientQuery:
    """``GET /clients``: ``client_id`` exact, or a substring when ``search``; ``attributes`` all match
    (Keycloak's ``q=key:value key2:value2``); ``viewable_only`` drops the clients the caller may not view."""

    client_id: str | None = None
    search: bool = False
    attributes: Mapping[str, str] = field(default_factory=dict)
    first: int = 0
    max: int = 100
    viewable_only: bool = False


def apply_fields(client: Client, f: ClientFields) -> None:
    if f.client_id is not UNSET:
        if not isinstance(f.client_id, str) or not f.client_id.strip():
            raise InvalidInput("clientId must be a non-empty string", field="clientId")
        client.client_id = f.client_id
    for column in _BOOL_COLUMNS:
        value = getattr(f, column)
        if value is not UNSET and value is not None:
            if not isinstance(value, bool):
                raise InvalidInput(f"{column} must be a boolean", field=column)
            setattr(client, column, value)
    for column in ("name", "description", "protocol", "root_url", "base_url"):
        value = getattr(f, column)
        if value is not UNSET:
            if value is not None and not isinstance(value, str):
                raise InvalidInput(f"{column} must be a string", field=column)
            setattr(client, column, value)
    for column in ("redirect_uris", "web_origins"):
        value = getattr(f, column)
        if value is not UNSET and value is not None:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InvalidInput(f"{column} must be a list of strings", field=column)
            setattr(client, column, value)
    if f.attributes is not UNSET and f.attributes is not None:
        if not isinstance(f.attributes, dict):
            raise InvalidInput("attributes must be an object", field="attributes")
        if management.PERMISSIONS_KEY in f.attributes:
            raise InvalidInput(f"{management.PERMISSIONS_KEY} is a reserved attribute", field="attributes")
        new = _sealing_private_keys(client, {str(k): v for k, v in f.attributes.items()})
        client.attributes = management.with_switch(new, management.is_enabled(client.attributes))
    # The masked value admin events show means "unchanged" (a new client gets a generated secret).
    if f.secret is not UNSET and f.secret is not None and f.secret != secrets_kit.SECRET_VALUE:
        if not isinstance(f.secret, str) or not f.secret:
            raise InvalidInput("secret must be a non-empty string", field="secret")
        client.secret_enc = secret_box().seal(f.secret)
    if f.not_before is not UNSET and f.not_before is not None:
        if not isinstance(f.not_before, int) or isinstance(f.not_before, bool):
            raise InvalidInput("notBefore must be an integer", field="notBefore")
        client.not_before = f.not_before
    if f.owner is not UNSET:
        if f.owner is not None and not isinstance(f.owner, str):
            raise InvalidInput("owner must be a string", field="owner")
        client.owner = f.owner
    client.config = client.config | _checked_settings(f.extra)
    oauth2 = f.oauth2 if f.oauth2 is not UNSET else client.config.get(defaults.OAUTH2_KEY) or {}
    # Every write through any door is the OAuth2 client's updated_at.
    client.config = client.config | {defaults.OAUTH2_KEY: {**oauth2, "updated_at": int(time.time())}}


_PRIVATE_KEY = ".private.key"


def _sealing_private_keys(client: Client, attributes: dict[str, Any]) -> dict[str, Any]:
    """A private key given as Keycloak keeps it (the ``<attr>.private.key`` attribute of an export) is
    sealed with the certificates' keys instead of being stored plain; the masked value keeps it."""
    sealed = dict(client.config.get(defaults.PRIVATE_KEYS) or {})
    for key in [k for k in attributes if k.endswith(_PRIVATE_KEY)]:
        value = attributes.pop(key)
        if value in (None, "", secrets_kit.SECRET_VALUE):
            continue
        if not isinstance(value, str):
            raise InvalidInput(f"{key} must be a string", field="attributes")
        sealed[key.removesuffix(_PRIVATE_KEY)] = secret_box().seal(value)
    if sealed:
        client.config = {**client.config, defaults.PRIVATE_KEYS: sealed}
    return attributes


def _checked_settings(extra: dict[str, Any]) -> dict[str, Any]:
    extra = dict(extra)
    for key, value in extra.items():
        if value is None:
            continue
        if key in defaults.BOOLEAN_SETTINGS and not isinstance(value, bool):
            # Keycloak's JSON reader takes "true" and "false" for a boolean, as exports sometimes hold.
            if value not in ("true", "false"):
                raise InvalidInput(f"{key} must be a boolean", field=key)
            extra[key] = value == "true"
        if key in defaults.STRING_SETTINGS and not isinstance(value, str):
            raise InvalidInput(f"{key} must be a string", field=key)
        if key == "nodeReRegistrationTimeout" and (not isinstance(value, int) or isinstance(value, bool)):
            raise InvalidInput(f"{key} must be an integer", field=key)
        if key in ("authenticationFlowBindingOverrides", "registeredNodes") and not isinstance(value, dict):
            raise InvalidInput(f"{key} must be an object", field=key)
    return {k: v for k, v in extra.items() if k not in defaults.DERIVED_KEYS}


async def compose(realm: Realm, client: Client, f: ClientFields, *, creating: bool) -> None:
    """The client's protocol mappers and client scopes as ``f`` gives them."""
    await composition.compose(
        realm,
        client,
        f.protocol_mappers,
        f.default_client_scopes,
        f.optional_client_scopes,
        creating=creating,
    )


def created_defaults(client: Client, f: ClientFields) -> None:
    """Keycloak's defaults for what a created client's representation leaves out."""
    for column, value in defaults.CREATED_COLUMNS.items():
        if getattr(f, column) in (UNSET, None):
            setattr(client, column, value)
    for key, value in defaults.CREATED_SETTINGS.items():
        if f.extra.get(key) is None:
            client.config = client.config | {key: value}


def ensure_secret(client: Client) -> None:
    """A confidential client always has a secret: one is generated when none is given."""
    if not client.public_client and not client.bearer_only and not client.secret_enc:
        client.secret_enc = secret_box().seal(secrets.token_urlsafe(24))


async def ensure_service_account(realm: Realm, client: Client) -> None:
    if not client.service_accounts_enabled:
        return
    if await User.filter(service_account_client_id=client.id).exists():
        return
    user = await User.create(
        realm_id=realm.id,
        username=f"service-account-{client.client_id}".lower(),
        service_account_client_id=client.id,
    )
    default_role = await lookup.default_role(realm)
    if default_role is not None:
        await UserRoleMapping.create(user_id=user.id, role_id=default_role.id)


async def create_client(
    actor: Actor | None,
    realm_name: str,
    f: ClientFields,
    *,
    client_uuid: str | None = None,
    representation: Any = None,
) -> Client:
    actor = rights.require(actor, realm_name, "create-client")
    realm = await lookup.realm_by_name(realm_name)
    client = Client(realm_id=realm.id, created_at=int(time.time()))
    if client_uuid:
        client.id = client_uuid
    if f.client_id is UNSET:
        raise InvalidInput("clientId is required", field="clientId")
    created_defaults(client, f)
    apply_fields(client, f)
    ensure_secret(client)
    await client_policies.enforce(realm, client, "register")
    if await Client.filter(realm_id=realm.id, client_id=client.client_id).exists():
        raise Conflict(f"Client {client.client_id} already exists")
    if client_uuid and await Client.filter(id=client_uuid).exists():
        raise Conflict(f"Client id {client_uuid} already exists")
    async with in_transaction():
        await client.save()
        await ensure_service_account(realm, client)
        await compose(realm, client, f, creating=True)
        await record_admin_event(realm, actor, "CREATE", "CLIENT", f"clients/{client.id}", representation)
    return client


def secret_matches(client: Client, presented: str | None) -> bool:
    """The presented secret is the client's, or its rotated secret that has not expired yet."""
    if presented is None:
        return False
    stored = client_secret(client)
    if stored is not None and hmac.compare_digest(stored, presented):
        return True
    if client.secret_rotated_enc and (
        client.secret_rotated_expires_at is None or client.secret_rotated_expires_at > time.time()
    ):
        return hmac.compare_digest(secret_box().open(client.secret_rotated_enc), presented)
    return False


async def list_clients(
    actor: Actor | None, realm_name: str, client_id: str | None, search: bool, first: int, max_: int
) -> list[Client]:
    rights.require(actor, realm_name, "query-clients")
    realm = await lookup.realm_by_name(realm_name)
    qs = Client.filter(realm_id=realm.id)
    if client_id:
        qs = qs.filter(client_id__icontains=client_id) if search else qs.filter(client_id=client_id)
    return await qs.order_by("client_id").offset(first).limit(max_)


async def find_clients(actor: Actor | None, realm_name: str, query: ClientQuery) -> list[ClientView]:
    """Keycloak's client list: a caller with view-clients sees full representations; one with only
    query-clients sees id, clientId and description, or nothing with ``viewable_only``."""
    actor = rights.require(actor, realm_name, "query-clients")
    realm = await lookup.realm_by_name(realm_name)
    full = rights.can(actor, realm_name, "view-clients")
    if query.viewable_only and not full:
        return []
    qs = Client.filter(realm_id=realm.id)
    if query.client_id:
        if query.search:
            qs = qs.filter(client_id__icontains=query.client_id)
        else:
            qs = qs.filter(client_id=query.client_id)
    qs = qs.order_by("client_id")
    if not query.attributes:
        page = await qs.offset(query.first).limit(query.max)
    else:
        # Attributes are a JSON document: matched here, not in SQL, the same on SQLite and PostgreSQL.
        found = [
            c for c in await qs if all(str(c.attributes.get(k)) == v for k, v in query.attributes.items())
        ]
        page = found[query.first : query.first + query.max]
    return await composition.composed([view_of(actor, realm_name, c, full=full) for c in page])


async def get_client(actor: Actor | None, realm_name: str, client_uuid: str) -> Client:
    rights.require(actor, realm_name, "view-clients")
    realm = await lookup.realm_by_name(realm_name)
    return await lookup.client_in_realm(realm, client_uuid)


async def get_client_view(actor: Actor | None, realm_name: str, client_uuid: str) -> ClientView:
    view = view_of(actor, realm_name, await get_client(actor, realm_name, client_uuid))
    return (await composition.composed([view]))[0]


async def update_client(
    actor: Actor | None, realm_name: str, client_uuid: str, f: ClientFields, *, representation: Any = None
) -> Client:
    actor = rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    client = await lookup.client_in_realm(realm, client_uuid)
    old_client_id = client.client_id
    apply_fields(client, f)
    if client.client_id != old_client_id:
        # An admin client's clientId says which realm its roles grant rights in: it moves only with
        # its realm, and no client takes such a clientId.
        for changed in (old_client_id, client.client_id):
            if rights.administered_realm(realm.name, changed) is not None:
                raise InvalidInput(f"The clientId {changed} is an admin client's", field="clientId")
        if old_client_id in realm_seed.BUILTIN_CLIENTS:
            raise InvalidInput(
                f"The clientId of the built-in client {old_client_id} cannot change", field="clientId"
            )
        if await Client.filter(realm_id=realm.id, client_id=client.client_id).exclude(id=client.id).exists():
            raise Conflict("Client already exists")
    ensure_secret(client)
    await client_policies.enforce(realm, client, "update")
    async with in_transaction():
        await client.save()
        await ensure_service_account(realm, client)
        await compose(realm, client, f, creating=False)
        await record_admin_event(realm, actor, "UPDATE", "CLIENT", f"clients/{client.id}", representation)
    return client


async def delete_client(actor: Actor | None, realm_name: str, client_uuid: str) -> None:
    actor = rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    client = await lookup.client_in_realm(realm, client_uuid)
    if rights.administered_realm(realm.name, client.client_id) is not None:
        raise InvalidInput(f"Cannot delete the {client.client_id} client")
    async with in_transaction():
        await client.delete()
        await record_admin_event(realm, actor, "DELETE", "CLIENT", f"clients/{client_uuid}")


async def clients_by_ids(client_ids: list[str]) -> dict[str, Client]:
    """Batch: clients by id, in one query."""
    return {c.id: c for c in await Client.filter(id__in=client_ids)} if client_ids else {}
