"""The mutation runner maps every expected domain failure to its typed error code, once for all
mutations, and lets every other failure through as a top-level error."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil

import pytest
import strawberry

import core
import resolvers
import rest_compat
from core.errors import Conflict, DomainError, InvalidInput, NotFound
from schema.kit.mutations import ErrorCode, MutationError, typed_errors

EXPECTED = {InvalidInput: ErrorCode.INVALID, NotFound: ErrorCode.NOT_FOUND, Conflict: ErrorCode.CONFLICT}


@strawberry.type
class ProbePayload:
    ok: bool = False
    errors: list[MutationError] = strawberry.field(default_factory=list)


def _every_domain_error() -> list[type[DomainError]]:
    """DomainError and every subclass the domain and dialect packages define."""
    for package in (core, resolvers, rest_compat):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    found, pending = [], [DomainError]
    while pending:
        kind = pending.pop()
        found.append(kind)
        pending.extend(kind.__subclasses__())
    return sorted(set(found), key=lambda k: k.__qualname__)


def _instance(kind: type[DomainError]) -> DomainError:
    """An instance whatever the constructor takes: a text per required argument, a field when it takes one."""
    params = inspect.signature(kind).parameters.values()
    texts = [f"probe {p.name}" for p in params if p.default is p.empty and p.kind is not p.KEYWORD_ONLY]
    extra = {"field": "probe"} if any(p.name == "field" for p in params) else {}
    return kind(*texts, **extra)


@typed_errors
async def _failing(exc: DomainError) -> ProbePayload:
    raise exc


def test_the_probe_reaches_subclasses_beyond_the_roots() -> None:
    names = {kind.__name__ for kind in _every_domain_error()}
    assert {"PasswordPolicyViolation", "TokenNotFound", "MailFailed", "Forbidden", "Unauthenticated"} <= names


@pytest.mark.parametrize("kind", _every_domain_error(), ids=lambda kind: kind.__name__)
def test_each_domain_error_maps_to_its_code_or_stays_top_level(kind: type[DomainError]) -> None:
    exc = _instance(kind)
    expected = next((code for root, code in EXPECTED.items() if isinstance(exc, root)), None)
    if expected is None:
        with pytest.raises(kind):
            asyncio.run(_failing(exc))
        return
    payload = asyncio.run(_failing(exc))
    assert isinstance(payload, ProbePayload) and payload.ok is False
    assert payload.errors == [MutationError(code=expected, message=exc.message, field=exc.field)]


def test_success_passes_the_payload_through() -> None:
    @typed_errors
    async def succeeding() -> ProbePayload:
        return ProbePayload(ok=True)

    assert asyncio.run(succeeding()) == ProbePayload(ok=True)
