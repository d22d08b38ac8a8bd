"""POST /v1/imports and `flask --app api import`: NDJSON and CSV with bad lines mixed in, dry
runs, atomic imports, the same rules as POST /v1/claims, and the batch path's fallbacks."""

import gc
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from db.models import AuditEvent, Claim, ClaimSearch, Source, Speaker
from services import import_formats, imports
from services.garbage_collection import BULK_THRESHOLD
from tests.factories import ClaimFactory, SpeakerFactory

DATA = Path(__file__).resolve().parents[1] / "data"
NDJSON = "application/x-ndjson"


def post_import(client, body: bytes | str, content_type: str = NDJSON, query: str = ""):
    data = body.encode() if isinstance(body, str) else body
    return client.post(f"/v1/imports{query}", data=data, content_type=content_type)


def ndjson(*lines) -> str:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def line(text: str, **overrides):
    return {"text": text, "said_on": "2025-04-29", "speaker": {"name": "Mark Zuckerberg"},
            **overrides}


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def by_line(report) -> dict[int, dict]:
    return {failure["line"]: failure for failure in report["failures"]}


def test_ndjson_with_bad_lines_mixed_in_stores_the_good_ones_and_reports_the_rest(client, session):
    response = post_import(client, (DATA / "claims_mixed.ndjson").read_bytes())

    assert response.status_code == 200
    report = response.get_json()
    assert {k: report[k] for k in ("lines", "created", "duplicate", "invalid", "written")} == {
        "lines": 10, "created": 3, "duplicate": 1, "invalid": 6, "written": True}
    failures = by_line(report)
    assert [f["line"] for f in report["failures"]] == [3, 5, 6, 7, 8, 9, 10]
    assert failures[3]["errors"] == {"text": ["Length must be between 1 and 10000."]}
    assert failures[5]["errors"] == {"said_on": ["Not a valid date."]}
    assert "not JSON" in failures[6]["errors"]["_line"][0]
    assert failures[7]["errors"] == {"_line": ["Each line must be a JSON object: one claim."]}
    assert failures[9]["errors"] == {"speaker_id": ["There is no speaker 999999."]}
    assert failures[10]["errors"] == {"colour": ["Unknown field."]}
    # Line 8 repeats line 1 (another case, spacing and punctuation): the claim line 1 made.
    first = session.scalar(select(Claim).where(Claim.text.startswith("1년 안에 개발의")))
    assert failures[8] == {
        "line": 8, "outcome": "duplicate", "duplicate_of_line": 1,
        "existing_claim_id": first.id, "location": f"/v1/claims/{first.id}",
        "detail": "This speaker's claim with the same words on the same day exists: "
                  "line 1 of this upload."}
    assert count(session, Claim) == 3
    # "Satya Nadella" is the alias of the speaker line 2 created: matched, not created again.
    assert count(session, Speaker) == 2
    assert count(session, Source) == 1
    assert first.tags == ["ai", "meta"] and first.language == "ko"


def test_an_imported_claim_is_stored_exactly_as_post_stores_it(client, session):
    body = line("Distillation is a very powerful technique", summary="Distil", context="LlamaCon",
                tags=["AI", "Models"], source={"outlet": "KBS", "title": "보도"},
                speaker={"name": "사티아 나델라", "title": "CEO",
                         "aliases": [{"name": "Satya Nadella", "language": "en"}]})
    posted = client.post("/v1/claims", json=body).get_json()
    report = post_import(client, ndjson({**body, "said_on": "2025-04-30"})).get_json()
    assert report["created"] == 1
    imported = client.get("/v1/claims?said_from=2025-04-30").get_json()["items"][0]

    def same(claim):
        return {k: v for k, v in claim.items()
                if k not in ("id", "said_on", "created_at", "updated_at", "similar")}
    assert same(imported) == same(posted)
    documents = {row.claim_id: (row.document, row.vector, row.analyzer_version)
                 for row in session.scalars(select(ClaimSearch))}
    assert documents[imported["id"]] == documents[posted["id"]]
    events = {event.target_id: event for event in session.scalars(
        select(AuditEvent).where(AuditEvent.action == "claim.created"))}
    mine, theirs = events[str(imported["id"])], events[str(posted["id"])]
    assert (mine.actor, mine.key_id, mine.before) == (theirs.actor, theirs.key_id, theirs.before)
    assert mine.after == {**theirs.after, "said_on": "2025-04-30"}
    assert client.get("/v1/claims?q=distillation").get_json()["items"][0]["id"] == imported["id"]


