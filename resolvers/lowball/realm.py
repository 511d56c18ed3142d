"""The realm lowball serves (``settings().lowball_realm``): its clients are that realm's users."""

from __future__ import annotations

from core.errors import NotFound
from core.runtime import settings
from models import Realm
from resolvers.kit.lookup import default_role_name, realm_by_name
from resolvers.lowball.errors import ProviderMissing


def realm_name() -> str:
    return settings().lowball_realm


async def lowball_realm() -> Realm:
    try:
        return await realm_by_name(realm_name())
    except NotFound as exc:
        raise ProviderMissing() from exc


def default_role(realm: Realm) -> str:
    """The realm's default role: every user holds it, so it is no lowball role."""
    return default_role_name(realm.name)


async def provider_present() -> bool:
    """Whether the realm lowball serves exists (lowball's ``auth_provider_initialized``)."""
    return await Realm.filter(name=realm_name()).exists()
