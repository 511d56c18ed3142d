"""A realm as its caller may see it: what Keycloak's ``RealmAdminResource.getRealm`` shows each caller."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from models import Realm
from resolvers.kit import rights, secrets
from resolvers.kit.actor import Actor
from resolvers.realms.defaults import setting

# The settings Keycloak shows an admin of the realm without view-realm (one holding only view-users or
# query-groups, say), and the one it adds for a caller who may view users.
REDUCED_SETTINGS = (
    "displayName",
    "displayNameHtml",
    "defaultLocale",
    "supportedLocales",
    "bruteForceProtected",
    "organizationsEnabled",
)
USER_VIEWER_SETTINGS = ("registrationEmailAsUsername",)


@dataclass(frozen=True)
class RealmView:
    """A realm with the settings its caller may see, in Keycloak's names: every setting, its secrets
    masked, when the caller may view the realm (``full``); otherwise only the reduced few."""

    realm: Realm
    full: bool
    settings: Mapping[str, Any]

    @property
    def id(self) -> str:
        return str(self.realm.id)

    @property
    def name(self) -> str:
        return self.realm.name

    @property
    def enabled(self) -> bool:
        return self.realm.enabled

    def setting(self, key: str) -> Any:
        """A visible setting (its default when a full view's realm never stored it); ``None`` when the
        caller may not see it."""
        if self.full:
            return setting(dict(self.settings), key)
        return self.settings.get(key)


def realm_view(actor: Actor, realm: Realm) -> RealmView:
    """``realm`` as ``actor`` (already known to hold some admin right in it) may see it."""
    if rights.can(actor, realm.name, "view-realm"):
        return RealmView(realm, True, secrets.mask("REALM", realm.config))
    keys: tuple[str, ...] = REDUCED_SETTINGS
    if rights.can(actor, realm.name, "view-users"):
        keys += USER_VIEWER_SETTINGS
    return RealmView(realm, False, {key: setting(realm.config, key) for key in keys})