def test_every_created_claim_has_its_audit_row_and_its_search_document(client, session):
    lines = [line(f"Claim number {n} about distillation") for n in range(25)]
    assert post_import(client, ndjson(*lines)).get_json()["created"] == 25
    ids = {str(claim_id) for claim_id in session.scalars(select(Claim.id))}
    audited = set(session.scalars(select(AuditEvent.target_id).where(
        AuditEvent.action == "claim.created")))
    assert audited == ids
    assert count(session, ClaimSearch) == 25
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "speaker.created")) == 1


def test_csv_rows_map_to_claims_and_bad_rows_are_reported_by_line(client, session):
    response = post_import(client, (DATA / "claims_mixed.csv").read_bytes(), "text/csv")

    assert response.status_code == 200
    report = response.get_json()
    assert {k: report[k] for k in ("lines", "created", "duplicate", "invalid")} == {
        "lines": 7, "created": 3, "duplicate": 1, "invalid": 3}
    failures = by_line(report)
    assert sorted(failures) == [5, 6, 7, 9]
    assert failures[5]["errors"] == {"text": ["Missing data for required field."]}
    assert failures[6]["errors"] == {"speaker": ["A claim needs a speaker_id or a speaker."]}
    assert failures[7]["duplicate_of_line"] == 2
    assert "3 cells" in failures[9]["errors"]["_line"][0]
    two_lines = session.scalar(select(Claim).where(Claim.said_on == date(2025, 4, 30)))
    assert two_lines.text == "A quote\nover two lines"
    # The quote an export puts before a formula comes off again.
    escaped = session.scalar(select(Claim).where(Claim.said_on == date(2025, 5, 1)))
    assert escaped.text == "=1+1 is two"
    assert escaped.tags == ["politics", "정치"]
    assert escaped.context == "said, with a comma"
    assert escaped.speaker.title == "국무총리"
    assert escaped.source.outlet == "랭크뉴스"


def test_a_csv_quote_never_closed_is_reported_not_imported_as_one_cell(client, session):
    body = ("text,said_on,speaker_name\n"
            "Taxes fell.,2025-01-02,Ada Example\n"
            '"Rents rose,2025-01-02,Ada Example\n'  # the quote is never closed
            "Wages rose.,2025-01-02,Ada Example\n"
            "Prices fell.,2025-01-02,Ada Example\n")
    report = post_import(client, body, "text/csv").get_json()

    assert {k: report[k] for k in ("lines", "created", "invalid")} == {
        "lines": 2, "created": 1, "invalid": 1}
    (failure,) = report["failures"]
    assert failure["line"] == 3
    assert failure["errors"]["_line"][0].startswith(
        "A quoted cell opened on line 3 is never closed: lines 3 to 5")
    assert count(session, Claim) == 1  # nothing of lines 3 to 5 became a claim's text


def test_a_csv_quote_out_of_place_fails_its_row_only(client, session):
    body = ("text,said_on,speaker_name\n"
            '"Taxes" fell.,2025-01-02,Ada Example\n'
            "Wages rose.,2025-01-02,Ada Example\n")
    report = post_import(client, body, "text/csv").get_json()

    assert (report["created"], report["invalid"]) == (1, 1)
    assert report["failures"][0]["line"] == 2
    assert report["failures"][0]["errors"]["_line"][0].startswith("The row cannot be read")


def test_csv_speaker_and_source_by_id(client, session):
    speaker = SpeakerFactory()
    body = f"text,said_on,speaker_id,source_id\nWords,2025-04-29,{speaker.id},\n" \
           f"Other words,2025-04-29,{speaker.id},abc\nMore words,2025-04-29,{speaker.id},42\n"
    report = post_import(client, body, "text/csv").get_json()
    assert report["created"] == 1
    assert by_line(report)[3]["errors"] == {"source_id": ["Not a valid integer."]}
    assert by_line(report)[4]["errors"] == {"source_id": ["There is no source 42."]}


