"""The Mutation root: one mutation per write, noun first, each returning the changed object and a list
of typed errors."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from core.errors import DomainError
from resolvers.realms import crud as realms
from resolvers.realms.crud import RealmFields
from resolvers.users import crud as users
from resolvers.users.crud import UNSET, PasswordInput, UserFields
from schema.context import Info
from schema.errors import MutationError, as_mutation_error
from schema.types import Realm, User, json_object


@strawberry.type
class RealmPayload:
    realm: Realm | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class DeletePayload:
    deleted_id: str | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.input(description="Realm fields; `settings` takes any RealmRepresentation setting by its name.")
class RealmInput:
    name: str | None = None
    enabled: bool | None = None
    display_name: str | None = None
    settings: JSON | None = None


def _realm_fields(data: RealmInput) -> RealmFields:
    return RealmFields(
        name=data.name,
        enabled=data.enabled,
        display_name=data.display_name,
        settings=json_object(data.settings, "settings"),
    )


@strawberry.input
class PasswordInputType:
    value: str
    temporary: bool = False


@strawberry.input(description="User fields; omitted fields stay as they are on update.")
class UserInput:
    username: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    enabled: bool | None = strawberry.UNSET
    email_verified: bool | None = strawberry.UNSET
    attributes: JSON | None = strawberry.UNSET
    required_actions: list[str] | None = strawberry.UNSET
    password: PasswordInputType | None = None
    groups: list[str] | None = None


def _user_fields(data: UserInput) -> UserFields:
    def given(value: Any) -> Any:
        return UNSET if value is strawberry.UNSET else value

    fields = UserFields(
        username=given(data.username),
        email=given(data.email),
        first_name=given(data.first_name),
        last_name=given(data.last_name),
        enabled=given(data.enabled),
        email_verified=given(data.email_verified),
        attributes=given(data.attributes),
        required_actions=given(data.required_actions),
        groups=data.groups or (),
    )
    if data.password is not None:
        fields.passwords.append(PasswordInput(value=data.password.value, temporary=data.password.temporary))
    return fields


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def realm_create(self, info: Info, input: RealmInput) -> RealmPayload:
        try:
            return RealmPayload(
                realm=Realm(model=await realms.create_realm(info.context.actor, _realm_fields(input)))
            )
        except DomainError as exc:
            return RealmPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def realm_update(self, info: Info, name: str, input: RealmInput) -> RealmPayload:
        try:
            realm = await realms.update_realm(info.context.actor, name, _realm_fields(input))
            return RealmPayload(realm=Realm(model=realm))
        except DomainError as exc:
            return RealmPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def realm_delete(self, info: Info, name: str) -> DeletePayload:
        try:
            await realms.delete_realm(info.context.actor, name)
            return DeletePayload(deleted_id=name)
        except DomainError as exc:
            return DeletePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def user_create(self, info: Info, realm: str, input: UserInput) -> UserPayload:
        try:
            user = await users.create_user(info.context.actor, realm, _user_fields(input))
            return UserPayload(user=User(model=user))
        except DomainError as exc:
            return UserPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def user_update(self, info: Info, realm: str, id: str, input: UserInput) -> UserPayload:
        try:
            user = await users.update_user(info.context.actor, realm, id, _user_fields(input))
            return UserPayload(user=User(model=user))
        except DomainError as exc:
            return UserPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def user_delete(self, info: Info, realm: str, id: str) -> DeletePayload:
        try:
            await users.delete_user(info.context.actor, realm, id)
            return DeletePayload(deleted_id=id)
        except DomainError as exc:
            return DeletePayload(errors=[as_mutation_error(exc)])
