"""Annotations: append-only history, current status, and the correction rule."""

import pytest

from tests.conftest import client_with_key, make_key
from tests.factories import ClaimFactory

EVIDENCE = {"url": "https://www.bok.or.kr/report", "title": "한국은행 보고서",
            "archived_url": "https://web.archive.org/web/2025/https://www.bok.or.kr/report",
            "excerpt": "GDP 성장률 2.0%"}


@pytest.fixture
def claim(session):
    return ClaimFactory()


def annotate(client, claim, **body):
    return client.post(f"/v1/claims/{claim.id}/annotations", json=body)


def test_annotation_is_201_and_sets_the_claims_status(app, session, claim):
    client = client_with_key(app, make_key(session, "annotator", "팩트체크팀"))
    response = annotate(client, claim, status="mostly_true", note="근거 확인", evidence=[EVIDENCE])
    assert response.status_code == 201
    annotation = response.get_json()
    assert response.headers["Location"] == f"/v1/claims/{claim.id}/annotations/{annotation['id']}"
    assert annotation["status"] == "mostly_true"
    assert annotation["previous_status"] == "unverified"
    assert annotation["is_correction"] is False
    assert annotation["evidence"] == [EVIDENCE]
    assert annotation["author"] == "팩트체크팀"  # the key's name
    assert client.get(response.headers["Location"]).get_json() == annotation
    assert client.get(f"/v1/claims/{claim.id}").get_json()["status"] == "mostly_true"


def test_every_annotation_moves_the_claims_version_and_etag(client, claim):
    etags = {client.get(f"/v1/claims/{claim.id}").headers["ETag"]}
    for _ in range(3):
        annotate(client, claim, status="in_review")
        etags.add(client.get(f"/v1/claims/{claim.id}").headers["ETag"])
    assert len(etags) == 4
    assert client.get(f"/v1/claims/{claim.id}").get_json()["version"] == 4


def test_history_is_complete_and_oldest_first(client, claim):
    for status in ("in_review", "false", "in_review"):
        annotate(client, claim, status=status, note=f"{status} note")
    history = client.get(f"/v1/claims/{claim.id}/annotations").get_json()["items"]
    assert [a["status"] for a in history] == ["in_review", "false", "in_review"]
    assert [a["previous_status"] for a in history] == ["unverified", "in_review", "false"]
    assert client.get(f"/v1/claims/{claim.id}").get_json()["status"] == "in_review"


def test_a_changed_verdict_without_a_note_is_422_and_not_stored(client, claim):
    annotate(client, claim, status="false", note="Contradicted by the earnings report.")
    response = annotate(client, claim, status="true")
    assert response.status_code == 422
    assert response.get_json()["type"].endswith("correction-needs-note")
    assert "note" in response.get_json()["errors"]
    blank = annotate(client, claim, status="true", note="   ")
    assert blank.status_code == 422
    assert len(client.get(f"/v1/claims/{claim.id}/annotations").get_json()["items"]) == 1
    assert client.get(f"/v1/claims/{claim.id}").get_json()["status"] == "false"


def test_a_correction_with_a_note_is_stored_and_marked(client, claim):
    annotate(client, claim, status="false", note="First reading.")
    response = annotate(client, claim, status="mostly_true", note="Correction: new data.")
    assert response.status_code == 201
    assert response.get_json()["is_correction"] is True


def test_a_pending_status_in_between_does_not_hide_a_verdict_change(client, claim):
    annotate(client, claim, status="false", note="First reading.")
    assert annotate(client, claim, status="in_review").status_code == 201
    assert annotate(client, claim, status="true").status_code == 422


def test_confirming_the_same_verdict_or_a_first_verdict_needs_no_note(client, claim):
    assert annotate(client, claim, status="false").status_code == 201
    again = annotate(client, claim, status="false")
    assert again.status_code == 201
    assert again.get_json()["is_correction"] is False


@pytest.mark.parametrize(("body", "field"), [
    ({"status": "bogus"}, "status"),
    ({}, "status"),
    ({"status": "true", "evidence": [{"title": "no url"}]}, "evidence.0.url"),
    ({"status": "true", "evidence": [{"url": "file:///etc/passwd"}]}, "evidence.0.url"),
    ({"status": "true", "evidence": "https://example.org"}, "evidence"),
    # The author is the key's holder, never a free-text field.
    ({"status": "true", "author": "someone else"}, "author"),
    ({"status": "true", "verdict": "x"}, "verdict"),
])
def test_invalid_annotations_are_422(client, claim, body, field):
    response = annotate(client, claim, **body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_annotating_an_unknown_claim_is_404(client):
    assert client.post("/v1/claims/999999/annotations", json={"status": "true"}).status_code == 404
    assert client.get("/v1/claims/999999/annotations").status_code == 404


def test_annotations_cannot_be_edited_or_deleted(client, claim):
    location = annotate(client, claim, status="in_review").headers["Location"]
    assert client.patch(location, json={"note": "x"}).status_code == 405
    assert client.put(location, json={"status": "true"}).status_code == 405
    assert client.delete(location).status_code == 405


def test_an_annotation_of_another_claim_is_404(client, claim, session):
    other = ClaimFactory()
    location = annotate(client, claim, status="in_review").headers["Location"]
    annotation_id = location.rsplit("/", 1)[1]
    assert client.get(f"/v1/claims/{other.id}/annotations/{annotation_id}").status_code == 404