def test_csv_with_an_unknown_column_is_refused_whole(client, session):
    response = post_import(client, "text,said_on,speaker,colour\nA,2025-04-29,B,red\n",
                           "text/csv")
    assert response.status_code == 422
    assert "'speaker', 'colour'" in response.get_json()["detail"]
    assert count(session, Claim) == 0


def test_lines_that_are_not_utf8_are_reported_alone(client, session):
    ndjson_body = b'{"text": "\xff", "said_on": "2025-04-29", "speaker": {"name": "A"}}\n' \
                  + ndjson(line("Fine words")).encode()
    report = post_import(client, ndjson_body).get_json()
    assert (report["created"], by_line(report)[1]["errors"]) == (
        1, {"_line": ["The line is not UTF-8."]})
    csv_body = b"text,said_on,speaker_name\n\xff\xfe,2025-04-29,A\nFine words,2025-04-30,A\n"
    report = post_import(client, csv_body, "text/csv").get_json()
    assert (report["created"], by_line(report)[2]["errors"]) == (
        1, {"_line": ["The row is not UTF-8."]})


def test_a_line_longer_than_the_limit_is_reported_and_the_next_is_read(client, session,
                                                                      monkeypatch):
    monkeypatch.setattr(import_formats, "MAX_LINE_BYTES", 100)
    body = ndjson(line("x" * 300), line("Short words"))
    report = post_import(client, body).get_json()
    assert report["created"] == 1
    assert by_line(report)[1]["errors"]["_line"][0].startswith("The line is longer than")


def test_a_duplicate_of_a_stored_claim_names_it(client, session):
    stored = ClaimFactory(text="Stored words", said_on=date(2025, 4, 29),
                          speaker=SpeakerFactory(name="Mark Zuckerberg", name_key="mark zuckerberg"))
    report = post_import(client, ndjson(line("Stored words"))).get_json()
    assert report["failures"] == [{
        "line": 1, "outcome": "duplicate", "existing_claim_id": stored.id,
        "location": f"/v1/claims/{stored.id}",
        "detail": f"This speaker's claim with the same words on the same day exists: "
                  f"claim {stored.id}."}]


def test_a_dry_run_reports_the_same_and_writes_nothing(client, session):
    body = (DATA / "claims_mixed.ndjson").read_bytes()
    events = count(session, AuditEvent)
    dry = post_import(client, body, query="?dry_run=true")
    assert dry.status_code == 200
    report = dry.get_json()
    assert (report["dry_run"], report["written"], report["created"], report["duplicate"],
            report["invalid"]) == (True, False, 3, 1, 6)
    # Nothing is stored, so the duplicate names the line, not a claim that will not exist.
    assert "location" not in by_line(report)[8]
    assert by_line(report)[8]["duplicate_of_line"] == 1
    assert (count(session, Claim), count(session, Speaker), count(session, Source),
            count(session, AuditEvent), count(session, ClaimSearch)) == (0, 0, 0, events, 0)
    real = post_import(client, body).get_json()
    assert {k: real[k] for k in ("created", "duplicate", "invalid")} == {
        k: report[k] for k in ("created", "duplicate", "invalid")}


def test_atomic_writes_nothing_when_a_line_fails(client, session):
    response = post_import(client, ndjson(line("Good words"), line("")), query="?atomic=true")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["type"] == "urn:quotecheck:problem:import-rejected"
    assert (problem["created"], problem["invalid"], problem["written"]) == (1, 1, False)
    assert problem["failures"][0]["line"] == 2
    assert count(session, Claim) == 0 and count(session, Speaker) == 0


def test_atomic_counts_a_duplicate_as_a_failure(client, session):
    assert post_import(client, ndjson(line("Said once"))).get_json()["created"] == 1
    response = post_import(client, ndjson(line("Said once"), line("New words")),
                           query="?atomic=true")
    assert response.status_code == 422
    assert response.get_json()["duplicate"] == 1
    assert count(session, Claim) == 1


def test_atomic_with_every_line_good_writes_them_all(client, session):
    response = post_import(client, ndjson(line("One"), line("Two")), query="?atomic=true")
    assert response.status_code == 200
    assert response.get_json()["written"] is True
    assert count(session, Claim) == 2


