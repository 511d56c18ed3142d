"""The ceiling: a bare Starlette endpoint returning a fixed JSON document, served like the real app."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

DOCUMENT = {
    "id": "8f1c1f2e-6a51-4a0e-9a57-3f3c1b1f0d5e",
    "username": "ceiling",
    "enabled": True,
    "emailVerified": False,
    "createdTimestamp": 1700000000000,
    "attributes": {"department": ["bench"]},
}


async def document(request: Request) -> Response:
    return JSONResponse(DOCUMENT)


app = Starlette(routes=[Route("/", document, methods=["GET"])])
