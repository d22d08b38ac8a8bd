"""POST /v1/claims: inline or referenced speakers and sources, normalisation, dedupe, errors."""

import re
import unicodedata

import jsonschema_rs
import pytest
from sqlalchemy import func, select

from db.models import Claim, Source, Speaker
from tests.factories import ClaimFactory, SourceFactory, SpeakerAliasFactory, SpeakerFactory

NADELLA = {"name": "사티아 나델라", "title": "CEO", "organization": "마이크로소프트",
           "aliases": [{"name": "Satya Nadella", "language": "en"}], "wikidata_id": "Q7426870"}
KBS = {"outlet": "KBS", "url": "https://news.kbs.co.kr/news/view.do?ncd=1", "language": "ko"}


def claim_body(**overrides):
    body = {"text": "전체 코드의 한 20~30% 정도가 AI로 작성된 것 같아요.", "said_on": "2025-04-29",
            "speaker": NADELLA, "source": KBS, "tags": ["AI", "software"]}
    body.update(overrides)
    return body


def test_create_with_inline_speaker_and_source_is_201_with_location_and_etag(client):
    response = client.post("/v1/claims", json=claim_body())

    assert response.status_code == 201
    claim = response.get_json()
    assert response.headers["Location"] == f"/v1/claims/{claim['id']}"
    assert response.headers["ETag"]
    assert claim["status"] == "unverified"
    assert claim["language"] == "ko"
    assert claim["speaker"]["name"] == "사티아 나델라"
    assert claim["source"]["url"] == KBS["url"]
    assert claim["tags"] == ["ai", "software"]
    assert claim["created_at"].endswith("+00:00")
    assert claim.pop("similar") == []
    assert client.get(response.headers["Location"]).get_json() == claim


def test_text_is_nfc_normalised_and_trimmed(client):
    decomposed = unicodedata.normalize("NFD", "  개헌 해내고 즉각 하야  ")
    claim = client.post("/v1/claims", json=claim_body(text=decomposed)).get_json()
    assert claim["text"] == unicodedata.normalize("NFC", "개헌 해내고 즉각 하야")


@pytest.mark.parametrize(("text", "language"), [
    ("전체 코드의 한 20~30% 정도가 AI로 작성된 것 같아요.", "ko"),
    ("About half of the development will be done by AI within a year.", "en"),
])
def test_language_is_detected_when_omitted(client, text, language):
    assert client.post("/v1/claims", json=claim_body(text=text)).get_json()["language"] == language


def test_given_language_is_kept_in_standard_form(client):
    claim = client.post("/v1/claims", json=claim_body(language="ko-kr")).get_json()
    assert claim["language"] == "ko-KR"


def test_inline_speaker_matches_an_alias_in_another_language(client, session):
    speaker = SpeakerFactory(name="사티아 나델라")
    SpeakerAliasFactory(speaker=speaker, name="Satya Nadella")
    claim = client.post("/v1/claims", json=claim_body(speaker={"name": "satya  NADELLA"})).get_json()
    assert claim["speaker"]["id"] == speaker.id


def test_inline_speaker_matches_by_wikidata_id(client, session):
    speaker = SpeakerFactory(name="Mark Zuckerberg", wikidata_id="Q36215")
    body = claim_body(speaker={"name": "마크 저커버그", "wikidata_id": "Q36215"})
    assert client.post("/v1/claims", json=body).get_json()["speaker"]["id"] == speaker.id


def test_a_namesake_with_another_wikidata_id_is_a_new_speaker(client, session):
    namesake = SpeakerFactory(name="김철수", wikidata_id="Q111")
    body = claim_body(speaker={"name": "김철수", "wikidata_id": "Q999"})
    speaker = client.post("/v1/claims", json=body).get_json()["speaker"]
    assert speaker["id"] != namesake.id
    assert session.get(Speaker, speaker["id"]).wikidata_id == "Q999"


def test_text_of_exactly_ten_thousand_characters_is_accepted(client):
    assert client.post("/v1/claims", json=claim_body(text="가" * 10_000)).status_code == 201


def test_every_timestamp_is_utc_iso_8601(client):
    claim = client.post("/v1/claims", json=claim_body()).get_json()
    annotation = client.post(f"/v1/claims/{claim['id']}/annotations",
                             json={"status": "in_review"}).get_json()
    speaker = client.get(f"/v1/speakers/{claim['speaker']['id']}").get_json()
    client.delete(f"/v1/claims/{claim['id']}", json={"reason": "Test."})
    gone = client.get(f"/v1/claims/{claim['id']}").get_json()
    stamps = [claim["created_at"], claim["updated_at"], claim["source"]["created_at"],
              annotation["created_at"], speaker["created_at"], speaker["updated_at"],
              gone["retracted_at"]]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", s) for s in stamps), stamps


def test_unknown_inline_speaker_and_source_are_created(client, session):
    claim = client.post("/v1/claims", json=claim_body()).get_json()
    speaker = session.get(Speaker, claim["speaker"]["id"])
    assert [alias.name for alias in speaker.aliases] == ["Satya Nadella"]
    assert speaker.wikidata_id == "Q7426870"
    assert session.get(Source, claim["source"]["id"]).outlet == "KBS"


def test_inline_source_matches_by_url(client, session):
    source = SourceFactory(url=KBS["url"])
    assert client.post("/v1/claims", json=claim_body()).get_json()["source"]["id"] == source.id


def test_inline_source_without_url_matches_by_outlet_title_and_date(client, session):
    headline = {"outlet": "랭크뉴스", "title": "한덕수 “개헌 해내고 즉각 하야”",
                "published_on": "2025-05-03"}
    first = client.post("/v1/claims", json=claim_body(source=headline)).get_json()
    second = client.post("/v1/claims", json=claim_body(text="다른 말", source=headline)).get_json()
    assert first["source"]["id"] == second["source"]["id"]