def test_an_atomic_dry_run_answers_what_the_import_would(client, session):
    response = post_import(client, ndjson(line("One"), line("")),
                           query="?atomic=true&dry_run=true")
    assert response.status_code == 422
    assert count(session, Claim) == 0


def test_only_the_first_failures_are_listed_but_all_are_counted(client, session, monkeypatch):
    monkeypatch.setattr(imports, "MAX_LISTED_FAILURES", 3)
    report = post_import(client, ndjson(*[line("") for _ in range(5)], line("Fine"))).get_json()
    assert (report["invalid"], len(report["failures"]), report["failures_truncated"]) == (
        5, 3, True)
    assert [f["line"] for f in report["failures"]] == [1, 2, 3]


def test_batches_keep_dedupe_across_them(client, session, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_SIZE", 2)
    lines = [line(f"Words {n % 3}") for n in range(7)]
    report = post_import(client, ndjson(*lines)).get_json()
    assert (report["created"], report["duplicate"]) == (3, 4)
    assert [(f["line"], f["duplicate_of_line"]) for f in report["failures"]] == [
        (4, 1), (5, 2), (6, 3), (7, 1)]
    assert all(f["location"].startswith("/v1/claims/") for f in report["failures"])


def test_a_batch_that_meets_the_unique_index_is_redone_line_by_line(client, session,
                                                                   monkeypatch):
    # As if another request had stored a claim between the batch's dedupe query and its
    # INSERT: the unique index refuses the batch, and each line then goes through create_claim.
    stored = ClaimFactory(text="Stored words", said_on=date(2025, 4, 29),
                          speaker=SpeakerFactory(name="Mark Zuckerberg", name_key="mark zuckerberg"))
    monkeypatch.setattr(imports._Importer, "_drop_duplicates", lambda self, ready: (ready, []))
    report = post_import(client, ndjson(line("New words"), line("Stored words"))).get_json()
    assert (report["created"], report["duplicate"]) == (1, 1)
    assert report["failures"][0]["location"] == f"/v1/claims/{stored.id}"
    assert count(session, Claim) == 2


def test_a_speaker_made_by_the_import_can_make_a_later_name_ambiguous(client, session):
    SpeakerFactory(name="Kim", name_key="kim", wikidata_id="Q1")
    report = post_import(client, ndjson(
        line("One", speaker={"name": "Kim"}),
        line("Two", speaker={"name": "Kim", "wikidata_id": "Q2"}),  # another Kim: created
        line("Three", speaker={"name": "Kim"}),  # now matches both
    )).get_json()
    assert report["created"] == 2
    assert by_line(report)[3]["errors"]["speaker"][0].startswith("Ambiguous")


@pytest.mark.parametrize("batch_size", [1, 2, 3, 1000])
def test_a_name_resolved_in_an_earlier_batch_turns_ambiguous_when_the_import_adds_a_namesake(
        client, session, monkeypatch, batch_size):
    # With 2 a batch, "Kim" of line 2 is cached when the batch of lines 3 and 4 starts, and
    # line 3's new Kim must still make line 4 ambiguous, as line after line would.
    monkeypatch.setattr(imports, "BATCH_SIZE", batch_size)
    SpeakerFactory(name="Kim", name_key="kim", wikidata_id="Q1")
    report = post_import(client, ndjson(
        line("Zero", speaker={"name": "Lee"}),
        line("One", speaker={"name": "Kim"}),
        line("Two", speaker={"name": "Kim", "wikidata_id": "Q2"}),
        line("Three", speaker={"name": "Kim"}),
    )).get_json()
    assert report["created"] == 3
    assert list(by_line(report)) == [4]
    assert by_line(report)[4]["errors"]["speaker"][0].startswith("Ambiguous")


def test_a_new_speaker_and_source_named_on_many_lines_are_made_once(client, session):
    lines = [line(f"Words {n}", speaker={"name": "Lee Jae-myung", "title": "candidate"},
                  source={"url": "https://news.example/1", "outlet": "KBS"}) for n in range(30)]
    report = post_import(client, ndjson(*lines)).get_json()
    assert report["created"] == 30
    assert (count(session, Speaker), count(session, Source)) == (1, 1)
    actions = list(session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.in_(["speaker.created", "source.created"]))))
    assert sorted(actions) == ["source.created", "speaker.created"]


