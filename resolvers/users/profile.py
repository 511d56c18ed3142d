"""The declarative user profile (Keycloak's UPConfig), its metadata, and a user's unmanaged attributes."""

from __future__ import annotations

import copy
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.lookup import realm_by_name
from resolvers.users.credentials import target_user
from resolvers.users.loaders import attributes_of

_PERMS = {"view": ["admin", "user"], "edit": ["admin", "user"]}
_NAME_VALIDATIONS = {"length": {"max": 255}, "person-name-prohibited-characters": {}}

DEFAULT_PROFILE: dict[str, Any] = {
    "attributes": [
        {
            "name": "username",
            "displayName": "${username}",
            "validations": {
                "length": {"min": 3, "max": 255},
                "username-prohibited-characters": {},
                "up-username-not-idn-homograph": {},
            },
            "permissions": _PERMS,
            "multivalued": False,
        },
        {
            "name": "email",
            "displayName": "${email}",
            "validations": {"email": {}, "length": {"max": 255}},
            "required": {"roles": ["user"]},
            "permissions": _PERMS,
            "multivalued": False,
        },
        {
            "name": "firstName",
            "displayName": "${firstName}",
            "validations": _NAME_VALIDATIONS,
            "required": {"roles": ["user"]},
            "permissions": _PERMS,
            "multivalued": False,
        },
        {
            "name": "lastName",
            "displayName": "${lastName}",
            "validations": _NAME_VALIDATIONS,
            "required": {"roles": ["user"]},
            "permissions": _PERMS,
            "multivalued": False,
        },
    ],
    "groups": [
        {
            "name": "user-metadata",
            "displayHeader": "User metadata",
            "displayDescription": "Attributes, which refer to user metadata",
        },
    ],
}
UNMANAGED_POLICIES = ("ENABLED", "ADMIN_VIEW", "ADMIN_EDIT")
_BUILTIN = ("username", "email", "firstName", "lastName")


def profile_of(config: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(config.get("userProfile") or DEFAULT_PROFILE)


def _check(profile: Any) -> dict[str, Any]:
    if not isinstance(profile, dict):
        raise InvalidInput("The user profile must be a JSON object")
    attributes = profile.get("attributes")
    if not isinstance(attributes, list):
        raise InvalidInput("The user profile must declare a list of attributes", field="attributes")
    groups = profile.get("groups") or []
    if not isinstance(groups, list) or not all(
        isinstance(g, dict) and isinstance(g.get("name"), str) and g["name"] for g in groups
    ):
        raise InvalidInput("Each group must be an object with a name", field="groups")
    group_names = {g["name"] for g in groups}
    seen: set[str] = set()
    for attribute in attributes:
        if (
            not isinstance(attribute, dict)
            or not isinstance(attribute.get("name"), str)
            or not attribute["name"]
        ):
            raise InvalidInput("Each attribute must be an object with a name", field="attributes")
        name = attribute["name"]
        if name in seen:
            raise InvalidInput(f"Duplicated attribute name: {name}", field="attributes")
        seen.add(name)
        for key in ("validations", "annotations", "permissions", "required", "selector"):
            if attribute.get(key) is not None and not isinstance(attribute[key], dict):
                raise InvalidInput(f"{key} of attribute {name} must be an object", field="attributes")
        group = attribute.get("group")
        if group is not None and group not in group_names:
            raise InvalidInput(f"Attribute {name} references an unknown group {group}", field="attributes")
    for name in ("username", "email"):
        if name not in seen:
            raise InvalidInput(f"The attribute '{name}' can not be removed", field="attributes")
    policy = profile.get("unmanagedAttributePolicy")
    if policy is not None and policy not in UNMANAGED_POLICIES:
        raise InvalidInput(f"Invalid unmanagedAttributePolicy: {policy}", field="unmanagedAttributePolicy")
    return profile


async def get_profile(actor: Actor | None, realm_name: str) -> dict[str, Any]:
    rights.require_any(actor, realm_name)
    realm = await realm_by_name(realm_name)
    return profile_of(realm.config)


async def update_profile(actor: Actor | None, realm_name: str, profile: Any) -> dict[str, Any]:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await realm_by_name(realm_name)
    checked = _check(profile)
    async with in_transaction():
        realm.config = {**realm.config, "userProfile": checked}
        await realm.save(update_fields=["config"])
        await record_admin_event(realm, actor, "UPDATE", "USER_PROFILE", "users/profile", checked)
    return profile_of(realm.config)


def _required(attribute: dict[str, Any]) -> bool:
    required = attribute.get("required")
    if not isinstance(required, dict):
        return False
    roles = required.get("roles")
    return not roles or "admin" in roles


def metadata_of(profile: dict[str, Any]) -> dict[str, Any]:
    """UserProfileMetadata as the admin context sees it."""
    attributes = []
    for a in profile.get("attributes", []):
        edit = (a.get("permissions") or {}).get("edit") or []
        item: dict[str, Any] = {
            "name": a["name"],
            "displayName": a.get("displayName") or "",
            "required": _required(a),
            "readOnly": "admin" not in edit,
            "validators": a.get("validations") or {},
            "multivalued": bool(a.get("multivalued", False)),
        }
        if a.get("annotations"):
            item["annotations"] = a["annotations"]
        if a.get("group"):
            item["group"] = a["group"]
        attributes.append(item)
    groups = [
        {k: g[k] for k in ("name", "displayHeader", "displayDescription", "annotations") if g.get(k)}
        for g in profile.get("groups", [])
    ]
    return {"attributes": attributes, "groups": groups}


async def get_metadata(actor: Actor | None, realm_name: str) -> dict[str, Any]:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    return metadata_of(profile_of(realm.config))


async def unmanaged_attributes(actor: Actor | None, realm_name: str, user_id: str) -> dict[str, list[str]]:
    """The user's attributes that the profile does not declare."""
    _, realm, user = await target_user(actor, realm_name, user_id, "view-users")
    declared = {a.get("name") for a in profile_of(realm.config).get("attributes", [])} | set(_BUILTIN)
    attributes = (await attributes_of([user.id]))[user.id]
    return {k: v for k, v in attributes.items() if k not in declared}
