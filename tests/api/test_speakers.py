"""/v1/speakers: registry, aliases, claim counts, edits."""

from tests.factories import ClaimFactory, SpeakerAliasFactory, SpeakerFactory

NADELLA = {"name": "사티아 나델라", "title": "CEO", "organization": "마이크로소프트",
           "aliases": [{"name": "Satya Nadella", "language": "en"}], "wikidata_id": "Q7426870"}


def test_create_and_read_a_speaker(client):
    response = client.post("/v1/speakers", json=NADELLA)
    assert response.status_code == 201
    speaker = response.get_json()
    assert response.headers["Location"] == f"/v1/speakers/{speaker['id']}"
    assert speaker["aliases"] == [{"name": "Satya Nadella", "language": "en"}]
    assert speaker["claim_counts"] == {}
    assert client.get(response.headers["Location"]).get_json() == speaker


def test_speaker_carries_live_claim_counts_by_status(client, session):
    speaker = SpeakerFactory()
    claims = [ClaimFactory(speaker=speaker) for _ in range(4)]
    client.post(f"/v1/claims/{claims[0].id}/annotations", json={"status": "false"})
    client.post(f"/v1/claims/{claims[1].id}/annotations", json={"status": "false"})
    client.delete(f"/v1/claims/{claims[2].id}", json={"reason": "Duplicate."})
    body = client.get(f"/v1/speakers/{speaker.id}").get_json()
    assert body["claim_counts"] == {"false": 2, "unverified": 1}
    listed = client.get("/v1/speakers").get_json()["items"]
    assert next(s for s in listed if s["id"] == speaker.id)["claim_counts"] == body["claim_counts"]


def test_list_finds_speakers_by_part_of_a_name_or_alias(client, session):
    nadella = SpeakerFactory(name="사티아 나델라")
    SpeakerAliasFactory(speaker=nadella, name="Satya Nadella")
    SpeakerFactory(name="마크 저커버그")

    def names(query):
        return [s["name"] for s in client.get(f"/v1/speakers?name={query}").get_json()["items"]]

    assert names("나델라") == ["사티아 나델라"]
    assert names("nadel") == ["사티아 나델라"]
    assert names("%25") == []  # a literal %, not a wildcard


def test_patch_replaces_aliases_and_bumps_the_etag(client, session):
    speaker = SpeakerFactory(name="마크 저커버그")
    SpeakerAliasFactory(speaker=speaker, name="Zuck")
    etag = client.get(f"/v1/speakers/{speaker.id}").headers["ETag"]
    response = client.patch(f"/v1/speakers/{speaker.id}", headers={"If-Match": etag},
                            json={"aliases": [{"name": "Mark Zuckerberg", "language": "en"}]})
    assert response.status_code == 200
    assert response.get_json()["aliases"] == [{"name": "Mark Zuckerberg", "language": "en"}]
    assert response.headers["ETag"] != etag
    stale = client.patch(f"/v1/speakers/{speaker.id}", headers={"If-Match": etag},
                         json={"title": "Chair"})
    assert stale.status_code == 412


def test_speaker_rename_changes_the_etag_of_their_claims(client, session):
    claim = ClaimFactory()
    before = client.get(f"/v1/claims/{claim.id}").headers["ETag"]
    client.patch(f"/v1/speakers/{claim.speaker.id}", json={"name": "새 이름"})
    after = client.get(f"/v1/claims/{claim.id}", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.get_json()["speaker"]["name"] == "새 이름"


def test_a_wikidata_id_belongs_to_one_speaker(client, session):
    SpeakerFactory(wikidata_id="Q36215")
    response = client.post("/v1/speakers", json={"name": "Mark", "wikidata_id": "Q36215"})
    assert response.status_code == 409
    assert response.headers["Location"].startswith("/v1/speakers/")


def test_invalid_speakers_are_422(client):
    for body in ({}, {"name": ""}, {"name": "x", "wikidata_id": "36215"},
                 {"name": "x", "aliases": [{"name": "y", "language": "zz-!!"}]},
                 {"name": "x", "aliases": ["y"]}, {"name": "x", "party": "y"}):
        assert client.post("/v1/speakers", json=body).status_code == 422, body


def test_speaker_claims_lists_only_theirs_with_filters(client, session):
    speaker = SpeakerFactory()
    mine = ClaimFactory(speaker=speaker)
    ClaimFactory()
    items = client.get(f"/v1/speakers/{speaker.id}/claims").get_json()["items"]
    assert [c["id"] for c in items] == [mine.id]
    assert client.get(f"/v1/speakers/{speaker.id}/claims?status=false").get_json()["items"] == []
    assert client.get("/v1/speakers/999999/claims").status_code == 404


def test_patch_aliases_are_whole_objects(client, session):
    speaker = SpeakerFactory()
    response = client.patch(f"/v1/speakers/{speaker.id}", json={"aliases": [{"language": "en"}]})
    assert response.status_code == 422
    assert "aliases.0.name" in response.get_json()["errors"]


def test_if_none_match_is_304_until_the_claim_counts_move(client, session):
    claim = ClaimFactory()
    url = f"/v1/speakers/{claim.speaker.id}"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    client.post(f"/v1/claims/{claim.id}/annotations", json={"status": "false"})
    moved = client.get(url, headers={"If-None-Match": etag})
    assert moved.status_code == 200
    assert moved.get_json()["claim_counts"] == {"false": 1}
    assert client.patch(url, json={"title": "Chair"}, headers={"If-Match": etag}).status_code == 412
    current = moved.headers["ETag"]
    assert client.patch(url, json={"title": "Chair"}, headers={"If-Match": current}).status_code == 200


def test_unknown_speaker_is_404(client):
    assert client.get("/v1/speakers/999999").status_code == 404
    assert client.patch("/v1/speakers/999999", json={"title": "x"}).status_code == 404
