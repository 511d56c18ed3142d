"""Keycloak representations of what hangs off a user: credentials (metadata only), sessions, consents,
federated identities, login failures and impersonation. Each mapper lists the fields it emits."""

from __future__ import annotations

import json
from typing import Any

from models import Credential, FederatedIdentity
from resolvers.users.actions import Impersonation
from resolvers.users.brute_force import BruteForceStatus
from resolvers.users.links import ConsentView
from resolvers.users.sessions import ClientSessionStats, PushResult, SessionView


def to_credential_representation(credential: Credential) -> dict[str, Any]:
    """CredentialRepresentation without secretData or value: those never leave the store."""
    rep: dict[str, Any] = {
        "id": credential.id,
        "type": credential.type,
        "userLabel": credential.user_label,
        "createdDate": credential.created_date,
        "credentialData": json.dumps(credential.credential_data or {}, separators=(",", ":")),
        "priority": credential.priority,
    }
    return {k: v for k, v in rep.items() if v is not None}


def to_user_session_representation(view: SessionView) -> dict[str, Any]:
    s = view.session
    return {
        "id": s.id,
        "username": view.username,
        "userId": s.user_id,
        "ipAddress": s.ip_address or "",
        "start": s.started,
        "lastAccess": s.last_access,
        "rememberMe": False,
        "clients": view.clients,
    }


def to_user_consent_representation(view: ConsentView) -> dict[str, Any]:
    rep: dict[str, Any] = {
        "clientId": view.client_id,
        "grantedClientScopes": list(view.granted_scopes),
        "createdDate": view.created_date,
        "lastUpdatedDate": view.last_updated_date,
        "grantedRealmRoles": [],
    }
    if view.offline:
        rep["additionalGrants"] = [{"client": "Offline Token", "key": "Offline Token"}]
    return rep


def to_federated_identity_representation(link: FederatedIdentity) -> dict[str, Any]:
    return {
        "identityProvider": link.identity_provider,
        "userId": link.provider_user_id,
        "userName": link.provider_username,
    }


def to_brute_force_status(status: BruteForceStatus) -> dict[str, Any]:
    """Keycloak's brute-force status of a user; Keycloak says "n/a" for an unknown IP address."""
    return {
        "numFailures": status.num_failures,
        "disabled": status.disabled,
        "lastIPFailure": status.last_ip_failure or "n/a",
        "lastFailure": status.last_failure,
    }


def to_global_request_result(result: PushResult) -> dict[str, list[str]]:
    return {"successRequests": list(result.succeeded), "failedRequests": list(result.failed)}


def to_client_session_stats(stats: ClientSessionStats) -> dict[str, str]:
    """Keycloak gives the session counts as strings."""
    return {
        "id": stats.client_uuid,
        "clientId": stats.client_id,
        "active": str(stats.active),
        "offline": str(stats.offline),
    }


def to_impersonation_result(result: Impersonation) -> dict[str, Any]:
    return {"sameRealm": result.same_realm, "redirect": result.redirect}
