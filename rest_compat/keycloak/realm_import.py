"""Reading the nested parts of a RealmRepresentation (a Keycloak realm export) into the domain's import
contents: roles, clients, client scopes and scope mappings, groups, users with their credentials, default
roles and default groups."""

from __future__ import annotations

from typing import Any

from core.errors import InvalidInput
from resolvers.realms.import_clients import ClientContents, ClientImport, ScopeImport, ScopeMappingImport
from resolvers.realms.importer import GroupImport, RealmContents, RoleImport, UserImport
from rest_compat.keycloak.authentication_import import authentication_import_from
from rest_compat.keycloak.client_scopes import scope_fields_from
from rest_compat.keycloak.clients import client_fields_from
from rest_compat.keycloak.identity_providers import identity_providers_import_from
from rest_compat.keycloak.users import user_fields_from


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput(f"{where} must be a list", field=where)
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput(f"{where} must be an object", field=where)
    return value


def _names(value: Any, where: str) -> list[str]:
    names = _list(value, where)
    if not all(isinstance(n, str) for n in names):
        raise InvalidInput(f"{where} must be a list of names", field=where)
    return names


def _client_names(value: Any, where: str) -> dict[str, list[str]]:
    return {str(k): _names(v, f"{where}.{k}") for k, v in _object(value, where).items()}


def _role(rep: Any, where: str) -> RoleImport:
    rep = _object(rep, where)
    name = rep.get("name")
    if not isinstance(name, str) or not name:
        raise InvalidInput(f"{where}: every role needs a name", field=where)
    composites = _object(rep.get("composites"), f"{where}.composites")
    return RoleImport(
        name=name,
        description=rep.get("description") if isinstance(rep.get("description"), str) else None,
        attributes=_object(rep.get("attributes"), f"{where}.attributes"),
        realm_composites=_names(composites.get("realm"), f"{where}.composites.realm"),
        client_composites=_client_names(composites.get("client"), f"{where}.composites.client"),
    )


def _group(rep: Any) -> GroupImport:
    rep = _object(rep, "groups")
    name = rep.get("name")
    if not isinstance(name, str):
        raise InvalidInput("every group needs a name", field="groups")
    return GroupImport(
        name=name,
        attributes=_object(rep.get("attributes"), "groups.attributes"),
        realm_roles=_names(rep.get("realmRoles"), "groups.realmRoles"),
        client_roles=_client_names(rep.get("clientRoles"), "groups.clientRoles"),
        children=[_group(child) for child in _list(rep.get("subGroups"), "groups.subGroups")],
    )


def _user(rep: Any, index: int) -> UserImport:
    rep = _object(rep, "users")
    # Every credential is kept: a plain value is hashed, a hash (PBKDF2, argon2) or an OTP secret kept as
    # the exporting server stored it; what cannot be kept is a 400 naming it.
    fields = user_fields_from(rep, f"users[{index}].")
    service_client = rep.get("serviceAccountClientId")
    created = rep.get("createdTimestamp")
    return UserImport(
        fields=fields,
        user_id=rep.get("id") if isinstance(rep.get("id"), str) else None,
        realm_roles=_names(rep.get("realmRoles"), "users.realmRoles"),
        client_roles=_client_names(rep.get("clientRoles"), "users.clientRoles"),
        service_account_client_id=service_client if isinstance(service_client, str) else None,
        created_timestamp=created
        if isinstance(created, int) and not isinstance(created, bool) and 0 <= created < 2**63
        else None,
    )


def _id(rep: dict[str, Any]) -> str | None:
    value = rep.get("id")
    return value if isinstance(value, str) and value else None


def _scope_mapping(rep: Any, where: str) -> ScopeMappingImport:
    rep = _object(rep, where)
    client = rep.get("client")
    scope = rep.get("clientScope", rep.get("clientTemplate"))
    if not isinstance(client, str) and not isinstance(scope, str):
        raise InvalidInput(f"{where}: a scope mapping names a client or a clientScope", field=where)
    return ScopeMappingImport(
        roles=_names(rep.get("roles"), f"{where}.roles"),
        client=client if isinstance(client, str) else None,
        client_scope=scope if isinstance(scope, str) and not isinstance(client, str) else None,
    )


def _scopes(value: Any, where: str) -> list[ScopeImport]:
    return [
        ScopeImport(scope_fields_from(_object(s, where)), _id(_object(s, where))) for s in _list(value, where)
    ]


def _client_contents(rep: dict[str, Any]) -> ClientContents:
    client_mappings = _object(rep.get("clientScopeMappings"), "clientScopeMappings") | _object(
        rep.get("applicationScopeMappings"), "applicationScopeMappings"
    )
    return ClientContents(
        clients=[
            ClientImport(
                fields=client_fields_from(_object(c, "clients"), f"clients[{i}]."),
                client_uuid=_id(_object(c, "clients")),
            )
            for i, c in enumerate(_list(rep.get("clients"), "clients"))
        ],
        client_scopes=_scopes(rep["clientScopes"], "clientScopes")
        if rep.get("clientScopes") is not None
        else None,
        # Client templates are what Keycloak before 4.0 called client scopes.
        client_templates=_scopes(rep.get("clientTemplates"), "clientTemplates"),
        default_scopes=_names(rep.get("defaultDefaultClientScopes"), "defaultDefaultClientScopes")
        if rep.get("defaultDefaultClientScopes") is not None
        else None,
        optional_scopes=_names(rep.get("defaultOptionalClientScopes"), "defaultOptionalClientScopes")
        if rep.get("defaultOptionalClientScopes") is not None
        else None,
        scope_mappings=[
            _scope_mapping(m, "scopeMappings") for m in _list(rep.get("scopeMappings"), "scopeMappings")
        ],
        client_scope_mappings={
            str(client_id): [
                _scope_mapping(m, f"clientScopeMappings.{client_id}")
                for m in _list(items, f"clientScopeMappings.{client_id}")
            ]
            for client_id, items in client_mappings.items()
        },
    )


def realm_contents_from(rep: dict[str, Any]) -> RealmContents:
    roles = _object(rep.get("roles"), "roles")
    default_role = _object(rep.get("defaultRole"), "defaultRole")
    default_roles = _names(rep.get("defaultRoles"), "defaultRoles") + _names(
        _object(default_role.get("composites"), "defaultRole.composites").get("realm"),
        "defaultRole.composites",
    )
    return RealmContents(
        realm_roles=[_role(r, "roles.realm") for r in _list(roles.get("realm"), "roles.realm")],
        client_roles={
            str(client_id): [
                _role(r, f"roles.client.{client_id}") for r in _list(specs, f"roles.client.{client_id}")
            ]
            for client_id, specs in _object(roles.get("client"), "roles.client").items()
        },
        clients=_client_contents(rep),
        groups=[_group(g) for g in _list(rep.get("groups"), "groups")],
        users=[_user(u, i) for i, u in enumerate(_list(rep.get("users"), "users"))],
        default_roles=default_roles,
        default_groups=_names(rep.get("defaultGroups"), "defaultGroups"),
        authentication=authentication_import_from(rep),
        identity_providers=identity_providers_import_from(rep),
    )
