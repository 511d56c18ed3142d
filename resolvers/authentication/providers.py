"""The provider factories a Keycloak 24 server deploys, as its authentication admin endpoints describe them:
authenticators, client authenticators, form actions, form providers and required actions, with their
display names, help texts, requirement choices and configuration properties.

Plain data, kept in ``providers.json`` beside this module (Keycloak's own texts, too long for code): the
executions list, the provider lists and the config descriptions all read it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

Kind = Literal["authenticator", "client", "form-action", "form"]

REQUIRED = "REQUIRED"
ALTERNATIVE = "ALTERNATIVE"
DISABLED = "DISABLED"
CONDITIONAL = "CONDITIONAL"
REQUIREMENTS = (REQUIRED, ALTERNATIVE, DISABLED, CONDITIONAL)


@dataclass(frozen=True)
class ConfigProperty:
    """One setting of a provider (Keycloak's ProviderConfigProperty)."""

    name: str
    label: str
    help_text: str
    type: str = "String"
    default_value: Any = None
    options: tuple[str, ...] = ()
    secret: bool = False


@dataclass(frozen=True)
class Provider:
    """A deployed authentication provider factory."""

    id: str
    kind: Kind
    display_name: str
    help_text: str
    choices: tuple[str, ...]
    configurable: bool = False
    properties: tuple[ConfigProperty, ...] = ()
    supports_secret: bool = False
    """Client authenticators only: whether the client has a secret."""


def _property(raw: dict[str, Any]) -> ConfigProperty:
    return ConfigProperty(
        name=raw["name"],
        label=raw["label"],
        help_text=raw["helpText"],
        type=raw.get("type", "String"),
        default_value=raw.get("defaultValue"),
        options=tuple(raw.get("options", ())),
        secret=bool(raw.get("secret")),
    )


def _provider(raw: dict[str, Any]) -> Provider:
    return Provider(
        id=raw["id"],
        kind=cast(Kind, raw["kind"]),
        display_name=raw["displayName"],
        help_text=raw["helpText"],
        choices=tuple(raw["requirementChoices"]),
        configurable=bool(raw.get("configurable")),
        properties=tuple(_property(p) for p in raw.get("properties", ())),
        supports_secret=bool(raw.get("supportsSecret")),
    )


_DATA = json.loads((Path(__file__).parent / "providers.json").read_text(encoding="utf-8"))

PROVIDERS: dict[str, Provider] = {p["id"]: _provider(p) for p in _DATA["providers"]}

# The required action providers a Keycloak 24 server deploys: provider id -> display text.
REQUIRED_ACTION_PROVIDERS: dict[str, str] = dict(_DATA["requiredActions"])


def of_kind(kind: Kind) -> list[Provider]:
    return [p for p in PROVIDERS.values() if p.kind == kind]


def find(provider_id: str | None) -> Provider | None:
    return PROVIDERS.get(provider_id) if provider_id else None
