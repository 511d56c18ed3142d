"""The engine's pure rules: PKCE, the checks of an authorization request, where answers go."""

from __future__ import annotations

import pytest

from models import Client
from resolvers.oauth2.common import digest, grant_types, new_secret, response_types
from resolvers.oauth2.grants import pkce_matches
from resolvers.oauth2.requests import AuthorizeRequest, Refused, error_redirect, validate, with_query

# RFC 7636, appendix B.
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_pkce_s256_and_plain() -> None:
    assert pkce_matches(CHALLENGE, "S256", VERIFIER)
    assert not pkce_matches(CHALLENGE, "S256", VERIFIER[:-1] + "A")
    assert pkce_matches(VERIFIER, "plain", VERIFIER) and not pkce_matches(CHALLENGE, "plain", VERIFIER)


def test_secrets_are_kept_as_digests() -> None:
    value, hashed = new_secret()
    assert hashed == digest(value) and value not in hashed and len(hashed) == 64


def _request(**params: str) -> AuthorizeRequest:
    client = Client(client_id="app", redirect_uris=["https://app/cb"], implicit_flow_enabled=True, config={})
    query = {"response_type": "code", "state": "long-enough-state"} | params
    return AuthorizeRequest(
        client=client,
        redirect_uri="https://app/cb",
        response_type=" ".join(sorted(query["response_type"].split())),
        state=query["state"],
        params=query,
        scope=query.get("scope", "").split(),
        audience=[],
        prompt=set(query.get("prompt", "").split()),
        max_age=None,
    )


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"state": "short"}, "invalid_state"),
        ({"response_type": "code id_token", "nonce": "tiny"}, "invalid_request"),
        ({"code_challenge": CHALLENGE, "code_challenge_method": "S512"}, "invalid_request"),
        ({"code_challenge_method": "S256"}, "invalid_request"),
        ({"prompt": "none login"}, "invalid_request"),
        ({"max_age": "soon"}, "invalid_request"),
        ({"response_type": "device"}, "unsupported_response_type"),
    ],
)
def test_refusals_of_an_authorization_request(params: dict[str, str], error: str) -> None:
    with pytest.raises(Refused) as refused:
        validate(_request(**params))
    assert refused.value.error == error


def test_a_valid_request_keeps_max_age_and_answers_code_in_the_query() -> None:
    request = validate(_request(max_age="60", code_challenge=CHALLENGE, code_challenge_method="S256"))
    assert request.max_age == 60 and not request.fragment
    assert validate(_request(response_type="token")).fragment


def test_a_refusal_goes_to_the_redirect_uri_with_the_state() -> None:
    request = _request()
    url = error_redirect(request, Refused("access_denied", "No", "hint"))
    assert (
        url
        == "https://app/cb?error=access_denied&error_description=No&error_hint=hint&state=long-enough-state"
    )
    assert with_query("https://x/cb?a=1", {"b": "2"}) == "https://x/cb?a=1&b=2"
    assert with_query("https://x/cb", {"b": "2"}, fragment=True) == "https://x/cb#b=2"


def test_a_keycloak_clients_switches_are_its_oauth2_metadata() -> None:
    client = Client(standard_flow_enabled=True, service_accounts_enabled=True, config={})
    assert grant_types(client) == ["authorization_code", "refresh_token", "client_credentials"]
    assert response_types(client) == ["code"]
    hydra = Client(config={"grant_types": ["client_credentials"], "response_types": ["token id_token"]})
    assert grant_types(hydra) == ["client_credentials"] and response_types(hydra) == ["id_token token"]
