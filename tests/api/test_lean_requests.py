"""The hot requests' round trips (docs/PERFORMANCE.md, issue 6) and the answers that must not
change with them: the list looks a status filter up only when its page is empty, and an
annotation locks its claim, reads its status and asks whether anyone listens in one
statement."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tests.factories import ClaimFactory

HOOK = "https://hooks.example.org/quotecheck"


@contextmanager
def statements(connection) -> Iterator[list[str]]:
    """The SQL run on the test's connection (which the app's sessions share) inside the block."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany):
        seen.append(" ".join(statement.split()))

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(connection, "before_cursor_execute", record)


def reading(table: str, seen: list[str]) -> list[str]:
    """The SELECTs of `table`'s rows (not those that only mention it in a subquery)."""
    return [sql for sql in seen if sql.startswith(f"SELECT {table}.")]


def test_a_page_with_claims_does_not_look_up_its_status_filter(client, session, connection):
    ClaimFactory()
    with statements(connection) as seen:
        response = client.get("/v1/claims?status=unverified")
    assert response.status_code == 200 and response.get_json()["items"]
    assert reading("statuses", seen) == []


def test_an_empty_page_checks_its_status_filter(client, session, connection):
    ClaimFactory()
    with statements(connection) as seen:
        known = client.get("/v1/claims?status=true")
    assert known.status_code == 200
    assert known.get_json() == {"items": [], "next_cursor": None}
    assert len(reading("statuses", seen)) == 1
    unknown = client.get("/v1/claims?status=no_such_status")
    assert unknown.status_code == 422
    assert unknown.get_json()["type"].endswith(":unknown-status")


@pytest.mark.parametrize("query", ["status=no_such_status&cursor=abc",
                                   "status=no_such_status&sort=relevance",
                                   "status=no_such_status&cursor=WyIyMDI1LTA0LTI5IiwxXQ"])
def test_an_unknown_status_is_answered_before_other_mistakes(client, session, query):
    ClaimFactory()
    response = client.get(f"/v1/claims?{query}")
    assert response.status_code == 422
    assert response.get_json()["type"].endswith(":unknown-status")


def test_a_bad_cursor_with_a_known_status_is_an_invalid_cursor(client, session):
    response = client.get("/v1/claims?status=false&cursor=abc")
    assert response.status_code == 422
    assert response.get_json()["type"].endswith(":invalid-cursor")


def test_an_annotation_reads_its_claim_and_status_in_one_statement(client, session, connection):
    claim = ClaimFactory()
    with statements(connection) as seen:
        response = client.post(f"/v1/claims/{claim.id}/annotations", json={"status": "in_review"})
    assert response.status_code == 201
    assert len(reading("claims", seen)) == 1
    assert reading("statuses", seen) == []
    # Nobody listens: the outbox does not look the subscriptions up again.
    assert reading("webhook_subscriptions", seen) == []


def test_an_annotation_still_queues_events_when_someone_listens(admin_client, client, session,
                                                                connection):
    claim = ClaimFactory()
    hook = admin_client.post("/v1/webhooks", json={"url": HOOK, "events": ["annotation.created"]})
    assert hook.status_code == 201
    with statements(connection) as seen:
        response = client.post(f"/v1/claims/{claim.id}/annotations", json={"status": "false"})
    assert response.status_code == 201
    assert len(reading("webhook_subscriptions", seen)) == 1
    deliveries = admin_client.get(f"/v1/webhooks/{hook.get_json()['id']}/deliveries").get_json()
    assert [d["event"] for d in deliveries["items"]] == ["annotation.created"]


def test_an_annotation_is_404_then_410_then_422_for_its_status(client, session):
    claim = ClaimFactory()
    unknown = {"status": "no_such_status"}
    assert client.post("/v1/claims/2147483647/annotations", json=unknown).status_code == 404
    assert client.delete(f"/v1/claims/{claim.id}", json={"reason": "Misquoted."}).status_code == 204
    assert client.post(f"/v1/claims/{claim.id}/annotations", json=unknown).status_code == 410
    live = ClaimFactory()
    refused = client.post(f"/v1/claims/{live.id}/annotations", json=unknown)
    assert refused.status_code == 422
    assert refused.get_json()["type"].endswith(":unknown-status")
    assert client.get(f"/v1/claims/{live.id}").get_json()["status"] == "unverified"
