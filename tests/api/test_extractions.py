"""POST /v1/extractions and `flask --app api extract`: candidates from the seed article, speakers
matched to the registry, commit through the claim create path with dedupe, who may do what, and
input that is not text."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, Claim, Speaker
from tests.conftest import client_with_key, make_key
from tests.factories import SpeakerAliasFactory, SpeakerFactory

DATA = Path(__file__).resolve().parents[1] / "data" / "extraction"
SEED = (DATA / "ko_seed_kbs_transcript_and_headlines.txt").read_text(encoding="utf-8")
HEADLINES = ("47701 한덕수 “개헌 해내고 즉각 하야” 랭크뉴스 2025.05.03\n"
             "47710 한덕수 측 \"단일화 최대한 빨라야\"…김문수와 '빅텐트 공감대' 랭크뉴스 2025.05.03\n"
             "47705 한덕수, 김문수에 축하 전화…“빠른 시일 내 만나자” 랭크뉴스 2025.05.03\n"
             "47698 [속보] 한덕수, 김문수에 축하 전화…“빠른 시일 내 만나자” 랭크뉴스 2025.05.03\n")


@pytest.fixture
def annotator(app, session):
    return client_with_key(app, make_key(session, "annotator"))


def post(client, **body):
    return client.post("/v1/extractions", json=body)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_preview_of_the_seed_article_finds_its_quotes_and_stores_nothing(annotator, session):
    response = post(annotator, text=SEED)

    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["committed"] is False and report["truncated"] is False
    assert report["counts"] == {"candidates": 41}
    by_text = {c["text"]: c for c in report["candidates"]}
    camp = by_text["단일화 최대한 빨라야"]
    assert camp["speaker"] == {"name": "한덕수", "title": None, "role": "측", "speaker_id": None}
    assert camp["pattern"] == "ko-headline-speaker-before" and 0 < camp["confidence"] <= 1
    start, end = camp["occurrences"][0]["start"], camp["occurrences"][0]["end"]
    assert SEED[start:end] == "단일화 최대한 빨라야"
    assert len(by_text["헌정질서 회복과 완전히 반대로"]["occurrences"]) == 2
    turn = by_text["전 이 부분이 항상 흥미로웠어요."]
    assert turn["speaker"]["name"] == "마크 저커버그" and turn["speaker"]["title"] == "메타 CEO"
    assert "어대문수" not in by_text and "빅텐트 공감대" not in by_text
    assert count(session, Claim) == 0 and count(session, Speaker) == 0


def test_speakers_are_matched_by_name_or_alias_in_the_registry(annotator):
    nadella = SpeakerFactory(name="Satya Nadella")
    SpeakerAliasFactory(speaker=nadella, name="사티아 나델라")
    lee = SpeakerFactory(name="이재명")
    report = post(annotator, text=SEED).get_json()
    ids = {c["speaker"]["name"]: c["speaker"]["speaker_id"] for c in report["candidates"]}
    assert ids["사티아 나델라"] == nadella.id
    assert ids["이재명"] == lee.id
    assert ids["한덕수"] is None


def test_commit_stores_unverified_claims_through_the_create_path_and_dedupes(client, session):
    response = post(client, text=HEADLINES, commit=True, said_on="2025-05-03",
                    source={"url": "https://example.org/headlines", "outlet": "랭크뉴스"})

    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["counts"] == {"candidates": 3, "created": 3, "duplicate": 0, "invalid": 0}
    outcomes = [c["outcome"] for c in report["candidates"]]
    assert all(o["outcome"] == "created" and o["location"] == f"/v1/claims/{o['claim_id']}"
               for o in outcomes)
    claim = client.get(outcomes[1]["location"]).get_json()
    assert claim["text"] == "단일화 최대한 빨라야" and claim["status"] == "unverified"
    assert claim["speaker"]["name"] == "한덕수" and claim["said_on"] == "2025-05-03"
    assert claim["source"]["url"] == "https://example.org/headlines"
    assert "한덕수 측" in claim["context"] and claim["language"] == "ko"
    assert count(session, Speaker) == 1  # one 한덕수, matched again after the first
    audited = session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "claim.created"))
    assert audited == 3

    again = post(client, text=HEADLINES, commit=True, said_on="2025-05-03").get_json()
    assert again["counts"] == {"candidates": 3, "created": 0, "duplicate": 3, "invalid": 0}
    duplicate = again["candidates"][0]["outcome"]
    assert duplicate["claim_id"] == outcomes[0]["claim_id"]
    assert duplicate["location"] == outcomes[0]["location"]
    assert count(session, Claim) == 3


def test_a_candidate_the_create_path_refuses_is_reported_invalid_and_the_rest_are_stored(
        client, session):
    SpeakerFactory(name="한덕수")
    SpeakerFactory(name="한덕수")  # two namesakes: which one said it is not known
    text = HEADLINES + "47693 김문수 “李 이기기 위해 힘 합칠 것” 랭크뉴스 2025.05.03\n"
    report = post(client, text=text, commit=True, said_on="2025-05-03").get_json()
    assert report["counts"] == {"candidates": 4, "created": 1, "duplicate": 0, "invalid": 3}
    invalid = report["candidates"][0]["outcome"]
    assert invalid["outcome"] == "invalid" and "several speakers" in invalid["detail"]
    assert invalid["errors"] == {"speaker": [invalid["errors"]["speaker"][0]]}
    assert count(session, Claim) == 1


def test_commit_needs_the_editor_role_and_a_said_on(annotator, client, session):
    refused = post(annotator, text=HEADLINES, commit=True, said_on="2025-05-03")
    assert refused.status_code == 403
    assert refused.content_type == "application/problem+json"
    assert "editor" in refused.get_json()["detail"]
    missing = post(client, text=HEADLINES, commit=True)
    assert missing.status_code == 422
    assert missing.get_json()["errors"] == {"said_on": ["Required when commit is true."]}
    assert count(session, Claim) == 0


@pytest.mark.parametrize("commit", ["yes", "true", 1])
def test_commit_is_a_json_boolean(client, session, commit):
    response = post(client, text='한덕수 "개헌 해내고 즉각 하야"', commit=commit,
                    said_on="2025-05-03")
    assert response.status_code == 422 and "commit" in response.get_json()["errors"]
    assert count(session, Claim) == 0


def test_a_reader_may_not_extract_and_no_key_is_401(app, session, anonymous_client):
    reader = client_with_key(app, make_key(session, "reader"))
    assert post(reader, text=HEADLINES).status_code == 403
    assert post(anonymous_client, text=HEADLINES).status_code == 401


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_422(annotator, text):
    response = post(annotator, text=text)
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"text": ["The text is empty."]}


def test_text_over_a_mebibyte_is_413(annotator):
    response = post(annotator, text="가" * (1024 * 1024 // 3 + 1))
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"


def test_a_body_that_is_not_utf8_is_400_with_a_clear_message(annotator):
    body = '{"text": "한덕수 “개헌”"}'.encode("euc-kr")
    response = annotator.post("/v1/extractions", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert "not UTF-8" in response.get_json()["detail"]


@pytest.mark.parametrize("text", ["%PDF-1.7\x00\x01\x02 stream", "\x01\x02\x03\x04" * 40])
def test_binary_text_is_400(annotator, text):
    response = post(annotator, text=text)
    assert response.status_code == 400
    assert "binary" in response.get_json()["detail"]


def test_a_body_that_is_not_json_is_415(annotator):
    response = annotator.post("/v1/extractions", data=b"\x89PNG\r\n\x1a\n",
                              content_type="image/png")
    assert response.status_code == 415
    assert response.content_type == "application/problem+json"


def test_the_openapi_document_describes_the_operation(anonymous_client):
    spec = anonymous_client.get("/openapi.json").get_json()
    operation = spec["paths"]["/v1/extractions"]["post"]
    assert operation["x-required-role"] == "annotator"
    assert {"400", "401", "403", "413", "415", "422"} <= set(operation["responses"])


def test_the_command_line_previews_and_commits(app, session, tmp_path):
    file = tmp_path / "headlines.txt"
    file.write_text(HEADLINES, encoding="utf-8")
    runner = app.test_cli_runner()

    preview = runner.invoke(args=["extract", str(file)])
    assert preview.exit_code == 0, preview.output
    assert "한덕수 측: “단일화 최대한 빨라야”" in preview.output
    assert "3 candidates" in preview.output
    assert count(session, Claim) == 0

    refused = runner.invoke(args=["extract", str(file), "--commit"])
    assert refused.exit_code != 0 and "--said-on" in refused.output

    stored = runner.invoke(args=["extract", str(file), "--commit", "--said-on", "2025-05-03",
                                 "--source-url", "https://example.org/h", "--json"])
    assert stored.exit_code == 0, stored.output
    report = json.loads(stored.output)
    assert report["counts"]["created"] == 3
    actors = set(session.scalars(select(AuditEvent.actor).where(
        AuditEvent.action == "claim.created")))
    assert len(actors) == 1 and actors.pop().startswith("cli:")

    again = runner.invoke(args=["extract", str(file), "--commit", "--said-on", "2025-05-03"])
    assert "0 created, 3 duplicate, 0 invalid" in again.output
    assert count(session, Claim) == 3


def test_the_command_line_refuses_files_that_are_not_text(app, tmp_path):
    runner = app.test_cli_runner()
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("한덕수".encode("euc-kr"))
    assert "not UTF-8" in runner.invoke(args=["extract", str(latin)]).output
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\x00\x00\x01\x02")
    assert "binary" in runner.invoke(args=["extract", str(binary)]).output
    large = tmp_path / "large.txt"
    large.write_bytes(b"a" * (1024 * 1024 + 1))
    assert "larger than 1 MiB" in runner.invoke(args=["extract", str(large)]).output
    assert runner.invoke(args=["extract", str(large), "--said-on", "3 May"]).exit_code != 0


def test_the_analyzer_setting_chooses_the_rules_and_a_wrong_one_stops_the_app(
        annotator, app, monkeypatch, database_url):
    monkeypatch.setitem(app.config, "EXTRACTION_ANALYZER", "rules")
    assert post(annotator, text=HEADLINES).get_json()["analyzer"] == "rules"
    from api import create_app
    with pytest.raises(RuntimeError, match="EXTRACTION_ANALYZER"):
        create_app({"TESTING": True, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING",
                    "EXTRACTION_ANALYZER": "nonsense"})