def test_imported_speakers_and_sources_are_made_and_audited_as_post_makes_them(client, session):
    speaker = {"name": "사티아 나델라", "title": "CEO", "organization": "Microsoft",
               "aliases": [{"name": "Satya Nadella", "language": "en"}]}
    source = {"outlet": "KBS", "title": "라마콘", "published_on": "2025-04-29", "language": "ko"}
    client.post("/v1/claims", json=line("Posted", speaker=speaker, source=source))
    other = {**speaker, "name": "마크 저커버그", "aliases": [{"name": "Mark Zuckerberg"}]}
    report = post_import(client, ndjson(line("Imported", speaker=other,
                                             source={**source, "title": "라마콘 2"}))).get_json()
    assert report["created"] == 1
    audited = {(event.action, event.after.get("name") or event.after["title"]): event
               for event in session.scalars(select(AuditEvent).where(
                   AuditEvent.target_type.in_(["speaker", "source"])))}
    posted_speaker = audited["speaker.created", "사티아 나델라"]
    imported_speaker = audited["speaker.created", "마크 저커버그"]
    assert imported_speaker.after == {**posted_speaker.after, "name": "마크 저커버그",
                                      "aliases": [{"name": "Mark Zuckerberg", "language": None}]}
    assert (imported_speaker.actor, imported_speaker.key_id) == (posted_speaker.actor,
                                                                 posted_speaker.key_id)
    assert audited["source.created", "라마콘 2"].after == {
        **audited["source.created", "라마콘"].after, "title": "라마콘 2"}
    names = {s.name: s for s in session.scalars(select(Speaker))}
    assert [a.name for a in names["마크 저커버그"].aliases] == ["Mark Zuckerberg"]


def test_sources_without_a_url_match_on_outlet_title_and_day(client, session):
    client.post("/v1/claims", json=line("Posted", source={"outlet": "KBS", "title": "뉴스 9"}))
    report = post_import(client, ndjson(
        line("Same source", source={"outlet": "ｋｂｓ", "title": "뉴스 9"}),  # outlet by its key
        line("Another day", source={"outlet": "KBS", "title": "뉴스 9",
                                    "published_on": "2025-04-29"}),
        line("Another title", source={"outlet": "KBS", "title": "뉴스 10"}),
        line("No title", source={"outlet": "KBS"}),
        line("No title again", source={"outlet": "kbs"}),
    )).get_json()
    assert report["created"] == 5
    claims = {c["text"]: c for c in client.get("/v1/claims?limit=10").get_json()["items"]}
    assert claims["Same source"]["source"]["id"] == claims["Posted"]["source"]["id"]
    assert claims["No title"]["source"]["id"] == claims["No title again"]["source"]["id"]
    assert len({c["source"]["id"] for c in claims.values()}) == 4


def test_a_failed_line_takes_back_the_source_it_made_and_a_later_line_makes_it(client, session,
                                                                             monkeypatch):
    SpeakerFactory(name="Kim", name_key="kim")
    SpeakerFactory(name="Kim", name_key="kim")
    new_source = {"url": "https://news.example/new", "outlet": "KBS"}
    report = post_import(client, ndjson(
        line("Ambiguous speaker", speaker={"name": "Kim"}, source=new_source),
        line("Fine", source=new_source),
    )).get_json()
    assert (report["created"], report["invalid"]) == (1, 1)
    assert count(session, Source) == 1
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "source.created")) == 1


def test_a_failed_line_takes_back_the_speaker_it_made(client, session):
    report = post_import(client, ndjson(
        line("Words", speaker={"name": "New person"}, source_id=12345))).get_json()
    assert report["invalid"] == 1
    assert count(session, Speaker) == 0


def test_only_ndjson_and_csv_are_taken(client):
    response = client.post("/v1/imports", json=[line("Words")])
    assert response.status_code == 415
    assert response.content_type == "application/problem+json"


def test_an_empty_upload_is_400(client):
    assert post_import(client, b"").status_code == 400


