"""Who may call what: the role matrix over every route of the app, with every role and with no
key, and keys that are unknown, malformed, expired or revoked."""

import re

import pytest
from werkzeug.routing import Rule

from services.access import Role
from tests.conftest import client_with_key, make_key

# The role each operation needs. A route added to the app fails
# test_every_route_has_an_expected_role until someone decides its role here.
EXPECTED = {
    ("GET", "/v1/claims"): "reader",
    ("POST", "/v1/claims"): "editor",
    ("GET", "/v1/claims/<id:claim_id>"): "reader",
    ("PATCH", "/v1/claims/<id:claim_id>"): "editor",
    ("DELETE", "/v1/claims/<id:claim_id>"): "editor",
    ("POST", "/v1/imports"): "editor",
    # A preview stores nothing, but costs CPU and reads the registry: newsroom staff only
    # (annotators find claims to check); `commit: true` needs editor, checked inside.
    ("POST", "/v1/extractions"): "annotator",
    ("GET", "/v1/claims/<id:claim_id>/similar"): "reader",
    ("GET", "/v1/claims/<id:claim_id>/claimreview"): "reader",
    ("GET", "/v1/claimreviews"): "reader",
    ("GET", "/v1/claims/<id:claim_id>/annotations"): "reader",
    ("POST", "/v1/claims/<id:claim_id>/annotations"): "annotator",
    ("GET", "/v1/claims/<id:claim_id>/annotations/<id:annotation_id>"): "reader",
    ("GET", "/v1/speakers"): "reader",
    ("POST", "/v1/speakers"): "editor",
    ("GET", "/v1/speakers/<id:speaker_id>"): "reader",
    ("PATCH", "/v1/speakers/<id:speaker_id>"): "editor",
    ("GET", "/v1/speakers/<id:speaker_id>/claims"): "reader",
    ("GET", "/v1/sources"): "reader",
    ("POST", "/v1/sources"): "editor",
    ("GET", "/v1/sources/<id:source_id>"): "reader",
    ("PATCH", "/v1/sources/<id:source_id>"): "editor",
    ("GET", "/v1/statuses"): "reader",
    ("POST", "/v1/statuses"): "admin",
    ("GET", "/v1/statuses/<string:code>"): "reader",
    ("GET", "/v1/keys"): "admin",
    ("POST", "/v1/keys"): "admin",
    ("GET", "/v1/keys/<id:key_id>"): "admin",
    ("DELETE", "/v1/keys/<id:key_id>"): "admin",
    ("GET", "/v1/webhooks"): "admin",
    ("POST", "/v1/webhooks"): "admin",
    ("GET", "/v1/webhooks/<id:webhook_id>"): "admin",
    ("PATCH", "/v1/webhooks/<id:webhook_id>"): "admin",
    ("DELETE", "/v1/webhooks/<id:webhook_id>"): "admin",
    ("GET", "/v1/webhooks/<id:webhook_id>/deliveries"): "admin",
    ("GET", "/v1/webhooks/<id:webhook_id>/deliveries/<id:delivery_id>"): "admin",
    ("POST", "/v1/webhooks/<id:webhook_id>/deliveries/<id:delivery_id>/redeliver"): "admin",
    ("GET", "/v1/audit"): "admin",
    ("GET", "/healthz"): "public",
    ("GET", "/readyz"): "public",
    ("GET", "/metrics"): "reader",
    ("GET", "/openapi.json"): "public",
    ("GET", "/docs/"): "public",
    ("GET", "/docs/<path:path>"): "public",
    ("GET", "/static/<path:filename>"): "public",
}
CALLERS = [None, *(role.name for role in Role)]
REFUSED = (401, 403)


def routes(app) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def concrete(rule: str) -> str:
    """A URL for the rule: ids 1, a status code, a docs file."""
    return re.sub(r"<(\w+):(\w+)>", lambda m: {"id": "1", "string": "true"}.get(
        m.group(1), "index.css"), rule)


def test_every_route_has_an_expected_role(app):
    assert routes(app) == set(EXPECTED)


def test_an_operation_with_no_declared_role_stops_the_app_from_starting(session_app):
    from api.auth import check_every_operation_declares_a_role
    session_app.url_map.add(Rule("/v1/undeclared", endpoint="claims.Claims", methods=["PUT"]))
    try:
        with pytest.raises(RuntimeError, match="PUT /v1/undeclared declares no role"):
            check_every_operation_declares_a_role(session_app)
    finally:
        session_app.url_map._rules.pop()
        session_app.url_map._rules_by_endpoint["claims.Claims"].pop()
        session_app.url_map._remap = True


