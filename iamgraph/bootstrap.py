"""First start: realm ``master`` with the configured super-admin."""

from __future__ import annotations

import secrets
import sys

from tortoise.transactions import in_transaction

from core.settings import Settings
from models import Realm, Role, UserRoleMapping
from resolvers.kit.actor import SYSTEM
from resolvers.kit.rights import MASTER
from resolvers.realms import crud as realms
from resolvers.users import crud as users


async def ensure_master(settings: Settings) -> None:
    if await Realm.filter(name=MASTER).exists():
        return
    password = settings.admin_password
    generated = password is None
    if password is None:
        password = secrets.token_urlsafe(18)
    await realms.create_realm(
        SYSTEM,
        realms.RealmFields(
            name=MASTER,
            enabled=True,
            display_name="Keycloak",
            settings={"displayNameHtml": '<div class="kc-logo-text"><span>Keycloak</span></div>'},
        ),
    )
    user = await users.create_user(
        SYSTEM,
        MASTER,
        users.UserFields(
            username=settings.admin_username, enabled=True, passwords=[users.PasswordInput(value=password)]
        ),
    )
    realm = await Realm.get(name=MASTER)
    admin_role = await Role.get(container_id=realm.id, name="admin")
    async with in_transaction():
        await UserRoleMapping.create(user_id=user.id, role_id=admin_role.id)
    if generated:
        print(
            f"iamgraph: created realm 'master' with admin user '{settings.admin_username}' and generated "
            f"password: {password}\n(shown once; set IAMGRAPH_ADMIN_PASSWORD to choose it)",
            file=sys.stderr,
            flush=True,
        )