def test_the_openapi_document_says_an_upload_is_not_empty(client):
    # Found by the fuzz tests (tests/fuzz): the document allowed the empty body that is 400.
    body = client.get("/openapi.json").get_json()["paths"]["/v1/imports"]["post"]["requestBody"]
    assert {media["schema"]["minLength"] for media in body["content"].values()} == {1}


def test_an_upload_over_import_max_bytes_is_413_and_writes_nothing(client, session, app,
                                                                   monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 200)
    response = post_import(client, ndjson(*[line(f"Words {n}") for n in range(10)]))
    assert response.status_code == 413
    assert count(session, Claim) == 0


def test_an_upload_may_be_larger_than_max_content_length(client, session, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 300)
    assert post_import(client, ndjson(*[line(f"Words {n}") for n in range(10)])).status_code == 200
    assert client.post("/v1/claims", json=line("x" * 400)).status_code == 413


def test_a_large_upload_with_an_idempotency_key_is_read_whole_and_replayed(client, session,
                                                                          app, monkeypatch):
    # The Idempotency-Key hook reads the body before the view: the upload's limit applies.
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 300)
    body = ndjson(*[line(f"Words {n}") for n in range(10)]).encode()
    headers = {"Idempotency-Key": "import-1"}
    first = client.post("/v1/imports", data=body, content_type=NDJSON, headers=headers)
    assert first.status_code == 200 and first.get_json()["created"] == 10
    again = client.post("/v1/imports", data=body, content_type=NDJSON, headers=headers)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json() == first.get_json()
    assert count(session, Claim) == 10


def test_an_upload_is_not_refused_as_a_body_the_operation_does_not_take(client, app):
    from api.operations import takes_json_body, upload_limit_setting

    with app.test_request_context():
        assert upload_limit_setting("imports.Imports", "POST") == "IMPORT_MAX_BYTES"
        assert not takes_json_body("imports.Imports", "POST")
        assert upload_limit_setting("claims.Claims", "POST") is None
    response = post_import(client, "text,said_on,speaker_name\nWords,2025-04-29,A\n", "text/csv")
    assert response.status_code == 200
    # Other operations without a JSON body still refuse one.
    refused = client.delete("/v1/keys/1", data="x", content_type="text/csv")
    assert refused.status_code in (400, 403)


def test_readers_and_annotators_may_not_import(app, session):
    from tests.conftest import client_with_key, make_key

    for role in ("reader", "annotator"):
        client = client_with_key(app, make_key(session, role))
        assert post_import(client, ndjson(line("Words"))).status_code == 403
    assert post_import(app.test_client(), ndjson(line("Words"))).status_code == 401


