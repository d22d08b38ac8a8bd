"""The audit log: each kind of write records its actor, action, target and changed fields in the
same transaction; admins read it with filters; the database refuses to rewrite it."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from db.base import utcnow
from db.models import Annotation, ApiKey, AuditEvent
from tests.conftest import client_with_key, make_key
from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory

CLAIM = {"text": "개헌 해내고 즉각 하야", "said_on": "2025-05-03",
         "speaker": {"name": "한덕수"}, "source": {"outlet": "랭크뉴스"}, "tags": ["개헌"]}


def events(admin_client, **filters) -> list[dict]:
    response = admin_client.get("/v1/audit", query_string={"limit": 100, **filters})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def key_id_of(session, name: str) -> int:
    return session.scalar(select(ApiKey.id).where(ApiKey.name == name))


def test_creating_a_claim_logs_the_claim_and_the_speaker_and_source_it_made(
        client, admin_client, session):
    claim = client.post("/v1/claims", json=CLAIM).get_json()
    logged = events(admin_client, actor="Test desk")
    assert [event["action"] for event in logged] == [
        "claim.created", "source.created", "speaker.created"]
    created = logged[0]
    assert created["key_id"] == key_id_of(session, "Test desk")
    assert (created["target_type"], created["target_id"]) == ("claim", str(claim["id"]))
    assert created["before"] is None
    assert created["after"] == {
        "text": "개헌 해내고 즉각 하야", "summary": None, "speaker_id": claim["speaker"]["id"],
        "said_on": "2025-05-03", "source_id": claim["source"]["id"], "language": "ko",
        "context": None, "tags": ["개헌"], "retracted_at": None, "retraction_reason": None}
    assert logged[2]["after"]["name"] == "한덕수"


def test_an_edit_logs_only_the_fields_that_changed(client, admin_client):
    claim = client.post("/v1/claims", json=CLAIM).get_json()
    client.patch(f"/v1/claims/{claim['id']}", json={"summary": "즉각 하야", "tags": ["개헌"]})
    updated = events(admin_client, action="claim.updated")
    assert len(updated) == 1
    assert updated[0]["before"] == {"summary": None}
    assert updated[0]["after"] == {"summary": "즉각 하야"}


def test_an_edit_that_changes_nothing_logs_nothing(client, admin_client, session):
    claim = ClaimFactory()
    assert client.patch(f"/v1/claims/{claim.id}", json={"context": None}).status_code == 200
    assert events(admin_client, action="claim.updated") == []


def test_a_retraction_logs_when_and_why(client, admin_client, session):
    claim = ClaimFactory()
    client.delete(f"/v1/claims/{claim.id}", json={"reason": "오보"})
    [retracted] = events(admin_client, action="claim.retracted")
    assert retracted["target_id"] == str(claim.id)
    assert retracted["before"] == {"retracted_at": None, "retraction_reason": None}
    assert retracted["after"]["retraction_reason"] == "오보"
    assert retracted["after"]["retracted_at"].startswith(str(utcnow().year))


def test_an_annotation_logs_its_author_status_and_the_status_before(app, session, admin_client):
    claim = ClaimFactory()
    annotator = client_with_key(app, make_key(session, "annotator", "팩트체크팀"))
    annotator.post(f"/v1/claims/{claim.id}/annotations", json={"status": "in_review"})
    annotation = annotator.post(f"/v1/claims/{claim.id}/annotations", json={
        "status": "false", "note": "통계와 다름",
        "evidence": [{"url": "https://kostat.go.kr/"}]}).get_json()
    logged = events(admin_client, target_type="annotation", target_id=str(annotation["id"]))
    assert len(logged) == 1
    assert logged[0]["actor"] == "팩트체크팀"
    assert logged[0]["action"] == "annotation.created"
    assert logged[0]["after"] == {
        "claim_id": claim.id, "status": "false", "previous_status": "in_review",
        "is_correction": False, "note": "통계와 다름",
        "evidence": annotation["evidence"],
        "author": "팩트체크팀"}


def test_a_source_made_on_its_own_is_logged(client, admin_client):
    source = client.post("/v1/sources", json={"url": "https://news.kbs.co.kr/1", "outlet": "KBS",
                                              "published_on": "2025-04-29"}).get_json()
    [created] = events(admin_client, action="source.created")
    assert created["target_id"] == str(source["id"])
    assert created["after"] == {"url": "https://news.kbs.co.kr/1", "outlet": "KBS", "title": None,
                                "published_on": "2025-04-29", "language": None}


def test_command_line_writes_are_logged_as_the_user_who_ran_them(app, admin_client, session):
    from services.audit import command_line_actor
    runner = app.test_cli_runner()
    assert runner.invoke(args=["sample-data", "load"]).exit_code == 0
    key = runner.invoke(args=["keys", "create", "--name", "Bot", "--role", "reader", "--quiet"])
    key_id = key_id_of(session, "Bot")
    assert runner.invoke(args=["keys", "revoke", str(key_id)]).exit_code == 0
    by_cli = events(admin_client, actor=command_line_actor().name)
    actions = {event["action"] for event in by_cli}
    assert {"claim.created", "speaker.created", "source.created", "key.created",
            "key.revoked"} <= actions
    assert all(event["key_id"] is None for event in by_cli)
    assert sum(event["action"] == "claim.created" for event in by_cli) == 29  # the sample set
    assert key.output.strip() not in str(by_cli)


def test_a_claims_whole_story_is_one_filter_away(client, admin_client):
    claim = client.post("/v1/claims", json=CLAIM).get_json()
    other = client.post("/v1/claims", json={**CLAIM, "text": "다른 말"}).get_json()
    client.post(f"/v1/claims/{claim['id']}/annotations", json={"status": "in_review"})
    client.post(f"/v1/claims/{other['id']}/annotations", json={"status": "in_review"})
    client.patch(f"/v1/claims/{claim['id']}", json={"summary": "하야"})
    story = events(admin_client, claim_id=claim["id"])
    assert [event["action"] for event in story] == [
        "claim.updated", "annotation.created", "claim.created"]
    assert story[1]["after"]["claim_id"] == claim["id"]


def test_speaker_and_source_edits_are_logged(client, admin_client, session):
    speaker = SpeakerFactory(name="Satya Nadella")
    source = SourceFactory(outlet="KBS")
    client.patch(f"/v1/speakers/{speaker.id}",
                 json={"aliases": [{"name": "사티아 나델라", "language": "ko"}]})
    client.patch(f"/v1/sources/{source.id}", json={"title": "메타 첫 AI 개발자 회의"})
    [speaker_event] = events(admin_client, action="speaker.updated")
    assert speaker_event["before"] == {"aliases": []}
    assert speaker_event["after"] == {"aliases": [{"name": "사티아 나델라", "language": "ko"}]}
    [source_event] = events(admin_client, action="source.updated")
    assert source_event["after"] == {"title": "메타 첫 AI 개발자 회의"}


def test_statuses_and_keys_are_logged_without_the_key_itself(admin_client):
    admin_client.post("/v1/statuses", json={"code": "half_true", "label": "반쯤 사실",
                                            "kind": "verdict", "rating_value": 3})
    made = admin_client.post("/v1/keys", json={"name": "Bot", "role": "reader"}).get_json()
    admin_client.delete(f"/v1/keys/{made['id']}")
    [status] = events(admin_client, action="status.created")
    assert (status["target_type"], status["target_id"]) == ("status", "half_true")
    logged = events(admin_client, target_type="key", target_id=str(made["id"]))
    assert [event["action"] for event in logged] == ["key.revoked", "key.created"]
    assert logged[1]["after"] == {"name": "Bot", "role": "reader", "prefix": made["prefix"],
                                  "expires_at": None, "revoked_at": None}
    assert logged[0]["before"] == {"revoked_at": None}
    assert made["key"] not in str(logged)


def test_a_refused_write_leaves_no_trace(client, admin_client):
    client.post("/v1/claims", json=CLAIM)
    before = events(admin_client)
    assert client.post("/v1/claims", json=CLAIM).status_code == 409  # dedupe
    assert client.post("/v1/claims", json={**CLAIM, "speaker": {"name": "새 사람"},
                                           "said_on": "not a date"}).status_code == 422
    assert events(admin_client) == before


def test_the_log_filters_by_actor_key_action_target_and_time(app, session, admin_client):
    first = client_with_key(app, make_key(session, "editor", "Politics desk"))
    second = client_with_key(app, make_key(session, "editor", "Economy desk"))
    first.post("/v1/speakers", json={"name": "이재명"})
    second.post("/v1/speakers", json={"name": "김문수"})
    assert [e["after"]["name"] for e in events(admin_client, actor="Economy desk")] == ["김문수"]
    economy = key_id_of(session, "Economy desk")
    assert [e["actor"] for e in events(admin_client, key_id=economy)] == ["Economy desk"]
    assert len(events(admin_client, action="speaker.created")) == 2
    now = utcnow()
    assert len(events(admin_client, since=(now - timedelta(minutes=5)).isoformat(),
                      action="speaker.created")) == 2
    assert events(admin_client, until=(now - timedelta(minutes=5)).isoformat()) == []
    assert events(admin_client, since=(now + timedelta(minutes=5)).isoformat()) == []


@pytest.mark.parametrize("query", [
    "since=yesterday", "since=2025-01-01T00:00:00", "target_type=claims", "key_id=0",
    "actor=", "limit=101", "claim_id=0", "key_id=١", "limit=٣", "limit=２",
    # Times UTC cannot hold.
    "until=9999-12-31T23:59:59-23:59", "since=0001-01-01T00:00:00%2B23:59",
])
def test_bad_audit_filters_are_422(admin_client, query):
    assert admin_client.get(f"/v1/audit?{query}").status_code == 422


def test_the_log_pages_newest_first(client, admin_client):
    for name in ("가", "나", "다"):
        client.post("/v1/speakers", json={"name": name})
    first = admin_client.get("/v1/audit?limit=2&action=speaker.created")
    names = [event["after"]["name"] for event in first.get_json()["items"]]
    assert names == ["다", "나"]
    second = admin_client.get(first.headers["Link"].split(">")[0].lstrip("<"))
    assert [event["after"]["name"] for event in second.get_json()["items"]] == ["가"]


@pytest.mark.parametrize("change", [
    lambda: update(AuditEvent).values(actor="someone else"),
    lambda: delete(AuditEvent),
    lambda: update(Annotation).values(note="rewritten"),
    lambda: delete(Annotation),
])
def test_the_database_refuses_to_rewrite_the_log_or_the_history(client, session, change):
    claim = ClaimFactory()
    client.post(f"/v1/claims/{claim.id}/annotations", json={"status": "in_review"})
    assert session.scalar(select(AuditEvent.id).limit(1)) is not None
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(change())


def test_truncating_the_log_is_refused_on_postgresql(session, backend):
    if backend.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE is refused as the test above shows")
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(text("TRUNCATE audit_log"))
