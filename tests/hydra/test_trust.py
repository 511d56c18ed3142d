"""Hydra's trusted JWT grant issuers through the SDK, and the RFC 7523 ``jwt-bearer`` grant they make
possible, driven with httpx and assertions signed with joserfc."""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey
from ory_hydra_client.api.admin_api import AdminApi
from ory_hydra_client.exceptions import ApiException
from ory_hydra_client.model.json_web_key import JSONWebKey
from ory_hydra_client.model.o_auth2_client import OAuth2Client
from ory_hydra_client.model.string_slice_pipe_delimiter import StringSlicePipeDelimiter
from ory_hydra_client.model.trust_jwt_grant_issuer_body import TrustJwtGrantIssuerBody

from tests.graphql_client import gql
from tests.support import unique

GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
PATH = "/trust/grants/jwt-bearer/issuers"


def _key() -> ECKey:
    return ECKey.generate_key("P-256", parameters={"kid": unique("kid")})


def _jwk(key: ECKey) -> JSONWebKey:
    public = key.as_dict(private=False)
    return JSONWebKey(
        kty=public["kty"],
        kid=public["kid"],
        alg="ES256",
        use="sig",
        crv=public["crv"],
        x=public["x"],
        y=public["y"],
    )


def _body(key: ECKey, issuer: str, **fields: Any) -> TrustJwtGrantIssuerBody:
    fields.setdefault("scope", ["read", "write"])
    expires = fields.pop("expires_at", datetime.now(UTC) + timedelta(days=1))
    return TrustJwtGrantIssuerBody(issuer=issuer, jwk=_jwk(key), expires_at=expires, **fields)


def _status(call: Callable[[], Any]) -> tuple[int, str]:
    with pytest.raises(ApiException) as raised:
        call()
    return raised.value.status, str(raised.value.body)


def test_trust_read_list_and_delete(hydra: AdminApi, base_url: str, admin_token: str) -> None:
    key, issuer = _key(), f"https://{unique('idp')}.example.com"
    expires = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    made = hydra.trust_jwt_grant_issuer(
        trust_jwt_grant_issuer_body=_body(key, issuer, subject="mike@example.com", expires_at=expires)
    )
    assert (made.issuer, made.subject, made.allow_any_subject) == (issuer, "mike@example.com", False)
    assert made.scope == ["read", "write"] and made.expires_at == expires
    assert (made.public_key.set, made.public_key.kid) == (issuer, key.kid)
    assert abs((made.created_at - datetime.now(UTC)).total_seconds()) < 60
    other = hydra.trust_jwt_grant_issuer(
        trust_jwt_grant_issuer_body=_body(_key(), issuer, allow_any_subject=True, scope=[])
    )
    assert other.allow_any_subject is True and other.subject == "" and other.scope == []
    assert hydra.get_trusted_jwt_grant_issuer(made.id).to_dict() == made.to_dict()
    listed = hydra.list_trusted_jwt_grant_issuers(issuer=issuer)
    assert sorted(t.id for t in listed.value) == sorted([made.id, other.id])
    headers = {"Authorization": f"Bearer {admin_token}"}
    page = httpx.get(f"{base_url}{PATH}", params={"issuer": issuer, "limit": 1}, headers=headers)
    assert page.status_code == 200 and len(page.json()) == 1
    assert page.headers["X-Total-Count"] == "2" and 'rel="next"' in page.headers["Link"]
    assert page.json()[0]["id"] == min(made.id, other.id)
    second = httpx.get(
        f"{base_url}{PATH}", params={"issuer": issuer, "limit": 1, "offset": 1}, headers=headers
    )
    assert second.json()[0]["id"] == max(made.id, other.id)
    hydra.delete_trusted_jwt_grant_issuer(made.id)
    assert _status(lambda: hydra.get_trusted_jwt_grant_issuer(made.id))[0] == 404
    assert _status(lambda: hydra.delete_trusted_jwt_grant_issuer(made.id))[0] == 404
    assert [t.id for t in hydra.list_trusted_jwt_grant_issuers(issuer=issuer).value] == [other.id]
    hydra.delete_trusted_jwt_grant_issuer(other.id)


