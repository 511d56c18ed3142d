"""User inputs, read into the typed fields the user resolvers take."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.users.crud import UNSET, PasswordInput, UserFields
from schema.kit.inputs import given


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

    def fields(self) -> UserFields:
        fields = UserFields(
            username=given(self.username, UNSET),
            email=given(self.email, UNSET),
            first_name=given(self.first_name, UNSET),
            last_name=given(self.last_name, UNSET),
            enabled=given(self.enabled, UNSET),
            email_verified=given(self.email_verified, UNSET),
            attributes=given(self.attributes, UNSET),
            required_actions=given(self.required_actions, UNSET),
            groups=self.groups or (),
        )
        if self.password is not None:
            fields.passwords.append(
                PasswordInput(value=self.password.value, temporary=self.password.temporary)
            )
        return fields