def test_speaker_and_source_by_id(client, session):
    speaker, source = SpeakerFactory(), SourceFactory()
    body = claim_body(speaker_id=speaker.id, source_id=source.id)
    del body["speaker"], body["source"]
    claim = client.post("/v1/claims", json=body).get_json()
    assert (claim["speaker"]["id"], claim["source"]["id"]) == (speaker.id, source.id)


def test_source_is_optional(client):
    body = claim_body()
    del body["source"]
    assert client.post("/v1/claims", json=body).get_json()["source"] is None


def test_ambiguous_inline_speaker_is_422(client, session):
    SpeakerFactory(name="김철수")
    SpeakerFactory(name="김철수")
    response = client.post("/v1/claims", json=claim_body(speaker={"name": "김철수"}))
    assert response.status_code == 422
    assert response.get_json()["type"].endswith("ambiguous-speaker")


def test_same_words_same_speaker_same_day_is_409_pointing_at_the_first(client):
    first = client.post("/v1/claims", json=claim_body(text="빠른 시일 내 만나자"))
    # Different quote marks, width, case and spacing: still the same words.
    again = client.post("/v1/claims", json=claim_body(text="“빠른  시일 내 만나자”"))

    assert again.status_code == 409
    assert again.content_type == "application/problem+json"
    assert again.headers["Location"] == first.headers["Location"]
    assert again.get_json()["location"] == first.headers["Location"]
    assert again.get_json()["existing_claim_id"] == first.get_json()["id"]


def test_same_words_on_another_day_or_by_another_speaker_are_new_claims(client):
    assert client.post("/v1/claims", json=claim_body()).status_code == 201
    assert client.post("/v1/claims", json=claim_body(said_on="2025-04-30")).status_code == 201
    other = claim_body(speaker={"name": "마크 저커버그"})
    assert client.post("/v1/claims", json=other).status_code == 201


def test_a_retracted_claim_does_not_block_its_words(client):
    first = client.post("/v1/claims", json=claim_body())
    client.delete(first.headers["Location"], json={"reason": "Misattributed."})
    assert client.post("/v1/claims", json=claim_body()).status_code == 201


@pytest.mark.parametrize(("change", "field"), [
    ({"text": ""}, "text"),
    ({"text": "   "}, "text"),
    ({"text": "가" * 10_001}, "text"),
    ({"summary": "요" * 301}, "summary"),
    ({"said_on": "2025-02-30"}, "said_on"),
    ({"said_on": "yesterday"}, "said_on"),
    ({"language": "not a tag!"}, "language"),
    ({"speaker": {"name": "X", "wikidata_id": "P31"}}, "speaker.wikidata_id"),
    ({"speaker": {"name": ""}}, "speaker.name"),
    ({"source": {"url": "ftp://example.org/a"}}, "source.url"),
    ({"source": {"url": "not a url"}}, "source.url"),
    ({"source": {"title": "No url, no outlet"}}, "source.url"),
    ({"tags": ["x" * 51]}, "tags.0"),
    ({"colour": "red"}, "colour"),
    ({"speaker_id": 1}, "speaker"),
])
def test_invalid_fields_are_422_naming_the_field(client, change, field):
    response = client.post("/v1/claims", json=claim_body(**change))
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_missing_speaker_is_422(client):
    body = claim_body()
    del body["speaker"]
    assert "speaker" in client.post("/v1/claims", json=body).get_json()["errors"]


@pytest.mark.parametrize("change", [
    {}, {"speaker": None}, {"speaker_id": 1}, {"speaker": None, "speaker_id": 1},
    {"source_id": 1}, {"source": {"title": "No url, no outlet"}},
    {"source": {"url": None, "outlet": "KBS"}}, {"source": None}])
def test_the_openapi_document_says_which_speaker_and_source_fields_go_together(client, session,
                                                                               change):
    # Found by the fuzz tests (tests/fuzz): the document let through what these rules refuse.
    speaker = SpeakerFactory()
    body = {key: value for key, value in claim_body(**change).items() if value is not None}
    if "speaker_id" in body:
        body["speaker_id"] = speaker.id
    if "source_id" in body:
        body["source_id"] = SourceFactory().id
    components = client.get("/openapi.json").get_json()["components"]
    document = jsonschema_rs.validator_for({"$ref": "#/components/schemas/ClaimIn",
                                            "components": components})
    accepted = client.post("/v1/claims", json=body).status_code == 201
    assert document.is_valid(body) == accepted, body


def test_unknown_speaker_id_is_422(client):
    body = claim_body(speaker_id=999_999)
    del body["speaker"]
    response = client.post("/v1/claims", json=body)
    assert response.status_code == 422
    assert "speaker_id" in response.get_json()["errors"]


def test_a_refused_claim_writes_nothing(client, session):
    """The new inline speaker is created before the bad source_id is found: both must vanish."""
    body = claim_body(source_id=999_999, speaker={"name": "새 화자"})
    del body["source"]
    assert client.post("/v1/claims", json=body).status_code == 422
    assert session.scalar(select(func.count()).select_from(Speaker)) == 0
    assert session.scalar(select(func.count()).select_from(Claim)) == 0


def test_a_duplicate_claim_writes_no_new_speaker_or_source(client, session):
    existing = ClaimFactory(text="하야")
    body = claim_body(text="하야", speaker_id=existing.speaker.id, said_on="2025-04-29",
                      source={"url": "https://example.org/new"})
    del body["speaker"]
    assert client.post("/v1/claims", json=body).status_code == 409
    assert session.scalar(select(func.count()).select_from(Source)) == 1