def test_invalid_and_duplicate_trusts(hydra: AdminApi, base_url: str, admin_token: str) -> None:
    key, issuer = _key(), unique("issuer")
    both = _body(key, issuer, subject="a", allow_any_subject=True)
    status, body = _status(lambda: hydra.trust_jwt_grant_issuer(trust_jwt_grant_issuer_body=both))
    assert status == 400 and "missing_required_parameter" in body and "cannot be set at the same time" in body
    neither = _body(key, issuer)
    status, body = _status(lambda: hydra.trust_jwt_grant_issuer(trust_jwt_grant_issuer_body=neither))
    assert status == 400 and "'subject' or 'allow_any_subject'" in body
    no_issuer = _body(key, "", subject="a")
    status, body = _status(lambda: hydra.trust_jwt_grant_issuer(trust_jwt_grant_issuer_body=no_issuer))
    assert status == 400 and "Field 'issuer' is required." in body
    made = hydra.trust_jwt_grant_issuer(trust_jwt_grant_issuer_body=_body(key, issuer, subject="a"))
    again = _body(key, issuer, subject="a")
    assert _status(lambda: hydra.trust_jwt_grant_issuer(trust_jwt_grant_issuer_body=again))[0] == 409
    headers = {"Authorization": f"Bearer {admin_token}"}
    public = key.as_dict(private=False)
    raw: list[tuple[dict[str, Any], str]] = [
        (
            {
                "issuer": issuer,
                "subject": "b",
                "expires_at": "2031-01-01T00:00:00Z",
                "jwk": {k: v for k, v in public.items() if k != "kid"},
            },
            "kid",
        ),
        ({"issuer": issuer, "subject": "b", "jwk": public}, "'expires_at' is required"),
        ({"issuer": issuer, "subject": "b", "jwk": public, "expires_at": "tomorrow"}, "RFC 3339"),
        (
            {
                "issuer": issuer,
                "subject": "b",
                "expires_at": "2031-01-01T00:00:00Z",
                "jwk": {"kty": "oct", "kid": "s", "k": "c2VjcmV0"},
            },
            "symmetric",
        ),
        (
            {
                "issuer": issuer,
                "subject": "b",
                "expires_at": "2031-01-01T00:00:00Z",
                "jwk": {"kty": "EC", "kid": "bad", "crv": "P-256", "x": "AA"},
            },
            "JSON Web Key",
        ),
    ]
    raw.append(
        (
            {"issuer": "i" * 256, "subject": "b", "jwk": public, "expires_at": "2031-01-01T00:00:00Z"},
            "at most 255",
        )
    )
    for doc, hint in raw:
        answer = httpx.post(f"{base_url}{PATH}", json=doc, headers=headers)
        assert answer.status_code == 400 and hint in answer.json()["error_description"], answer.text
    private = key.as_dict(private=True) | {"kid": unique("kid")}
    kept = httpx.post(
        f"{base_url}{PATH}",
        json={"issuer": issuer, "subject": "c", "jwk": private, "expires_at": "2031-01-01T00:00:00+02:00"},
        headers=headers,
    )
    assert kept.status_code == 201 and kept.json()["expires_at"] == "2030-12-31T22:00:00Z"
    assert kept.headers["Location"].endswith(f"{PATH}/{kept.json()['id']}")
    for trust_id in (made.id, kept.json()["id"]):
        hydra.delete_trusted_jwt_grant_issuer(trust_id)


def test_trust_needs_an_admin_token_and_rights(
    hydra_admin_for: Callable[[str | None], AdminApi], master_user_token: Callable[..., str]
) -> None:
    body = _body(_key(), unique("issuer"), subject="a")
    anonymous = hydra_admin_for(None)
    assert _status(lambda: anonymous.list_trusted_jwt_grant_issuers())[0] == 401
    reader = hydra_admin_for(master_user_token("view-realm"))
    assert isinstance(reader.list_trusted_jwt_grant_issuers().value, list)
    assert _status(lambda: reader.trust_jwt_grant_issuer(trust_jwt_grant_issuer_body=body))[0] == 403
    assert _status(lambda: reader.delete_trusted_jwt_grant_issuer(str(uuid.uuid4())))[0] == 403
    # manage-realm alone does not confer the realm's every subject: only who may confer realm-admin trusts.
    manager = hydra_admin_for(master_user_token("manage-realm", "view-realm"))
    assert _status(lambda: manager.trust_jwt_grant_issuer(trust_jwt_grant_issuer_body=body))[0] == 403


