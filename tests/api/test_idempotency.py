"""Idempotency-Key on POST: a retry replays the first answer and writes nothing; the same key
for another request is 422; keys are per API key; failures and expired records are not replayed."""

import hashlib
import io
import json
import threading
from collections import Counter
from datetime import timedelta

import pytest
from apispec import APISpec
from flask import g, request
from sqlalchemy import func, select

from api.idempotency import IdempotencyKeyPlugin, _digest_and_spool_body
from api.transaction import session_factory
from db.base import utcnow
from db.models import Annotation, ApiKey, Claim, IdempotencyRecord
from services import idempotency
from tests.conftest import client_with_key, make_key
from tests.factories import ClaimFactory

CLAIM = {"text": "1년 안에 개발의 절반 정도를 AI가 하게 될 것", "said_on": "2025-04-29",
         "speaker": {"name": "Mark Zuckerberg"}, "source": {"outlet": "KBS"}}


def with_key(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_retried_claim_replays_the_first_201_and_makes_one_claim(client, session):
    first = client.post("/v1/claims", json=CLAIM, headers=with_key("claim-1"))
    again = client.post("/v1/claims", json=CLAIM, headers=with_key("claim-1"))

    assert first.status_code == again.status_code == 201
    assert again.get_data() == first.get_data()
    for header in ("Location", "ETag", "Content-Type"):
        assert again.headers[header] == first.headers[header]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    # Per-response headers come from their own hooks, not from the stored answer.
    assert again.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-RateLimit-Remaining" in again.headers
    assert count(session, Claim) == 1
    assert count(session, IdempotencyRecord) == 1


def test_a_post_without_the_header_behaves_as_before(client, session):
    assert client.post("/v1/claims", json=CLAIM).status_code == 201
    assert client.post("/v1/claims", json=CLAIM).status_code == 409
    assert count(session, IdempotencyRecord) == 0


def test_a_retried_annotation_makes_one_annotation(client, session):
    claim = ClaimFactory()
    url = f"/v1/claims/{claim.id}/annotations"
    body = {"status": "in_review", "note": "checking the transcript"}

    first = client.post(url, json=body, headers=with_key("note-1"))
    again = client.post(url, json=body, headers=with_key("note-1"))

    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert count(session, Annotation) == 1
    assert len(client.get(url).get_json()["items"]) == 1


def test_a_retried_key_creation_makes_one_key_and_never_stores_its_secret(admin_client, session):
    """API keys are stored only as hashes: the idempotency record must not keep one either. A
    retry is told the key was made, and where its record is."""
    before = count(session, ApiKey)
    body = {"name": "Election dashboard", "role": "reader"}
    first = admin_client.post("/v1/keys", json=body, headers=with_key("key-1"))
    again = admin_client.post("/v1/keys", json=body, headers=with_key("key-1"))

    assert first.status_code == 201
    assert again.status_code == 409
    assert again.get_json()["type"] == "urn:quotecheck:problem:idempotency-secret-not-kept"
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(session, ApiKey) == before + 1
    secret = first.get_json()["key"]
    stored = session.scalars(select(IdempotencyRecord.response_body)).all()
    assert stored and not any(secret.encode() in body for body in stored)


def test_the_same_bytes_as_another_media_type_are_another_request(client, session):
    line = json.dumps(CLAIM, ensure_ascii=False).encode()
    first = client.post("/v1/imports", data=line, content_type="application/x-ndjson",
                        headers=with_key("import-1"))
    assert first.status_code == 200
    other = client.post("/v1/imports", data=line, content_type="text/csv",
                        headers=with_key("import-1"))
    assert other.status_code == 422
    assert other.get_json()["type"] == "urn:quotecheck:problem:idempotency-key-reused"


def test_the_same_key_with_another_body_is_422(client, session):
    client.post("/v1/claims", json=CLAIM, headers=with_key("k"))
    response = client.post("/v1/claims", json={**CLAIM, "text": "다른 발언"}, headers=with_key("k"))

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["type"] == "urn:quotecheck:problem:idempotency-key-reused"
    assert count(session, Claim) == 1


def test_the_same_key_with_another_query_string_is_422(client):
    client.post("/v1/claims", json=CLAIM, headers=with_key("k"))
    response = client.post("/v1/claims?x=1", json=CLAIM, headers=with_key("k"))
    assert response.status_code == 422
    assert response.get_json()["type"].endswith("idempotency-key-reused")


def test_the_same_key_on_another_path_is_422(client, session):
    client.post("/v1/speakers", json={"name": "한덕수"}, headers=with_key("k"))
    response = client.post("/v1/sources", json={"outlet": "KBS"}, headers=with_key("k"))

    assert response.status_code == 422
    assert response.get_json()["type"].endswith("idempotency-key-reused")
    assert "POST /v1/speakers" in response.get_json()["detail"]


def test_the_same_key_and_body_on_another_path_is_422(client, session):
    first, second = ClaimFactory(), ClaimFactory()
    body = {"status": "in_review"}
    client.post(f"/v1/claims/{first.id}/annotations", json=body, headers=with_key("k"))
    response = client.post(f"/v1/claims/{second.id}/annotations", json=body, headers=with_key("k"))

    assert response.status_code == 422
    assert response.get_json()["type"].endswith("idempotency-key-reused")
    assert count(session, Annotation) == 1


def test_the_spooled_body_becomes_the_requests_input(app):
    """As gunicorn hands on a chunked upload: no Content-Length, a stream that ends itself."""
    body = '{"name": "한덕수"}'.encode()
    with app.test_request_context("/v1/speakers?x=1", method="POST", input_stream=io.BytesIO(body),
                                  headers={"Transfer-Encoding": "chunked"},
                                  environ_overrides={"wsgi.input_terminated": True}):
        del request.environ["CONTENT_LENGTH"]
        assert request.content_length is None  # as request_rules saw it, and werkzeug cached

        digest = _digest_and_spool_body()

        # The query string, the media type (none here), then the body.
        assert digest == hashlib.sha256(b"x=1\n\n" + body).hexdigest()
        assert request.content_length == len(body)
        assert "Transfer-Encoding" not in request.headers
        assert request.get_data() == body
        spool = g.idempotency_spool
    assert spool.closed  # at teardown


def test_keys_are_scoped_to_the_api_key_that_sent_them(app, session, client):
    claim = ClaimFactory()
    other = client_with_key(app, make_key(session, "editor", "Other desk"))
    url = f"/v1/claims/{claim.id}/annotations"

    mine = client.post(url, json={"status": "in_review"}, headers=with_key("shared"))
    theirs = other.post(url, json={"status": "in_review"}, headers=with_key("shared"))

    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.get_json()["id"] != mine.get_json()["id"]
    assert theirs.get_json()["author"] == "Other desk"
    assert count(session, Annotation) == 2


def test_a_failed_first_answer_is_not_stored_and_a_retry_executes(client, session):
    bad = client.post("/v1/claims", json={**CLAIM, "said_on": "not a date"},
                      headers=with_key("retry"))
    assert bad.status_code == 422
    assert count(session, IdempotencyRecord) == 0

    # The same key and body again run again (and fail again, not replayed) ...
    assert client.post("/v1/claims", json={**CLAIM, "said_on": "not a date"},
                       headers=with_key("retry")).headers.get("Idempotent-Replayed") is None
    # ... and once the client fixes its request, the key is still its to use.
    assert client.post("/v1/claims", json=CLAIM, headers=with_key("retry")).status_code == 201
    assert count(session, Claim) == 1


def test_an_expired_record_is_not_replayed(client, session):
    first = client.post("/v1/claims", json=CLAIM, headers=with_key("old"))
    record = session.scalars(select(IdempotencyRecord)).one()
    record.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()

    again = client.post("/v1/claims", json=CLAIM, headers=with_key("old"))

    assert again.status_code == 409  # executed again: the claim exists, so the dedupe answers
    assert again.headers["Location"] == first.headers["Location"]
    assert "Idempotent-Replayed" not in again.headers


def test_an_expired_key_may_be_used_for_a_new_request(client, session):
    client.post("/v1/speakers", json={"name": "한덕수"}, headers=with_key("old"))
    session.scalars(select(IdempotencyRecord)).one().expires_at = utcnow() - timedelta(hours=1)
    session.flush()

    response = client.post("/v1/speakers", json={"name": "이재명"}, headers=with_key("old"))

    assert response.status_code == 201
    record = session.scalars(select(IdempotencyRecord)).one()
    assert record.expires_at > utcnow() + timedelta(hours=23)


def test_records_are_kept_for_idempotency_hours(app, client, session, monkeypatch):
    monkeypatch.setitem(app.config, "IDEMPOTENCY_HOURS", 2)
    client.post("/v1/speakers", json={"name": "한덕수"}, headers=with_key("short"))
    record = session.scalars(select(IdempotencyRecord)).one()
    assert timedelta(hours=2) - timedelta(minutes=1) < record.expires_at - utcnow() <= timedelta(hours=2)


def test_storing_a_record_purges_expired_ones_a_batch_at_a_time(client, session, monkeypatch):
    monkeypatch.setattr(idempotency, "PURGE_BATCH", 2)
    for n in range(3):
        client.post("/v1/speakers", json={"name": f"화자 {n}"}, headers=with_key(f"old-{n}"))
    for record in session.scalars(select(IdempotencyRecord)):
        record.expires_at = utcnow() - timedelta(minutes=1)
    session.flush()

    client.post("/v1/speakers", json={"name": "새 화자"}, headers=with_key("new"))

    kept = session.scalars(select(IdempotencyRecord.idempotency_key)).all()
    assert sorted(kept) == ["new", "old-2"]  # the oldest two went, the batch's limit held


def test_purge_deletes_only_expired_records(session, client):
    client.post("/v1/speakers", json={"name": "한덕수"}, headers=with_key("live"))
    assert idempotency.purge_expired(session, utcnow()) == 0
    assert idempotency.purge_expired(session, utcnow() + timedelta(hours=25)) == 1


@pytest.mark.parametrize("value", ["", " ", "with space", "x" * 256, "탭", "a\tb"])
def test_an_invalid_key_is_400(client, session, value):
    response = client.post("/v1/claims", json=CLAIM, headers={"Idempotency-Key": value})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["type"] == "urn:quotecheck:problem:idempotency-key-invalid"
    assert count(session, Claim) == 0


def test_two_keys_in_one_request_are_400(client):
    """The server joins them into one header, "a, b"; its space makes it invalid."""
    response = client.post("/v1/claims", json=CLAIM,
                           headers=[("Idempotency-Key", "a"), ("Idempotency-Key", "b")])
    assert response.status_code == 400


def test_the_longest_key_is_accepted(client):
    key = "~" * 255
    assert client.post("/v1/claims", json=CLAIM, headers=with_key(key)).status_code == 201
    assert client.post("/v1/claims", json=CLAIM,
                       headers=with_key(key)).headers["Idempotent-Replayed"] == "true"


def test_the_header_is_checked_only_after_the_caller_is_let_in(anonymous_client):
    response = anonymous_client.post("/v1/claims", json=CLAIM, headers=with_key(""))
    assert response.status_code == 401


def test_a_body_spilled_to_disk_still_parses(app, client, session, monkeypatch):
    """Past 1 MiB the spooled body lives in a temporary file; the view reads it from there."""
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 3 * 1024 * 1024)
    padded = b'{"text": "padded", "said_on": "2025-05-03", "speaker": {"name": "X"}}' + \
        b" " * (2 * 1024 * 1024)
    response = client.post("/v1/claims", data=padded, content_type="application/json",
                           headers=with_key("big"))
    assert response.status_code == 201
    assert response.get_json()["text"] == "padded"
    again = client.post("/v1/claims", data=padded, content_type="application/json",
                        headers=with_key("big"))
    assert again.headers["Idempotent-Replayed"] == "true"


