"""Handlers for ``clients/{id}/certificates/{attr}``: key info, generation, key stores, uploads."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from core.errors import InvalidInput
from resolvers.clients import certificates
from resolvers.clients.certificates import CertificateView, KeyStoreRequest, Upload
from rest_compat.keycloak.responses import ok
from rest_compat.routing import Call


def to_certificate_representation(view: CertificateView) -> dict[str, Any]:
    rep = {
        "privateKey": view.private_key,
        "publicKey": view.public_key,
        "certificate": view.certificate,
        "kid": view.kid,
    }
    return {k: v for k, v in rep.items() if v is not None}


def _text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{key} must be a string", field=key)
    return value


def _keystore_request(body: dict[str, Any]) -> KeyStoreRequest:
    return KeyStoreRequest(
        format=_text(body, "format") or "JKS",
        key_alias=_text(body, "keyAlias"),
        key_password=_text(body, "keyPassword"),
        store_password=_text(body, "storePassword"),
    )


def _at(call: Call) -> tuple[str, str, str]:
    return call.params["realm"], call.params["client_uuid"], call.params["attr"]


def _octets(data: bytes) -> Response:
    return Response(data, media_type="application/octet-stream")


async def key_info(call: Call) -> Response:
    return ok(to_certificate_representation(await certificates.key_info(call.actor, *_at(call))))


async def generate(call: Call) -> Response:
    return ok(to_certificate_representation(await certificates.generate(call.actor, *_at(call))))


async def generate_and_download(call: Call) -> Response:
    req = _keystore_request(await call.json_object())
    return _octets(await certificates.generate_and_download(call.actor, *_at(call), req))


async def download(call: Call) -> Response:
    req = _keystore_request(await call.json_object())
    return _octets(await certificates.download(call.actor, *_at(call), req))


async def _upload(call: Call, with_key: bool) -> Response:
    fields, files = await call.multipart()
    if "file" not in files:
        raise InvalidInput("No file uploaded")
    up = Upload(
        format=fields.get("keystoreFormat", "JKS"),
        data=files["file"],
        key_alias=fields.get("keyAlias"),
        key_password=fields.get("keyPassword"),
        store_password=fields.get("storePassword"),
    )
    view = await certificates.upload(call.actor, *_at(call), up, with_key=with_key)
    return ok(to_certificate_representation(view))


async def upload(call: Call) -> Response:
    return await _upload(call, with_key=True)


async def upload_certificate(call: Call) -> Response:
    return await _upload(call, with_key=False)