@dataclass
class Issuer:
    key: ECKey
    issuer: str
    trust_id: str
    client_id: str
    secret: str
    token_url: str

    def assertion(self, **claims: Any) -> str:
        now = int(time.time())
        base = {
            "iss": self.issuer,
            "sub": "mike@example.com",
            "aud": [self.token_url],
            "iat": now,
            "exp": now + 300,
            "jti": secrets.token_hex(8),
        }
        return jwt.encode({"alg": "ES256", "kid": self.key.kid}, base | claims, self.key)

    def exchange(self, assertion: str, **form: str) -> httpx.Response:
        return httpx.post(
            self.token_url,
            data={"grant_type": GRANT, "assertion": assertion} | form,
            auth=(self.client_id, self.secret),
        )


@pytest.fixture
def trusted(hydra: AdminApi, base_url: str) -> Iterator[Issuer]:
    key, issuer = _key(), f"https://{unique('idp')}.example.com"
    made = hydra.trust_jwt_grant_issuer(
        trust_jwt_grant_issuer_body=_body(key, issuer, subject="mike@example.com", scope=["read", "write"])
    )
    client_id, secret = unique("jwt-app"), secrets.token_urlsafe(24)
    hydra.create_o_auth2_client(
        OAuth2Client(
            client_id=client_id,
            client_secret=secret,
            grant_types=StringSlicePipeDelimiter([GRANT, "client_credentials"]),
            scope="read write admin",
            token_endpoint_auth_method="client_secret_basic",
        )
    )
    yield Issuer(key, issuer, made.id, client_id, secret, f"{base_url}/oauth2/token")
    hydra.delete_o_auth2_client(client_id)
    try:
        hydra.delete_trusted_jwt_grant_issuer(made.id)
    except ApiException:
        pass


def _refused(answer: httpx.Response, error: str, hint: str) -> None:
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == error and hint in answer.json()["error_description"], answer.text


def test_an_assertion_buys_a_token_for_its_subject(trusted: Issuer, hydra: AdminApi, base_url: str) -> None:
    answer = trusted.exchange(trusted.assertion(), scope="read")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "bearer" and body["scope"] == "read" and "refresh_token" not in body
    seen = hydra.introspect_o_auth2_token(body["access_token"])
    assert seen.active is True and seen.sub == "mike@example.com" and seen.client_id == trusted.client_id
    assert seen.scope == "read"
    assert GRANT in httpx.get(f"{base_url}/.well-known/openid-configuration").json()["grant_types_supported"]


def test_assertions_that_do_not_hold_are_refused(trusted: Issuer) -> None:
    now = int(time.time())
    _refused(
        trusted.exchange(trusted.assertion(iss="https://other.example.com")), "invalid_grant", "No public JWK"
    )
    _refused(trusted.exchange(trusted.assertion(sub="jack@example.com")), "invalid_grant", "No public JWK")
    _refused(trusted.exchange(trusted.assertion(aud=["https://elsewhere/token"])), "invalid_grant", '"aud"')
    _refused(trusted.exchange(trusted.assertion(exp=now - 10, iat=now - 60)), "invalid_grant", "expired")
    _refused(trusted.exchange(trusted.assertion(exp=now + 800 * 3600)), "invalid_grant", "unreasonably far")
    _refused(trusted.exchange(trusted.assertion(exp=1e300, iat=1e300)), "invalid_grant", '"exp"')
    _refused(trusted.exchange(trusted.assertion(iss="nul\x00issuer")), "invalid_grant", "No public JWK")
    no_jti = trusted.assertion(jti="")
    _refused(trusted.exchange(no_jti), "invalid_grant", '"jti"')
    _refused(trusted.exchange(trusted.assertion(), scope="admin"), "invalid_scope", 'scope "admin"')
    claims = {"iss": trusted.issuer, "sub": "mike@example.com", "aud": trusted.token_url, "jti": "x"}
    forged = jwt.encode(
        {"alg": "ES256", "kid": trusted.key.kid}, claims | {"iat": now, "exp": now + 60}, _key()
    )
    _refused(trusted.exchange(forged), "invalid_grant", "Unable to verify the integrity")
    _refused(trusted.exchange(""), "invalid_request", "assertion")
    _refused(trusted.exchange("not.a.jwt"), "invalid_grant", "Unable to parse")


