"""GET /v1/claims and /v1/claims/{id}: ETags, filters, order and cursor pagination."""

from datetime import date

import pytest

from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory


def test_get_answers_etag_and_if_none_match_gives_304(client, session):
    claim = ClaimFactory()
    first = client.get(f"/v1/claims/{claim.id}")
    assert first.status_code == 200
    etag = first.headers["ETag"]

    again = client.get(f"/v1/claims/{claim.id}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    other = client.get(f"/v1/claims/{claim.id}", headers={"If-None-Match": '"0.0.0"'})
    assert other.status_code == 200


def test_etag_changes_when_the_claim_changes(client, session):
    claim = ClaimFactory()
    before = client.get(f"/v1/claims/{claim.id}").headers["ETag"]
    client.post(f"/v1/claims/{claim.id}/annotations", json={"status": "in_review"})
    after = client.get(f"/v1/claims/{claim.id}", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["ETag"] != before


def test_unknown_claim_is_404_problem(client):
    response = client.get("/v1/claims/424242")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert response.get_json()["status"] == 404


def test_list_is_newest_said_on_first_then_newest_id(client, session):
    old = ClaimFactory(said_on=date(2025, 1, 1))
    new_a = ClaimFactory(said_on=date(2025, 5, 3))
    new_b = ClaimFactory(said_on=date(2025, 5, 3))
    ids = [item["id"] for item in client.get("/v1/claims").get_json()["items"]]
    assert ids == [new_b.id, new_a.id, old.id]


def test_cursor_walks_every_claim_once_with_link_headers(client, session):
    made = {ClaimFactory(said_on=date(2025, 4, 1 + n % 3)).id for n in range(23)}
    seen: list[int] = []
    url = "/v1/claims?limit=5"
    pages = 0
    while url:
        response = client.get(url)
        body = response.get_json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        if body["next_cursor"] is None:
            assert "Link" not in response.headers
            url = None
        else:
            link = response.headers["Link"]
            assert link.endswith('>; rel="next"') and "limit=5" in link
            url = link[1:link.index(">")]
    assert pages == 5
    assert len(seen) == len(set(seen)) == 23
    assert set(seen) == made


def test_pages_hold_20_by_default_and_up_to_100(client, session):
    for _ in range(101):
        ClaimFactory()
    assert len(client.get("/v1/claims").get_json()["items"]) == 20
    assert len(client.get("/v1/claims?limit=100").get_json()["items"]) == 100
    link = client.get("/v1/claims?limit=100").headers["Link"]
    assert link.startswith("</v1/claims?limit=100&cursor=")  # relative: right behind a proxy


def test_a_page_is_stable_when_newer_claims_arrive(client, session):
    for n in range(4):
        ClaimFactory(said_on=date(2025, 4, 10 + n))
    first = client.get("/v1/claims?limit=2").get_json()
    ClaimFactory(said_on=date(2025, 12, 31))  # lands on page one, must not shift page two
    second = client.get(f"/v1/claims?limit=2&cursor={first['next_cursor']}").get_json()
    assert [c["said_on"] for c in second["items"]] == ["2025-04-11", "2025-04-10"]


@pytest.mark.parametrize("query", [
    "limit=0", "limit=101", "limit=abc", "cursor=%%%", "cursor=WzFd", "cursor=WyJ4IiwxXQ",
    "said_from=2025-99-01", "status=no_such_status", "speaker_id=abc", "language=!!", "bogus=1",
])
def test_bad_query_arguments_are_422(client, query):
    response = client.get(f"/v1/claims?{query}")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.get_json()["errors"]


def test_each_filter_narrows_the_list_and_they_combine(client, session):
    nadella = SpeakerFactory(name="사티아 나델라")
    kbs = SourceFactory(outlet="KBS")
    rank = SourceFactory(outlet="랭크뉴스", url=None)
    a = ClaimFactory(speaker=nadella, source=kbs, said_on=date(2025, 4, 29), language="ko")
    b = ClaimFactory(source=rank, said_on=date(2025, 5, 3), language="en-GB")
    c = ClaimFactory(source=kbs, said_on=date(2025, 5, 10), language="ko-KR")
    client.post(f"/v1/claims/{b.id}/annotations", json={"status": "false", "note": "No."})
    client.patch(f"/v1/claims/{c.id}", json={"tags": ["Election-2025"]})

    def ids(query):
        response = client.get(f"/v1/claims?{query}")
        assert response.status_code == 200, response.get_json()
        return {item["id"] for item in response.get_json()["items"]}

    assert ids(f"speaker_id={nadella.id}") == {a.id}
    assert ids("status=false") == {b.id}
    assert ids("status=unverified") == {a.id, c.id}
    assert ids("said_from=2025-05-01") == {b.id, c.id}
    assert ids("said_to=2025-05-03") == {a.id, b.id}
    assert ids("said_from=2025-05-01&said_to=2025-05-05") == {b.id}
    assert ids(f"source_id={kbs.id}") == {a.id, c.id}
    assert ids("outlet=kbs") == {a.id, c.id}
    assert ids("outlet=%EB%9E%AD%ED%81%AC%EB%89%B4%EC%8A%A4") == {b.id}  # 랭크뉴스
    assert ids("language=ko") == {a.id, c.id}
    assert ids("language=en") == {b.id}
    assert ids("tag=election-2025") == {c.id}
    assert ids(f"tag=election-2025&source_id={kbs.id}&status=unverified") == {c.id}
