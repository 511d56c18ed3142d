"""Hydra's OAuth2 client admin API through the ory-hydra-client 1.x SDK: the same clients as Keycloak's."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
from keycloak import KeycloakAdmin
from ory_hydra_client.api.admin_api import AdminApi
from ory_hydra_client.exceptions import ApiException
from ory_hydra_client.model.o_auth2_client import OAuth2Client
from ory_hydra_client.model.patch_document import PatchDocument
from ory_hydra_client.model.patch_request import PatchRequest
from ory_hydra_client.model.string_slice_pipe_delimiter import StringSlicePipeDelimiter as Strings

from tests.support import unique


def _error(exc: ApiException) -> dict[str, str]:
    return dict(json.loads(exc.body))


def test_create_generates_a_secret_shown_once(hydra: AdminApi) -> None:
    made = hydra.create_o_auth2_client(
        OAuth2Client(
            client_id=unique("hc"),
            client_name="Shop",
            grant_types=Strings(["authorization_code", "refresh_token"]),
            response_types=Strings(["code", "id_token"]),
            redirect_uris=Strings(["https://shop.example/cb"]),
            audience=Strings(["https://api.example"]),
            owner="team-a",
            contacts=Strings(["ops@shop.example"]),
        )
    )
    assert len(made.client_secret) >= 26
    assert made.token_endpoint_auth_method == "client_secret_basic"
    assert made.scope == "offline_access offline openid" and made.subject_type == "public"
    fetched = hydra.get_o_auth2_client(made.client_id)
    assert "client_secret" not in fetched.to_dict()
    assert list(fetched.grant_types.value) == ["authorization_code", "refresh_token"]
    assert list(fetched.response_types.value) == ["code", "id_token"]
    assert list(fetched.audience.value) == ["https://api.example"]
    assert fetched.owner == "team-a" and list(fetched.contacts.value) == ["ops@shop.example"]
    assert fetched.created_at.tzinfo is not None


def test_a_hydra_client_is_a_keycloak_client_and_the_reverse(
    hydra: AdminApi, kc_admin: KeycloakAdmin
) -> None:
    client_id = unique("both")
    made = hydra.create_o_auth2_client(
        OAuth2Client(
            client_id=client_id,
            client_name="Both doors",
            client_secret="a-chosen-secret",
            grant_types=Strings(["client_credentials"]),
            redirect_uris=Strings(["https://both.example/cb"]),
            allowed_cors_origins=Strings(["https://both.example"]),
        )
    )
    assert made.client_secret == "a-chosen-secret"
    uuid = kc_admin.get_client_id(client_id)
    assert uuid is not None
    rep = kc_admin.get_client(uuid)
    assert rep["name"] == "Both doors" and rep["serviceAccountsEnabled"] is True
    assert rep["standardFlowEnabled"] is False and rep["publicClient"] is False
    assert rep["redirectUris"] == ["https://both.example/cb"] and rep["webOrigins"] == [
        "https://both.example"
    ]
    assert kc_admin.get_client_secrets(uuid)["value"] == "a-chosen-secret"
    assert not any(k.startswith("iamgraph") for k in rep)

    kc_admin.update_client(uuid, {"name": "Renamed", "standardFlowEnabled": True, "publicClient": True})
    seen = hydra.get_o_auth2_client(client_id)
    assert seen.client_name == "Renamed" and seen.token_endpoint_auth_method == "none"
    assert list(seen.grant_types.value) == ["client_credentials", "authorization_code"]

    kc_id = unique("kc-made")
    kc_admin.create_client({"clientId": kc_id, "publicClient": False, "serviceAccountsEnabled": True})
    from_keycloak = hydra.get_o_auth2_client(kc_id)
    assert set(from_keycloak.grant_types.value) == {"authorization_code", "password", "client_credentials"}
    hydra.delete_o_auth2_client(kc_id)
    assert kc_admin.get_client_id(kc_id) is None


def test_put_replaces_and_keeps_the_secret(hydra: AdminApi, admin: httpx.Client) -> None:
    client_id = unique("put")
    hydra.create_o_auth2_client(OAuth2Client(client_id=client_id, client_secret="first-secret", owner="x"))
    updated = hydra.update_o_auth2_client(
        client_id, OAuth2Client(client_name="New", scope="openid email", grant_types=Strings(["password"]))
    )
    assert updated.client_name == "New" and updated.owner == "" and updated.scope == "openid email"
    assert "client_secret" not in updated.to_dict()
    uuid = admin.get(f"/admin/realms/master/clients?clientId={client_id}").json()[0]["id"]
    assert admin.get(f"/admin/realms/master/clients/{uuid}/client-secret").json()["value"] == "first-secret"
    hydra.delete_o_auth2_client(client_id)


def _op(op: str, path: str, value: object) -> PatchDocument:
    # The 1.x SDK types a patch value as an object; a string value needs its type check off.
    return PatchDocument(op=op, path=path, value=value, _check_type=False)


def test_patch_applies_a_json_patch(hydra: AdminApi) -> None:
    client_id = unique("patch")
    hydra.create_o_auth2_client(
        OAuth2Client(client_id=client_id, redirect_uris=Strings(["https://p.example/a"]))
    )
    patched = hydra.patch_o_auth2_client(
        client_id,
        PatchRequest(
            [
                _op("add", "/redirect_uris/-", "https://p.example/b"),
                _op("replace", "/client_name", "Patched"),
                _op("replace", "/token_endpoint_auth_method", "none"),
            ]
        ),
    )
    assert list(patched.redirect_uris.value) == ["https://p.example/a", "https://p.example/b"]
    assert patched.client_name == "Patched" and patched.token_endpoint_auth_method == "none"
    with pytest.raises(ApiException) as bad:
        hydra.patch_o_auth2_client(client_id, PatchRequest([_op("test", "/client_name", "Other")]))
    assert bad.value.status == 400
    hydra.delete_o_auth2_client(client_id)


def test_list_pages_with_link_and_total(hydra: AdminApi, admin: httpx.Client) -> None:
    owner = unique("owner")
    ids = [f"{owner}-{i}" for i in range(3)]
    for i, client_id in enumerate(ids):
        hydra.create_o_auth2_client(OAuth2Client(client_id=client_id, owner=owner, client_name=f"n{i}"))
    listed = hydra.list_o_auth2_clients(owner=owner, limit=2, offset=0)
    assert [c.client_id for c in listed] == ids[:2]
    response = admin.get("/clients", params={"owner": owner, "limit": 2, "offset": 0})
    assert response.headers["x-total-count"] == "3"
    assert 'rel="next"' in response.headers["link"] and "offset=2" in response.headers["link"]
    assert [c.client_id for c in hydra.list_o_auth2_clients(client_name="n1", owner=owner)] == [ids[1]]
    for client_id in ids:
        hydra.delete_o_auth2_client(client_id)


@pytest.mark.parametrize(
    ("metadata", "error"),
    [
        ({"redirect_uris": ["not a url"]}, "invalid_redirect_uri"),
        ({"redirect_uris": ["https://a.example/cb#frag"]}, "invalid_redirect_uri"),
        ({"grant_types": ["magic"]}, "invalid_client_metadata"),
        ({"response_types": ["code code"]}, "invalid_client_metadata"),
        ({"token_endpoint_auth_method": "private_key_jwt"}, "invalid_client_metadata"),
        ({"token_endpoint_auth_method": "telepathy"}, "invalid_client_metadata"),
        ({"jwks_uri": "https://a.example/jwks", "jwks": {"keys": []}}, "invalid_client_metadata"),
        ({"jwks": {"keys": [{"kty": "nope"}]}}, "invalid_client_metadata"),
        ({"subject_type": "pairwise"}, "invalid_client_metadata"),
        ({"client_secret": "short"}, "invalid_client_metadata"),
        ({"audience": "not-a-list"}, "invalid_client_metadata"),
        ({"scope": 7}, "invalid_client_metadata"),
        ({"allowed_cors_origins": ["https://a.example/path"]}, "invalid_client_metadata"),
    ],
)
def test_bad_metadata_is_refused(admin: httpx.Client, metadata: dict[str, object], error: str) -> None:
    response = admin.post("/clients", json={"client_id": unique("bad"), **metadata})
    assert response.status_code == 400, response.text
    assert response.json()["error"] == error and response.json()["error_description"]


def test_documented_errors(hydra: AdminApi, hydra_admin_for: Callable[[str | None], AdminApi]) -> None:
    client_id = unique("dup")
    hydra.create_o_auth2_client(OAuth2Client(client_id=client_id))
    with pytest.raises(ApiException) as duplicate:
        hydra.create_o_auth2_client(OAuth2Client(client_id=client_id))
    assert duplicate.value.status == 409
    for call in (
        lambda: hydra.get_o_auth2_client("no-such-client"),
        lambda: hydra.update_o_auth2_client("no-such-client", OAuth2Client()),
        lambda: hydra.delete_o_auth2_client("no-such-client"),
    ):
        with pytest.raises(ApiException) as missing:
            call()
        assert (
            missing.value.status == 404 and _error(missing.value)["error"] == "Unable to locate the resource"
        )
    with pytest.raises(ApiException) as anonymous:
        hydra_admin_for(None).list_o_auth2_clients()
    assert anonymous.value.status == 401 and _error(anonymous.value)["error"] == "request_unauthorized"
    hydra.delete_o_auth2_client(client_id)


def test_rights(
    hydra_admin_for: Callable[[str | None], AdminApi], master_user_token: Callable[..., str]
) -> None:
    nobody = hydra_admin_for(master_user_token())
    with pytest.raises(ApiException) as forbidden:
        nobody.list_o_auth2_clients()
    assert forbidden.value.status == 403 and _error(forbidden.value)["error"] == "request_forbidden"
    viewer = hydra_admin_for(master_user_token("view-clients"))
    assert any(c.client_id == "admin-cli" for c in viewer.list_o_auth2_clients())
    with pytest.raises(ApiException) as read_only:
        viewer.create_o_auth2_client(OAuth2Client(client_id=unique("nope")))
    assert read_only.value.status == 403
    manager = hydra_admin_for(master_user_token("manage-clients"))
    made = manager.create_o_auth2_client(OAuth2Client(client_id=unique("mine")))
    manager.delete_o_auth2_client(made.client_id)