def test_a_body_over_max_content_length_is_still_413(client, session):
    body = b'{"text": "' + b"x" * (1024 * 1024) + b'"}'
    response = client.post("/v1/claims", data=body, content_type="application/json",
                           headers=with_key("huge"))
    assert response.status_code == 413
    assert count(session, IdempotencyRecord) == 0


def test_a_chunked_body_is_read_and_handed_on(client, session):
    """A chunked upload, as gunicorn hands it on: no usable length, the stream ends itself."""
    def post():
        return client.post("/v1/speakers", input_stream=io.BytesIO('{"name": "한덕수"}'.encode()),
                           content_type="application/json",
                           headers={**with_key("chunked"), "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})

    first, again = post(), post()
    assert first.status_code == 201
    assert first.get_json()["name"] == "한덕수"
    assert again.headers["Idempotent-Replayed"] == "true"


def test_a_twin_that_committed_first_is_answered_instead_of_a_second_write(
        client, session, monkeypatch):
    """Should a twin slip past the lookup (the lock makes this unlikely), the unique key
    refuses the second record: its write is undone and it answers the twin's answer."""
    claim = ClaimFactory()
    url = f"/v1/claims/{claim.id}/annotations"
    first = client.post(url, json={"status": "in_review"}, headers=with_key("twin"))

    real = idempotency.first_response
    calls = []

    def misses_once(*args, **kwargs):
        calls.append(1)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(idempotency, "first_response", misses_once)
    twin = client.post(url, json={"status": "in_review"}, headers=with_key("twin"))

    assert twin.status_code == 201
    assert twin.get_data() == first.get_data()
    assert twin.headers["Idempotent-Replayed"] == "true"
    assert count(session, Annotation) == 1


def test_the_openapi_plugin_documents_the_header_on_posts_only():
    spec = APISpec("t", "1", "3.1.0", plugins=[IdempotencyKeyPlugin()])
    spec.path("/things", operations={"get": {"responses": {"200": {"description": "ok"}}},
                                     "post": {"responses": {"201": {"description": "ok"}}}})
    document = spec.to_dict()
    operations = document["paths"]["/things"]
    assert operations["post"]["parameters"] == [{"$ref": "#/components/parameters/IdempotencyKey"}]
    assert "parameters" not in operations["get"]
    parameter = document["components"]["parameters"]["IdempotencyKey"]
    assert (parameter["name"], parameter["in"]) == ("Idempotency-Key", "header")


def test_the_openapi_plugin_documents_the_reused_key_422_where_nothing_else_does():
    # Found by the fuzz tests (tests/fuzz): a reused key's 422 on POST .../redeliver, which
    # documented no 422.
    spec = APISpec("t", "1", "3.1.0", plugins=[IdempotencyKeyPlugin()])
    spec.path("/things", operations={"post": {"responses": {201: {"description": "ok"}}}})
    spec.path("/others", operations={"post": {"responses": {422: {"description": "Own."}}}})
    document = spec.to_dict()["paths"]
    assert "another request" in document["/things"]["post"]["responses"]["422"]["description"]
    assert document["/others"]["post"]["responses"]["422"]["description"] == "Own."


@pytest.mark.parametrize("path", ["/v1/claims", "annotations"])
def test_concurrent_twins_get_one_answer_and_write_once(live_app, path):
    if path == "annotations":
        claim = live_app.test_client().post("/v1/claims", json=CLAIM).get_json()
        path, body, model = f"/v1/claims/{claim['id']}/annotations", {"status": "in_review"}, Annotation
    else:
        body, model = CLAIM, Claim
    twins = 4
    start = threading.Barrier(twins)
    answers = []

    def post():
        client = live_app.test_client()
        start.wait()
        answers.append(client.post(path, json=body, headers=with_key("twin")))

    threads = [threading.Thread(target=post) for _ in range(twins)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert Counter(answer.status_code for answer in answers) == {201: twins}
    assert len({answer.get_data() for answer in answers}) == 1
    assert Counter(answer.headers.get("Idempotent-Replayed") for answer in answers) == {
        None: 1, "true": twins - 1}
    with session_factory(live_app)() as session:
        assert count(session, model) == 1
        assert count(session, IdempotencyRecord) == 1