@pytest.mark.parametrize(("method", "rule"), sorted(EXPECTED))
@pytest.mark.parametrize("public_read", [True, False], ids=["public-read", "keys-only"])
def test_each_caller_gets_in_exactly_where_its_role_allows(app, session, monkeypatch, method,
                                                          rule, public_read):
    monkeypatch.setitem(app.config, "PUBLIC_READ", public_read)
    needed = EXPECTED[(method, rule)]
    url = concrete(rule)
    body = {} if method in ("POST", "PATCH", "DELETE") else None
    for caller in CALLERS:
        client = client_with_key(app, make_key(session, caller) if caller else None)
        response = client.open(url, method=method, json=body)
        where = f"{method} {url} as {caller or 'anonymous'}"
        if needed == "public" or (caller is None and needed == "reader" and public_read):
            assert response.status_code not in REFUSED, where
        elif caller is None:
            assert response.status_code == 401, where
            assert response.headers["WWW-Authenticate"] == 'Bearer realm="quotecheck"', where
            assert response.content_type == "application/problem+json", where
        elif Role[caller] < Role[needed]:
            assert response.status_code == 403, where
            assert response.get_json()["type"] == "urn:quotecheck:problem:forbidden", where
            assert response.headers["WWW-Authenticate"] == (
                'Bearer realm="quotecheck", error="insufficient_scope"'), where
            assert needed in response.get_json()["detail"], where
        else:
            assert response.status_code not in REFUSED, where


def test_refusal_comes_before_the_body_is_looked_at(anonymous_client):
    # No key and no body: 401, not 400. Nothing about the input leaks to a stranger.
    response = anonymous_client.post("/v1/claims")
    assert response.status_code == 401


@pytest.mark.parametrize(("header", "detail"), [
    ("Bearer qc_000000000000_" + "A" * 43, "The key is not valid."),
    ("Bearer not-a-key", "The key is not valid."),
    ("Bearer ", "Send the key as `Authorization: Bearer <key>`."),
    ("Basic dXNlcjpwYXNz", "Send the key as `Authorization: Bearer <key>`."),
    ("Token abc", "Send the key as `Authorization: Bearer <key>`."),
])
def test_a_bad_key_is_401_even_where_reading_is_public(anonymous_client, header, detail):
    response = anonymous_client.get("/v1/claims", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["type"] == "urn:quotecheck:problem:invalid-key"
    assert body["detail"] == detail
    assert response.headers["WWW-Authenticate"] == (
        f'Bearer realm="quotecheck", error="invalid_token", error_description="{detail}"')


def test_a_key_with_the_right_prefix_and_a_wrong_secret_is_401(app, session):
    key = make_key(session, "admin")
    forged = key[:-1] + ("A" if key[-1] != "A" else "B")
    response = client_with_key(app, forged).get("/v1/audit")
    assert response.status_code == 401
    assert client_with_key(app, key).get("/v1/audit").status_code == 200


def test_an_expired_key_is_401(app, session):
    from datetime import timedelta

    from db.base import utcnow
    key = make_key(session, "editor", expires_in="1m", now=utcnow() - timedelta(minutes=2))
    response = client_with_key(app, key).get("/v1/claims")
    assert response.status_code == 401
    assert response.get_json()["detail"] == "The key has expired."


def test_a_key_that_has_not_expired_yet_works(app, session):
    key = make_key(session, "editor", expires_in="1m")
    assert client_with_key(app, key).get("/v1/claims").status_code == 200


def test_a_revoked_key_is_401_at_once(app, session, admin_client):
    key = make_key(session, "editor", "Night desk")
    client = client_with_key(app, key)
    assert client.get("/v1/claims").status_code == 200
    key_id = next(item["id"] for item in admin_client.get("/v1/keys").get_json()["items"]
                  if item["name"] == "Night desk")
    assert admin_client.delete(f"/v1/keys/{key_id}").status_code == 204
    response = client.get("/v1/claims")
    assert response.status_code == 401
    assert response.get_json()["detail"] == "The key was revoked."


def test_a_bad_key_is_ignored_where_no_key_is_ever_needed(anonymous_client):
    headers = {"Authorization": "Bearer nonsense"}
    assert anonymous_client.get("/healthz", headers=headers).status_code == 200
    assert anonymous_client.get("/openapi.json", headers=headers).status_code == 200


def test_without_public_read_anonymous_reads_are_401_but_probes_and_docs_answer(
        anonymous_client, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_READ", False)
    assert anonymous_client.get("/v1/claims").status_code == 401
    assert anonymous_client.get("/readyz").status_code == 200
    assert anonymous_client.get("/docs/").status_code == 200


def test_the_openapi_document_names_the_role_of_every_operation(anonymous_client):
    spec = anonymous_client.get("/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    post_claims = spec["paths"]["/v1/claims"]["post"]
    assert post_claims["x-required-role"] == "editor"
    assert post_claims["security"] == [{"bearerAuth": []}]
    assert {"401", "403", "429"} <= set(post_claims["responses"])
    list_claims = spec["paths"]["/v1/claims"]["get"]
    assert list_claims["security"] == [{"bearerAuth": []}, {}]  # anonymous reads allowed
    assert "403" not in list_claims["responses"]
    assert spec["paths"]["/healthz"]["get"]["security"] == [{}]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "parameters" and path not in ("/healthz", "/readyz"):
                assert operation["x-required-role"] == EXPECTED[
                    (method.upper(), _rule_of(path))], f"{method} {path}"


def _rule_of(path: str) -> str:
    converters = {"claim_id": "id", "annotation_id": "id", "speaker_id": "id", "source_id": "id",
                  "key_id": "id", "code": "string", "webhook_id": "id", "delivery_id": "id"}
    return re.sub(r"\{(\w+)\}", lambda m: f"<{converters[m.group(1)]}:{m.group(1)}>", path)
