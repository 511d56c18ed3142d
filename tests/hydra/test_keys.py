"""Hydra's JSON Web Key admin API through the SDK: generated and given keys, public parts shown, the realm's
signing keys as the hydra.openid.id-token set."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import httpx
import pytest
from jwcrypto.jwk import JWK
from ory_hydra_client.api.admin_api import AdminApi
from ory_hydra_client.exceptions import ApiException
from ory_hydra_client.model.json_web_key import JSONWebKey
from ory_hydra_client.model.json_web_key_set import JSONWebKeySet
from ory_hydra_client.model.json_web_key_set_generator_request import JsonWebKeySetGeneratorRequest

from models import Key
from tests.support import ADMIN_PASSWORD, ADMIN_USERNAME, AdminTokens, RunningServer, password_token, unique


async def _key(kid: str) -> Key:
    return await Key.get(kid=kid)


_PRIVATE = ("d", "p", "q", "dp", "dq", "qi", "k")


@pytest.mark.parametrize(
    ("alg", "kty"),
    [
        ("RS256", "RSA"),
        ("ES256", "EC"),
        ("ES512", "EC"),
        ("EdDSA", "OKP"),
        ("HS256", "oct"),
        ("HS512", "oct"),
    ],
)
def test_generate_shows_the_private_key_once(
    hydra: AdminApi, alg: str, kty: str, server: RunningServer
) -> None:
    set_name, kid = unique("set"), unique("kid")
    made = hydra.create_json_web_key_set(
        set_name,
        json_web_key_set_generator_request=JsonWebKeySetGeneratorRequest(alg=alg, kid=kid, use="sig"),
    )
    key = made.keys[0]
    assert (key.kid, key.alg, key.kty, key.use) == (kid, alg, kty, "sig")
    assert key.to_dict().get("d") or key.to_dict().get("k")
    shown = hydra.get_json_web_key_set(set_name).keys[0].to_dict()
    assert shown["kid"] == kid and not any(p in shown for p in _PRIVATE)
    assert hydra.get_json_web_key(kid, set_name).keys[0].kid == kid
    assert hydra.get_json_web_key(f"public:{kid}", set_name).keys[0].kid == kid
    row = server.run(_key(kid))
    secret = key.to_dict().get("d") or key.to_dict()["k"]
    assert row.private_enc and '"kty"' not in row.private_enc and secret not in row.private_enc
    hydra.delete_json_web_key_set(set_name)


def test_put_set_and_key_with_hydra_prefixes(hydra: AdminApi) -> None:
    set_name = unique("given")
    private = JWK.generate(kty="EC", crv="P-256")
    mine = json.loads(private.export_private()) | {
        "kid": "private:pair-" + set_name,
        "alg": "ES256",
        "use": "sig",
    }
    theirs = json.loads(private.export_public()) | {
        "kid": "public:pair-" + set_name,
        "alg": "ES256",
        "use": "sig",
    }
    put = hydra.update_json_web_key_set(
        set_name, json_web_key_set=JSONWebKeySet(keys=[JSONWebKey(**mine), JSONWebKey(**theirs)])
    )
    assert [k.kid for k in put.keys] == ["pair-" + set_name]
    other = JWK.generate(kty="RSA", size=2048)
    single = json.loads(other.export_public()) | {"kid": "solo-" + set_name, "alg": "RS256", "use": "sig"}
    hydra.update_json_web_key("solo-" + set_name, set_name, json_web_key=JSONWebKey(**single))
    kids = sorted(k.kid for k in hydra.get_json_web_key_set(set_name).keys)
    assert kids == sorted(["pair-" + set_name, "solo-" + set_name])
    hydra.delete_json_web_key("solo-" + set_name, set_name)
    assert [k.kid for k in hydra.get_json_web_key_set(set_name).keys] == ["pair-" + set_name]
    hydra.delete_json_web_key_set(set_name)
    with pytest.raises(ApiException) as gone:
        hydra.get_json_web_key_set(set_name)
    assert gone.value.status == 404


def test_the_signing_set_is_the_realms_signing_keys(
    hydra: AdminApi,
    hydra_admin_for: Callable[[str | None], AdminApi],
    fresh_admin_token: AdminTokens,
    base_url: str,
) -> None:
    before = hydra.get_json_web_key_set("hydra.openid.id-token")
    assert before.keys and not any(p in before.keys[0].to_dict() for p in _PRIVATE)
    new_kid = unique("signer")
    generated = hydra.create_json_web_key_set(
        "hydra.openid.id-token",
        json_web_key_set_generator_request=JsonWebKeySetGeneratorRequest(alg="ES256", kid=new_kid, use="sig"),
    )
    # Whoever holds a signing key can mint anyone's token: its private parts never leave the server.
    assert not any(p in generated.keys[0].to_dict() for p in _PRIVATE)
    token = password_token(base_url, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    part = token.split(".")[0]
    header = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    assert header["kid"] == new_kid and header["alg"] == "ES256"
    # A PUT that would leave nothing to sign with is refused; deleting the signer takes a fresh key.
    public_only = json.loads(JWK.generate(kty="EC", crv="P-256").export_public())
    public_only |= {"kid": unique("pub"), "alg": "ES256", "use": "sig"}
    with pytest.raises(ApiException) as refused:
        hydra.update_json_web_key_set(
            "hydra.openid.id-token", json_web_key_set=JSONWebKeySet(keys=[JSONWebKey(**public_only)])
        )
    assert refused.value.status == 400
    hydra.delete_json_web_key_set("hydra.openid.id-token")
    # The key that signed the caller's token went with the set: that token no longer verifies.
    with pytest.raises(ApiException) as stale:
        hydra.get_json_web_key_set("hydra.openid.id-token")
    assert stale.value.status == 401
    fresh = fresh_admin_token.renew()
    after = hydra_admin_for(fresh).get_json_web_key_set("hydra.openid.id-token").keys
    assert len(after) == 1 and after[0].kid not in {k.kid for k in before.keys} | {new_kid}
    assert (
        httpx.get(f"{base_url}/admin/realms", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
    )


def test_documented_errors(
    hydra: AdminApi,
    hydra_admin_for: Callable[[str | None], AdminApi],
    master_user_token: Callable[..., str],
    admin: httpx.Client,
) -> None:
    set_name = unique("err")
    response = admin.post(f"/keys/{set_name}", json={"alg": "RS1024", "kid": "x"})
    assert response.status_code == 400 and response.json() == {
        "error": "Bad Request",
        "error_description": "Unsupported key algorithm",
    }
    with pytest.raises(ApiException) as missing:
        hydra.get_json_web_key("no-such-kid", "no-such-set")
    assert missing.value.status == 404
    kid = unique("dup")
    request = JsonWebKeySetGeneratorRequest(alg="HS256", kid=kid, use="sig")
    hydra.create_json_web_key_set(set_name, json_web_key_set_generator_request=request)
    with pytest.raises(ApiException) as duplicate:
        hydra.create_json_web_key_set(set_name, json_web_key_set_generator_request=request)
    assert duplicate.value.status == 409
    with pytest.raises(ApiException) as anonymous:
        hydra_admin_for(None).get_json_web_key_set(set_name)
    assert anonymous.value.status == 401
    viewer = hydra_admin_for(master_user_token("view-realm"))
    assert viewer.get_json_web_key_set(set_name).keys[0].kid == kid
    with pytest.raises(ApiException) as read_only:
        viewer.delete_json_web_key_set(set_name)
    assert read_only.value.status == 403
    with pytest.raises(ApiException) as forbidden:
        hydra_admin_for(master_user_token("manage-clients")).get_json_web_key_set(set_name)
    assert forbidden.value.status == 403
    hydra.delete_json_web_key_set(set_name)


def test_only_who_may_confer_realm_admin_brings_signing_keys(
    hydra_admin_for: Callable[[str | None], AdminApi], master_user_token: Callable[..., str]
) -> None:
    manager = hydra_admin_for(master_user_token("manage-realm"))
    mine = JWK.generate(kty="EC", crv="P-256")
    forged = json.loads(mine.export_private()) | {"kid": unique("forged"), "alg": "ES256", "use": "sig"}
    with pytest.raises(ApiException) as refused:
        manager.update_json_web_key(forged["kid"], "hydra.openid.id-token", json_web_key=JSONWebKey(**forged))
    assert refused.value.status == 403
    with pytest.raises(ApiException) as refused_set:
        manager.update_json_web_key_set(
            "hydra.openid.id-token", json_web_key_set=JSONWebKeySet(keys=[JSONWebKey(**forged)])
        )
    assert refused_set.value.status == 403
    kids = {k.kid for k in manager.get_json_web_key_set("hydra.openid.id-token").keys}
    assert forged["kid"] not in kids
    # A key of the caller's own elsewhere signs nothing: manage-realm suffices there.
    other = unique("own")
    manager.update_json_web_key(forged["kid"], other, json_web_key=JSONWebKey(**forged))
    manager.delete_json_web_key_set(other)