def test_a_jti_works_once_and_a_deleted_trust_no_more(trusted: Issuer, hydra: AdminApi) -> None:
    assertion = trusted.assertion()
    assert trusted.exchange(assertion).status_code == 200
    _refused(trusted.exchange(assertion), "jti_known", "already used")
    hydra.delete_trusted_jwt_grant_issuer(trusted.trust_id)
    _refused(trusted.exchange(trusted.assertion()), "invalid_grant", "No public JWK")


def test_the_client_must_authenticate_and_hold_the_grant(trusted: Issuer, hydra: AdminApi) -> None:
    wrong = httpx.post(
        trusted.token_url,
        data={"grant_type": GRANT, "assertion": trusted.assertion()},
        auth=(trusted.client_id, "wrong"),
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    client_id, secret = unique("cc-app"), secrets.token_urlsafe(24)
    hydra.create_o_auth2_client(
        OAuth2Client(
            client_id=client_id,
            client_secret=secret,
            grant_types=StringSlicePipeDelimiter(["client_credentials"]),
        )
    )
    answer = httpx.post(
        trusted.token_url,
        data={"grant_type": GRANT, "assertion": trusted.assertion()},
        auth=(client_id, secret),
    )
    assert answer.status_code == 400 and answer.json()["error"] == "unauthorized_client"
    hydra.delete_o_auth2_client(client_id)


_GQL_CREATE = """mutation($realm: String!, $input: TrustedJwtIssuerInput!) {
  trustedJwtIssuerCreate(realm: $realm, input: $input) {
    trustedIssuer { id trustId issuer subject allowAnySubject scope keyId jwk expiresAt }
    errors { code message }
  }
}"""
_GQL_LIST = """query($realm: String!, $issuer: String) {
  realm(name: $realm) { trustedJwtIssuers(issuer: $issuer) { trustId keyId } }
}"""
_GQL_DELETE = """mutation($realm: String!, $id: String!) {
  trustedJwtIssuerDelete(realm: $realm, trustId: $id) { ok errors { code } }
}"""

_GQL_NODE = """query($id: ID!) { node(id: $id) { ... on TrustedJwtIssuer { trustId issuer } } }"""


def test_trusted_issuers_through_graphql(admin: httpx.Client, hydra: AdminApi) -> None:
    key, issuer = _key(), unique("gql-issuer")
    given = {
        "issuer": issuer,
        "allowAnySubject": True,
        "scope": ["read"],
        "jwk": key.as_dict(private=False),
        "expiresAt": "2031-01-01T00:00:00+00:00",
    }
    made = gql(admin, _GQL_CREATE, realm="master", input=given)["trustedJwtIssuerCreate"]
    assert made["errors"] == [], made
    shown = made["trustedIssuer"]
    assert (shown["issuer"], shown["allowAnySubject"], shown["scope"], shown["keyId"]) == (
        issuer,
        True,
        ["read"],
        key.kid,
    )
    assert "d" not in shown["jwk"] and shown["expiresAt"].startswith("2031-01-01T00:00:00")
    assert hydra.get_trusted_jwt_grant_issuer(shown["trustId"]).issuer == issuer
    listed = gql(admin, _GQL_LIST, realm="master", issuer=issuer)["realm"]["trustedJwtIssuers"]
    assert listed == [{"trustId": shown["trustId"], "keyId": key.kid}]
    node = gql(admin, _GQL_NODE, id=shown["id"])["node"]
    assert node == {"trustId": shown["trustId"], "issuer": issuer}
    again = gql(admin, _GQL_CREATE, realm="master", input=given)["trustedJwtIssuerCreate"]
    assert again["trustedIssuer"] is None and again["errors"][0]["code"] == "CONFLICT"
    gone = gql(admin, _GQL_DELETE, realm="master", id=shown["trustId"])["trustedJwtIssuerDelete"]
    assert gone == {"ok": True, "errors": []}
    assert gql(admin, _GQL_LIST, realm="master", issuer=issuer)["realm"]["trustedJwtIssuers"] == []
    missing = gql(admin, _GQL_DELETE, realm="master", id=shown["trustId"])["trustedJwtIssuerDelete"]
    assert missing["ok"] is not True and missing["errors"][0]["code"] == "NOT_FOUND"
