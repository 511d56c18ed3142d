"""Keycloak representations: each mapper lists the fields it emits, so nothing leaks by accident."""

from __future__ import annotations

from typing import Any

from models import AdminEvent, Event
from resolvers.events.config import EventsConfig
from resolvers.kit.lookup import default_role_name
from resolvers.realms.defaults import REALM_DEFAULTS
from resolvers.realms.views import RealmView
from resolvers.users.views import UserView


def to_realm_representation(view: RealmView, brief: bool = False) -> dict[str, Any]:
    """RealmRepresentation: every setting (secrets masked) for a caller who may view the realm, the
    reduced few the view holds for any other admin of it (Keycloak's ``getRealm``)."""
    if not view.full:
        return {"realm": view.name} | {k: v for k, v in view.settings.items() if v is not None}
    if brief:
        return {
            "id": view.id,
            "realm": view.name,
            "displayName": view.settings.get("displayName"),
            "enabled": view.enabled,
        }
    rep: dict[str, Any] = {"id": view.id, "realm": view.name}
    for key in REALM_DEFAULTS:
        rep[key] = view.settings.get(key, REALM_DEFAULTS[key])
    rep.update({k: v for k, v in view.settings.items() if k not in rep})
    rep["enabled"] = view.enabled
    rep["defaultRole"] = {
        "name": default_role_name(view.name),
        "composite": True,
        "clientRole": False,
        "containerId": view.id,
    }
    return {k: v for k, v in rep.items() if v is not None}


def to_realm_list_representation(view: RealmView, brief: bool = False) -> dict[str, Any]:
    """A realm in ``GET /admin/realms``: Keycloak lists a realm the caller may not view by its name only."""
    return to_realm_representation(view, brief) if view.full else {"realm": view.name}


def to_user_representation(view: UserView, *, brief: bool = False) -> dict[str, Any]:
    user = view.user
    rep: dict[str, Any] = {
        "id": user.id,
        "username": user.username,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "email": user.email,
        "emailVerified": user.email_verified,
        "createdTimestamp": user.created_timestamp,
        "enabled": user.enabled,
    }
    if user.federation_link:
        rep["federationLink"] = user.federation_link
    if not brief:
        if view.attributes:
            rep["attributes"] = dict(view.attributes)
        rep["totp"] = "otp" in view.credential_types
        rep["disableableCredentialTypes"] = sorted(view.credential_types - {"password"})
        rep["requiredActions"] = list(user.required_actions)
        rep["notBefore"] = user.not_before
        if view.access is not None:
            rep["access"] = dict(view.access)
    return {k: v for k, v in rep.items() if v is not None}


def to_admin_event_representation(event: AdminEvent) -> dict[str, Any]:
    rep: dict[str, Any] = {
        "time": event.time,
        "realmId": event.realm_id,
        "authDetails": {
            k: v
            for k, v in {
                "realmId": event.auth_realm_id,
                "clientId": event.auth_client_id,
                "userId": event.auth_user_id,
                "ipAddress": event.auth_ip_address,
            }.items()
            if v is not None
        },
        "operationType": event.operation_type,
        "resourceType": event.resource_type,
        "resourcePath": event.resource_path,
    }
    if event.representation is not None:
        rep["representation"] = event.representation
    if event.error is not None:
        rep["error"] = event.error
    return rep


def to_event_representation(event: Event) -> dict[str, Any]:
    rep: dict[str, Any] = {
        "time": event.time,
        "type": event.type,
        "realmId": event.realm_id,
        "clientId": event.client_id,
        "userId": event.user_id,
        "sessionId": event.session_id,
        "ipAddress": event.ip_address,
        "error": event.error,
        "details": event.details or None,
    }
    return {k: v for k, v in rep.items() if v is not None}


def to_events_config_representation(config: EventsConfig) -> dict[str, Any]:
    """RealmEventsConfigRepresentation; an unset expiration is left out."""
    rep: dict[str, Any] = {
        "eventsEnabled": config.events_enabled,
        "eventsExpiration": config.events_expiration,
        "eventsListeners": list(config.events_listeners),
        "enabledEventTypes": list(config.enabled_event_types),
        "adminEventsEnabled": config.admin_events_enabled,
        "adminEventsDetailsEnabled": config.admin_events_details_enabled,
    }
    return {k: v for k, v in rep.items() if v is not None}
