"""The typed inputs of the login, consent and logout handling endpoints, in Hydra's field names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LoginAcceptance:
    subject: str
    remember: bool = False
    remember_for: int = 0
    acr: str = ""
    amr: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    force_subject_identifier: str = ""


@dataclass(frozen=True)
class ConsentAcceptance:
    grant_scope: list[str] = field(default_factory=list)
    grant_access_token_audience: list[str] = field(default_factory=list)
    remember: bool = False
    remember_for: int = 0
    access_token: dict[str, Any] = field(default_factory=dict)
    id_token: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejection:
    error: str = ""
    error_description: str = ""
    error_hint: str = ""
    error_debug: str = ""
    status_code: int = 0
