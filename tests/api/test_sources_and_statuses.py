"""/v1/sources and /v1/statuses."""

from tests.factories import ClaimFactory, SourceFactory


def test_create_and_read_a_source(client):
    body = {"url": "https://news.kbs.co.kr/a", "outlet": "KBS", "title": "메타 첫 AI 개발자 회의",
            "published_on": "2025-04-30", "language": "ko"}
    response = client.post("/v1/sources", json=body)
    assert response.status_code == 201
    assert client.get(response.headers["Location"]).get_json() == response.get_json()


def test_a_source_needs_a_url_or_an_outlet(client):
    assert client.post("/v1/sources", json={"outlet": "랭크뉴스"}).status_code == 201
    response = client.post("/v1/sources", json={"title": "제목만"})
    assert response.status_code == 422
    assert client.post("/v1/sources", json={"url": None, "outlet": None}).status_code == 422


def test_patch_cannot_remove_both_url_and_outlet(client, session):
    source = SourceFactory(outlet=None)
    response = client.patch(f"/v1/sources/{source.id}", json={"url": None})
    assert response.status_code == 422
    assert client.get(f"/v1/sources/{source.id}").get_json()["url"] == source.url


def test_a_url_belongs_to_one_source(client, session):
    existing = SourceFactory()
    response = client.post("/v1/sources", json={"url": existing.url, "outlet": "KBS"})
    assert response.status_code == 409
    assert response.headers["Location"] == f"/v1/sources/{existing.id}"
    other = SourceFactory()
    assert client.patch(f"/v1/sources/{other.id}", json={"url": existing.url}).status_code == 409


def test_source_edit_with_stale_if_match_is_412(client, session):
    source = SourceFactory()
    etag = client.get(f"/v1/sources/{source.id}").headers["ETag"]
    assert client.patch(f"/v1/sources/{source.id}", json={"title": "새 제목"},
                        headers={"If-Match": etag}).status_code == 200
    assert client.patch(f"/v1/sources/{source.id}", json={"title": "또"},
                        headers={"If-Match": etag}).status_code == 412


def test_source_if_none_match_is_304(client, session):
    source = SourceFactory()
    etag = client.get(f"/v1/sources/{source.id}").headers["ETag"]
    assert client.get(f"/v1/sources/{source.id}", headers={"If-None-Match": etag}).status_code == 304


def test_outlet_matching_folds_case_beyond_ascii_on_both_databases(client, session):
    echos = SourceFactory(outlet="ÉCHOS")
    assert [s["id"] for s in client.get("/v1/sources?outlet=échos").get_json()["items"]] == [echos.id]
    claim = ClaimFactory(source=echos)
    assert [c["id"] for c in client.get("/v1/claims?outlet=Échos").get_json()["items"]] == [claim.id]


def test_list_sources_by_outlet(client, session):
    kbs = SourceFactory(outlet="KBS")
    SourceFactory(outlet="MBC")
    assert [s["id"] for s in client.get("/v1/sources?outlet=kbs").get_json()["items"]] == [kbs.id]
    assert client.get("/v1/sources/999999").status_code == 404


def test_the_default_scale(client):
    scale = client.get("/v1/statuses").get_json()
    assert [s["code"] for s in scale] == [
        "in_review", "unverified", "false", "mostly_false", "mixed", "mostly_true", "true",
        "misleading", "unverifiable"]
    by_code = {s["code"]: s for s in scale}
    assert by_code["unverified"]["kind"] == "pending"
    assert by_code["false"]["rating_value"] == 1
    assert by_code["true"]["rating_value"] == 5
    assert by_code["misleading"]["rating_value"] is None


def test_a_newsroom_adds_its_own_status_and_uses_it(admin_client, session):
    client = admin_client
    response = client.post("/v1/statuses", json={
        "code": "half_true", "label": "반쯤 사실", "kind": "verdict", "rating_value": 3})
    assert response.status_code == 201
    assert response.headers["Location"] == "/v1/statuses/half_true"
    assert client.get("/v1/statuses/half_true").get_json()["label"] == "반쯤 사실"
    claim = ClaimFactory()
    annotated = client.post(f"/v1/claims/{claim.id}/annotations", json={"status": "half_true"})
    assert annotated.status_code == 201


def test_invalid_or_duplicate_statuses_are_refused(admin_client):
    client = admin_client
    assert client.post("/v1/statuses", json={"code": "true", "label": "T", "kind": "verdict"}
                       ).status_code == 409
    for body in ({"code": "Bad Code", "label": "x", "kind": "verdict"},
                 {"code": "ok_code", "label": "x", "kind": "opinion"},
                 {"code": "ok_code", "label": "x", "kind": "verdict", "rating_value": 6},
                 {"code": "ok_code", "label": "x", "kind": "pending", "rating_value": 2},
                 {"code": "ok_code", "kind": "verdict"}):
        response = client.post("/v1/statuses", json=body)
        assert response.status_code == 422, body
    assert client.get("/v1/statuses/ok_code").status_code == 404


def test_the_document_lists_the_409_a_patch_can_answer(anonymous_client):
    # Found by the stateful fuzz test: PATCH to another source's url (or another speaker's
    # Wikidata id) is 409, which the document did not list.
    paths = anonymous_client.get("/openapi.json").get_json()["paths"]
    assert "409" in paths["/v1/sources/{source_id}"]["patch"]["responses"]
    assert "409" in paths["/v1/speakers/{speaker_id}"]["patch"]["responses"]
