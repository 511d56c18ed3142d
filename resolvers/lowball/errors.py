"""The failures of lowball's operations, as leaves of the domain tree. Their words are the domain's; the
dialect (``rest_compat/lowball/errors.py``) answers each in lowball's own."""

from __future__ import annotations

from core.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated, Unavailable


class ProviderMissing(Unavailable):
    """The realm lowball serves does not exist."""

    def __init__(self) -> None:
        super().__init__("The lowball realm does not exist")


class NotALowballToken(Unauthenticated):
    """The operation is about the caller's lowball token, and the caller presented another kind."""

    def __init__(self) -> None:
        super().__init__("The token is not a lowball token")


class BadCredentials(Unauthenticated):
    """Unknown client, wrong secret, or a disabled client."""

    def __init__(self) -> None:
        super().__init__("Unknown client, wrong secret or disabled client")


class RegistrationClosed(Forbidden):
    """Self registration is switched off (IAMGRAPH_LOWBALL_SELF_REGISTRATION)."""

    def __init__(self) -> None:
        super().__init__("Self registration of clients is switched off")


class ClientNotFound(NotFound):
    """No client has this id."""

    def __init__(self, client_id: str) -> None:
        super().__init__(f"Client {client_id!r} not found")
        self.client_id = client_id


class TokenClientNotFound(ClientNotFound):
    """The client a token was asked for does not exist."""


class ClientExists(Conflict):
    """A client (or another user of the realm) already has this id."""

    def __init__(self, client_id: str) -> None:
        super().__init__(f"Client {client_id!r} already exists")
        self.client_id = client_id


class TokenNotFound(NotFound):
    """No live lowball token has this id."""

    def __init__(self) -> None:
        super().__init__("Token not found")


class MalformedTokenId(InvalidInput):
    """A token id outside ``[a-zA-Z0-9]{16}``."""

    def __init__(self) -> None:
        super().__init__("A token id is 16 letters or digits", field="token_id")


class MissingClientData(InvalidInput):
    """A client id or secret is empty."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} must be a non-empty string", field=name)


class InvalidRoleNames(InvalidInput):
    """Role names that are not non-blank strings."""

    def __init__(self) -> None:
        super().__init__("Role names must be non-blank strings", field="roles")


class InvalidTokenLife(InvalidInput):
    """A token life outside the range lowball allows."""

    def __init__(self, minimum: int, maximum: int) -> None:
        super().__init__(
            f"token_life must be a positive integer greater than {minimum} and less than {maximum}",
            field="token_life",
        )
