"""A realm export as Keycloak's ``kc.sh export`` writes it (a RealmRepresentation with its roles, groups,
clients, client scopes and users), mapped from the export view: what ``realm_import`` reads back. Ids of
roles and groups are left out: an import makes new ones, as it does for Keycloak's."""

from __future__ import annotations

import json
from typing import Any

from resolvers.realms.export import (
    CredentialExport,
    GroupExport,
    RealmExport,
    RoleExport,
    RoleNames,
    UserExport,
)
from rest_compat.keycloak.authentication_reps import (
    to_config_representation,
    to_flow_representation,
    to_required_action,
)
from rest_compat.keycloak.client_scopes import to_scope_representation
from rest_compat.keycloak.clients_mappers import to_client_representation
from rest_compat.keycloak.identity_providers import to_identity_provider, to_mapper
from rest_compat.keycloak.mappers import to_realm_representation, to_user_representation
from rest_compat.keycloak.mappers_roles import to_role_representation


def _role(export: RoleExport) -> dict[str, Any]:
    rep = to_role_representation(export.view)
    rep.pop("id")
    rep.pop("containerId")
    if export.view.composite:
        rep["composites"] = _composites(export.composites)
    return rep


def _composites(names: RoleNames) -> dict[str, Any]:
    rep: dict[str, Any] = {}
    if names.realm:
        rep["realm"] = names.realm
    if names.client:
        rep["client"] = names.client
    return rep


def _group(export: GroupExport) -> dict[str, Any]:
    group = export.group
    rep: dict[str, Any] = {"name": group.name, "path": group.path}
    if group.description is not None:
        rep["description"] = group.description
    rep |= {
        "attributes": dict(group.attributes),
        "realmRoles": export.roles.realm,
        "clientRoles": export.roles.client,
        "subGroups": [_group(child) for child in export.children],
    }
    return rep


def _credential(export: CredentialExport) -> dict[str, Any]:
    credential = export.credential
    rep: dict[str, Any] = {"id": credential.id, "type": credential.type}
    if credential.user_label:
        rep["userLabel"] = credential.user_label
    rep |= {
        "createdDate": credential.created_date,
        # Keys sorted: PostgreSQL's jsonb keeps no key order, and two exports of one realm must be equal.
        "secretData": json.dumps(export.secret_data, separators=(",", ":"), sort_keys=True),
        "credentialData": json.dumps(export.credential_data, separators=(",", ":"), sort_keys=True),
    }
    if credential.temporary:
        rep["temporary"] = True
    return rep


def _user(export: UserExport) -> dict[str, Any]:
    rep = to_user_representation(export.view)
    for derived in ("totp", "disableableCredentialTypes"):
        rep.pop(derived, None)
    if export.service_account_client_id:
        rep["serviceAccountClientId"] = export.service_account_client_id
    rep |= {
        "credentials": [_credential(c) for c in export.credentials],
        "realmRoles": export.roles.realm,
        "clientRoles": export.roles.client,
        "groups": export.groups,
    }
    return rep


def to_realm_export(export: RealmExport) -> dict[str, Any]:
    rep = to_realm_representation(export.realm)
    rep.pop("defaultRole", None)
    clients = []
    for view in export.clients:
        client = to_client_representation(view)
        client["attributes"] = {k: v for k, v in client["attributes"].items() if k != "client.secret.rotated"}
        clients.append(client)
    return rep | {
        "roles": {
            "realm": [_role(r) for r in export.realm_roles],
            "client": {
                client_id: [_role(r) for r in roles] for client_id, roles in export.client_roles.items()
            },
        },
        "defaultRoles": export.default_roles.realm,
        "groups": [_group(g) for g in export.groups],
        "clients": clients,
        "clientScopes": [to_scope_representation(s) for s in export.scopes],
        "defaultDefaultClientScopes": export.default_scopes,
        "defaultOptionalClientScopes": export.optional_scopes,
        "users": [_user(u) for u in export.users],
        "authenticationFlows": [to_flow_representation(f) for f in export.flows],
        "authenticatorConfig": [to_config_representation(c) for c in export.authenticator_configs],
        "requiredActions": [to_required_action(a) for a in export.required_actions],
        "identityProviders": [to_identity_provider(p) for p in export.identity_providers],
        "identityProviderMappers": [to_mapper(m) for m in export.identity_provider_mappers],
    }
