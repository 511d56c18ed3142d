"""The domain exception tree.

Resolvers raise these; each boundary (a REST dialect, GraphQL) owns one table that maps them to its own
status codes and bodies. Nothing below the boundaries knows about HTTP.
"""

from __future__ import annotations


class DomainError(Exception):
    """Root of every expected failure of a domain operation."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Unauthenticated(DomainError):
    """No caller, or a token that is malformed, expired or revoked."""

    code = "unauthenticated"


class Forbidden(DomainError):
    """The caller is known but lacks the right for this operation."""

    code = "forbidden"


class NotFound(DomainError):
    """The addressed object does not exist (or the caller may not know it does)."""

    code = "not_found"


class Conflict(DomainError):
    """The write would break a uniqueness rule."""

    code = "conflict"


class InvalidInput(DomainError):
    """The arguments are malformed or break a validation rule."""

    code = "invalid_input"


class BadRequest(InvalidInput):
    """Input refused with a bare error rather than a validation message (Keycloak's BadRequestException,
    where its ErrorResponse would name an ``errorMessage``)."""

    code = "bad_request"


class NamedInvalidInput(InvalidInput):
    """Invalid input with the OAuth2 error name an upstream gives it (RFC 7591's ``invalid_client_metadata``,
    ``invalid_redirect_uri``), which a dialect that names errors so shows."""

    def __init__(self, error: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.error = error


class ClientPolicyViolation(NamedInvalidInput):
    """A client policy's executor refused a client write (Keycloak's ClientPolicyException), named with
    its OAuth2 error (``invalid_client_metadata``)."""

    code = "client_policy"


class Unavailable(DomainError):
    """A dependency (the database, a mail server) does not answer."""

    code = "unavailable"


class MailFailed(Unavailable):
    """The realm's mail server could not send a message."""

    code = "mail_failed"


class OAuthError(DomainError):
    """A token-endpoint failure in OAuth2 terms (RFC 6749 section 5.2). ``unauthorized`` marks a failed
    authentication of the client or of the user's credentials, which dialects answer with 401."""

    code = "oauth_error"

    def __init__(self, error: str, description: str, *, unauthorized: bool = False) -> None:
        super().__init__(description)
        self.error = error
        self.unauthorized = unauthorized


class RateLimited(DomainError):
    """Too many requests from one client or address in the current window; ``retry_after`` is the whole
    seconds until the window ends (the ``Retry-After`` header of the 429)."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
