"""``/identity-provider/import-config``: a provider's config read from the document its server
publishes (an OpenID Connect discovery document, SAML metadata), and ``…/export``, the broker's own side.

The document must come in the request: this server makes no outbound fetch, so ``fromUrl`` is refused
with a 400 saying so, rather than fetched."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from core.errors import InvalidInput
from models import IdentityProvider
from resolvers.identity_providers.crud import provider_in_realm
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor

NO_FETCH = "fromUrl is not supported: this server makes no outbound requests; send the document as file"
_MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
_DS = "{http://www.w3.org/2000/09/xmldsig#}"
_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
_OIDC = {
    "authorization_endpoint": "authorizationUrl",
    "token_endpoint": "tokenUrl",
    "userinfo_endpoint": "userInfoUrl",
    "end_session_endpoint": "logoutUrl",
    "issuer": "issuer",
    "jwks_uri": "jwksUrl",
}


def _oidc_config(document: str | dict[str, Any]) -> dict[str, str]:
    try:
        metadata = json.loads(document) if isinstance(document, str) else document
    except ValueError as exc:
        raise InvalidInput("Failed to parse the OpenID Connect discovery document") from exc
    if not isinstance(metadata, dict):
        raise InvalidInput("Failed to parse the OpenID Connect discovery document")
    config = {
        ours: str(metadata[theirs]) for theirs, ours in _OIDC.items() if isinstance(metadata.get(theirs), str)
    }
    jwks = "jwksUrl" in config
    # As Keycloak's OIDC factory: signatures are checked, with the keys at the JWKS URL when there is one.
    return config | {"validateSignature": str(jwks).lower(), "useJwksUrl": str(jwks).lower()}


def _saml_config(document: str) -> dict[str, str]:
    if "<!DOCTYPE" in document.upper() or "<!ENTITY" in document.upper():
        raise InvalidInput("SAML metadata must not carry a document type declaration")
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError as exc:
        raise InvalidInput("Failed to parse the SAML metadata") from exc
    entity = root if root.tag == _MD + "EntityDescriptor" else root.find(f"{_MD}EntityDescriptor")
    idp = None if entity is None else entity.find(f"{_MD}IDPSSODescriptor")
    if entity is None or idp is None:
        raise InvalidInput("The SAML metadata describes no identity provider (IDPSSODescriptor)")
    config = {
        "idpEntityId": entity.get("entityID", ""),
        "validateSignature": "false",
        "wantAuthnRequestsSigned": idp.get("WantAuthnRequestsSigned", "false").lower(),
        "postBindingResponse": "false",
        "postBindingAuthnRequest": "false",
        "postBindingLogout": "false",
        "loginHint": "false",
        "enabledFromMetadata": "true",
    }
    services = {s.get("Binding"): s.get("Location") for s in idp.findall(f"{_MD}SingleSignOnService")}
    for binding, post in ((_POST, "true"), (_REDIRECT, "false")):
        if services.get(binding):
            config |= {
                "singleSignOnServiceUrl": str(services[binding]),
                "postBindingAuthnRequest": post,
                "postBindingResponse": post,
            }
            break
    logouts = {s.get("Binding"): s.get("Location") for s in idp.findall(f"{_MD}SingleLogoutService")}
    for binding, post in ((_POST, "true"), (_REDIRECT, "false")):
        if logouts.get(binding):
            config |= {"singleLogoutServiceUrl": str(logouts[binding]), "postBindingLogout": post}
            break
    formats = [f.text.strip() for f in idp.findall(f"{_MD}NameIDFormat") if f.text and f.text.strip()]
    if formats:
        config["nameIDPolicyFormat"] = formats[0]
    certificates = [
        "".join((c.text or "").split())
        for key in idp.findall(f"{_MD}KeyDescriptor")
        if key.get("use") in (None, "signing")
        for c in key.iter(f"{_DS}X509Certificate")
    ]
    if certificates:
        config |= {"signingCertificate": ",".join(certificates), "validateSignature": "true"}
    return config


async def import_config(
    actor: Actor | None, realm_name: str, provider_id: Any, document: Any, from_url: Any = None
) -> dict[str, str]:
    """The config a provider of ``provider_id`` gets from ``document`` (text, or an OIDC document as an
    object)."""
    rights.require(actor, realm_name, "manage-identity-providers")
    await lookup.realm_by_name(realm_name)
    if document is None and from_url is not None:
        raise InvalidInput(NO_FETCH, field="fromUrl")
    if not isinstance(provider_id, str) or not provider_id:
        raise InvalidInput("providerId is required", field="providerId")
    if document is None:
        raise InvalidInput("The document to import (file) is required", field="file")
    if provider_id == "saml":
        if not isinstance(document, str):
            raise InvalidInput("SAML metadata must be XML text", field="file")
        return _saml_config(document)
    if provider_id in ("oidc", "keycloak-oidc"):
        if not isinstance(document, str | dict):
            raise InvalidInput("The discovery document must be JSON", field="file")
        return _oidc_config(document)
    raise InvalidInput(f"Provider {provider_id} has no importable configuration", field="providerId")


def sp_descriptor(idp: IdentityProvider, realm_url: str) -> str:
    """The broker's SAML SP metadata for ``idp`` (what Keycloak's SAML provider exports)."""
    entity = str(idp.settings.get("config", {}).get("entityId") or realm_url)
    endpoint = f"{realm_url}/broker/{idp.alias}/endpoint"
    name_id = str(
        idp.settings.get("config", {}).get("nameIDPolicyFormat")
        or "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
    )
    return (
        f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{_attr(entity)}">'
        '<md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="false" '
        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        f'<md:SingleLogoutService Binding="{_POST}" Location="{_attr(endpoint)}"/>'
        f"<md:NameIDFormat>{_attr(name_id)}</md:NameIDFormat>"
        f'<md:AssertionConsumerService Binding="{_POST}" Location="{_attr(endpoint)}"'
        ' index="0" isDefault="true"/>'
        "</md:SPSSODescriptor></md:EntityDescriptor>"
    )


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


async def export(actor: Actor | None, realm_name: str, alias: str, realm_url: str) -> str | None:
    """The public broker configuration: SAML SP metadata for a SAML provider, nothing for the others (as
    Keycloak's OIDC providers answer 204)."""
    rights.require(actor, realm_name, "view-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    idp = await provider_in_realm(realm, alias)
    return sp_descriptor(idp, realm_url) if idp.provider_id == "saml" else None


async def reload_keys(actor: Actor | None, realm_name: str, alias: str) -> bool:
    """Whether keys were reloaded: never, as no upstream key is fetched or cached here (Keycloak answers
    false likewise for a provider without a JWKS URL to reload from)."""
    rights.require(actor, realm_name, "manage-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    await provider_in_realm(realm, alias)
    return False
