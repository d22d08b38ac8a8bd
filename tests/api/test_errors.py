"""Every error is application/problem+json with the right status, Flask's own included."""

import pytest
from flask import Flask

from api import create_app
from api.auth import PUBLIC
from services.access import Role
from tests.factories import ClaimFactory


def assert_problem(response, status):
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["title"]
    assert body["type"]
    return body


def test_malformed_json_is_400(client):
    response = client.post("/v1/claims", data='{"text": "하야",', content_type="application/json")
    assert "JSON" in assert_problem(response, 400)["detail"]


def test_invalid_utf8_is_400(client):
    response = client.post("/v1/claims", data=b'{"text": "\xff"}', content_type="application/json")
    assert_problem(response, 400)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
def test_a_body_that_is_not_json_is_415(client, content_type):
    response = client.post("/v1/claims", data="text=하야", content_type=content_type)
    assert_problem(response, 415)


def test_a_json_body_without_content_type_is_415(client, session):
    claim = ClaimFactory()
    response = client.patch(f"/v1/claims/{claim.id}", data='{"summary": "x"}')
    assert_problem(response, 415)


def test_a_body_over_one_mebibyte_is_413(client):
    body = '{"text": "' + "가" * (1024 * 1024) + '"}'
    response = client.post("/v1/claims", data=body, content_type="application/json")
    assert_problem(response, 413)


def test_json_that_is_not_an_object_is_422(client):
    response = client.post("/v1/claims", json=["text"])
    assert_problem(response, 422)


def test_unknown_route_is_404(client):
    assert_problem(client.get("/v1/nothing-here"), 404)


def test_wrong_method_is_405_with_allow(client):
    response = client.put("/v1/claims", json={})
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_id_that_is_not_a_number_is_404(client):
    assert_problem(client.get("/v1/claims/abc"), 404)


def test_an_unexpected_error_is_500_problem_without_internals(database_url):
    app: Flask = create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "CRITICAL"})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    boom.required_role = PUBLIC

    response = app.test_client().get("/boom")
    body = assert_problem(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert body["detail"]


def test_a_write_that_fails_at_commit_is_a_problem_with_the_other_headers_kept(database_url):
    from api.transaction import db_session
    from db.models import Status

    app: Flask = create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "CRITICAL"})

    @app.post("/late-conflict")
    def late_conflict():
        # Nothing is flushed before the commit: the duplicate key is found only there.
        db_session().add(Status(code="true", label="again", kind="verdict"))
        return {"ok": True}, 201, {"ETag": '"1"', "Location": "/v1/statuses/true"}

    late_conflict.required_role = Role.reader  # anonymous may call it, and it is rate-limited
    response = app.test_client().post("/late-conflict")
    body = assert_problem(response, 409)
    assert body["type"] == "urn:quotecheck:problem:conflict"
    assert "ETag" not in response.headers and "Location" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-RateLimit-Remaining" in response.headers
    assert int(response.headers["Content-Length"]) == len(response.get_data())