def test_the_command_line_import_with_dry_run_and_atomic(app, session, tmp_path):
    source = tmp_path / "claims.ndjson"
    source.write_bytes((DATA / "claims_mixed.ndjson").read_bytes())
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["import", str(source), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "10 lines: 3 created, 1 duplicate, 6 invalid (dry run, nothing written)" in dry.output
    assert count(session, Claim) == 0

    atomic = runner.invoke(args=["import", str(source), "--atomic"])
    assert atomic.exit_code == 1
    assert "line 3: invalid" in atomic.output and "nothing was written" in atomic.output
    assert count(session, Claim) == 0

    done = runner.invoke(args=["import", str(source)])
    assert done.exit_code == 0, done.output
    assert "3 created, 1 duplicate, 6 invalid (written)" in done.output
    assert set(session.scalars(select(AuditEvent.actor).where(
        AuditEvent.action == "claim.created"))) == {"cli:" + __import__("getpass").getuser()}


def test_the_command_line_import_of_csv_and_a_file_of_unknown_kind(app, session, tmp_path):
    source = tmp_path / "claims.csv"
    source.write_bytes((DATA / "claims_mixed.csv").read_bytes())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", str(source)])
    assert result.exit_code == 0, result.output
    assert "7 lines: 3 created" in result.output
    other = tmp_path / "claims.txt"
    other.write_bytes(source.read_bytes())
    assert runner.invoke(args=["import", str(other)]).exit_code == 2
    assert runner.invoke(args=["import", str(other), "--format", "csv"]).exit_code == 0


@pytest.mark.parametrize(("cell", "escaped"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("'=x", "''=x"), ("'x", "'x"), ("x=1", "x=1"), ("", "")])
def test_escape_and_unescape_are_inverse(cell, escaped):
    assert import_formats.escape_cell(cell) == escaped
    assert import_formats.unescape_cell(escaped) == cell


def test_a_large_upload_is_checked_in_a_helper_process_with_the_same_report(client, session,
                                                                          monkeypatch):
    body = (DATA / "claims_mixed.ndjson").read_bytes()
    monkeypatch.setattr(imports, "BATCH_SIZE", 3)  # several batches in flight
    in_process = post_import(client, body, query="?dry_run=true").get_json()
    monkeypatch.setattr(imports, "PARALLEL_FROM_BYTES", 1)  # as if it were large
    calls = []
    real = imports.checked_batches

    def spy(lines, size, *, processes=0):
        calls.append(processes)
        return real(lines, size, processes=processes)
    monkeypatch.setattr(imports, "checked_batches", spy)
    helped = post_import(client, body, query="?dry_run=true").get_json()
    assert calls == [1]
    assert helped == in_process
    assert in_process["invalid"] > 0 and in_process["created"] > 0
    written = post_import(client, body).get_json()
    assert [(f["line"], f["outcome"]) for f in written["failures"]] == [
        (f["line"], f["outcome"]) for f in in_process["failures"]]
    assert count(session, Claim) == written["created"] == in_process["created"]


def test_new_sources_cost_no_statement_each(client, session, connection, backend):
    """However many new sources a batch makes, it asks the database the same number of times
    on PostgreSQL (COPY; one audit COPY), and reads nothing back per source on either backend
    (an attribute left expired once attached would be a SELECT each). SQLite's INSERT …
    RETURNING is a statement a row, in process."""
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def upload(first: int, lines: int) -> str:
        return "\n".join(json.dumps({
            "text": f"Claim number {n}.", "said_on": "2025-03-04",
            "speaker": {"name": "Ada Example", "title": "MP"},
            "source": ({"url": f"https://example.org/story/{n}"} if n % 2 else
                       {"outlet": "Daily Example", "title": f"Story {n}"})})
            for n in range(first, first + lines))

    def selects() -> int:
        return sum(statement.lstrip().upper().startswith("SELECT") for statement in statements)

    SpeakerFactory(name="Ada Example")  # stored before both: each import finds it alike
    session.flush()
    event.listen(connection, "before_cursor_execute", seen)
    try:
        small = post_import(client, upload(0, 4)).get_json()
        small_statements, small_selects, statements[:] = len(statements), selects(), []
        large = post_import(client, upload(100, 40)).get_json()
    finally:
        event.remove(connection, "before_cursor_execute", seen)
    assert (small["created"], large["created"]) == (4, 40)
    assert selects() == small_selects, statements
    if backend.name == "postgresql":
        assert len(statements) == small_statements, statements
    stored = session.scalars(select(Source).where(Source.outlet == "Daily Example")).all()
    assert len(stored) == 22 and all(source.version == 1 for source in stored)
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "source.created")) == 44


def test_an_import_runs_with_fewer_garbage_collections(client, monkeypatch):
    seen = []
    real = imports._Importer.run

    def spy(self, lines, processes):
        seen.append(gc.get_threshold()[0])
        return real(self, lines, processes)
    monkeypatch.setattr(imports._Importer, "run", spy)
    before = gc.get_threshold()
    body = json.dumps({"text": "Taxes fell.", "said_on": "2025-01-02",
                       "speaker": {"name": "A. Person"}})
    assert post_import(client, body).status_code == 200
    assert seen == [max(BULK_THRESHOLD, before[0])]
    assert gc.get_threshold() == before


@pytest.mark.parametrize(("size", "configured", "expected"), [
    (None, 1, 0),  # chunked: size unknown
    (imports.PARALLEL_FROM_BYTES - 1, 1, 0),
    (imports.PARALLEL_FROM_BYTES, 1, 1),
    (imports.PARALLEL_FROM_BYTES, 0, 0),  # IMPORT_CHECK_PROCESSES=0 turns it off
    (imports.PARALLEL_FROM_BYTES, 3, 3),
])
def test_how_many_helper_processes_check_an_upload(size, configured, expected):
    assert imports.checking_processes(size, configured) == expected
