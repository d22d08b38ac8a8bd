"""GET /v1/claims with `Accept: text/csv` or `application/x-ndjson`: every matching claim,
streamed after the request's own session is closed, escaped for spreadsheets, re-importable."""

import csv
import io
import json
from datetime import date

import pytest

from db.models import Claim
from services import exports
from services.import_formats import CSV, NDJSON
from services.search.index import index_claim
from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    # Several keyset batches even for a handful of claims.
    monkeypatch.setattr(exports, "BATCH_SIZE", 2)


def export(client, media_type: str, query: str = ""):
    return client.get(f"/v1/claims{query}", headers={"Accept": media_type})


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def make_claims(n: int = 5) -> list[Claim]:
    speaker = SpeakerFactory(name="사티아 나델라", name_key="사티아 나델라")
    return [ClaimFactory(speaker=speaker, said_on=date(2025, 4, 1 + i)) for i in range(n)]


def test_csv_export_streams_every_claim_newest_first_across_batches(client, session):
    claims = make_claims(5)
    response = export(client, CSV)
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == CSV
    assert response.headers["Content-Disposition"] == 'attachment; filename="claims.csv"'
    rows = csv_rows(response)
    assert tuple(rows[0]) == exports.CSV_COLUMNS
    assert [int(row["id"]) for row in rows] == [c.id for c in reversed(claims)]
    first = rows[-1]
    assert first["text"] == claims[0].text
    assert first["speaker_name"] == "사티아 나델라"
    assert first["source_url"] == claims[0].source.url
    assert first["source_published_on"] == "2025-04-30"
    assert first["status"] == "unverified"


def test_ndjson_export_lines_are_the_json_lists_items(client, session):
    make_claims(5)
    response = export(client, NDJSON)
    assert response.mimetype == NDJSON
    lines = [json.loads(text) for text in response.get_data(as_text=True).splitlines()]
    assert lines == client.get("/v1/claims?limit=100").get_json()["items"]


def test_exports_take_the_lists_filters_and_q(client, session):
    claims = make_claims(4)
    other = ClaimFactory(text="증류(distillation)는 강력한 기술", said_on=date(2025, 3, 1))
    index_claim(session, other)
    by_speaker = csv_rows(export(client, CSV, f"?speaker_id={claims[0].speaker_id}"))
    assert len(by_speaker) == 4
    dated = csv_rows(export(client, CSV, "?said_from=2025-04-03"))
    assert [int(r["id"]) for r in dated] == [claims[3].id, claims[2].id]
    found = csv_rows(export(client, CSV, "?q=증류"))
    assert [int(r["id"]) for r in found] == [other.id]
    assert csv_rows(export(client, CSV, "?q=증류&sort=said_on"))[0]["id"] == str(other.id)


def test_a_retracted_claim_is_not_exported(client, session):
    claims = make_claims(2)
    client.delete(f"/v1/claims/{claims[0].id}", json={"reason": "Misquoted"})
    assert [int(r["id"]) for r in csv_rows(export(client, CSV))] == [claims[1].id]


@pytest.mark.parametrize("query", ["?sort=relevance&q=x", "?cursor=abc", "?limit=5",
                                   "?status=nonsense"])
def test_an_export_refuses_what_it_cannot_honour_before_streaming(client, query):
    response = export(client, CSV, query)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"


def test_cells_that_a_spreadsheet_would_run_are_escaped(client, session):
    speaker = SpeakerFactory(name="@handle", name_key="@handle")
    source = SourceFactory(title="=HYPERLINK(\"http://evil\")", url=None, outlet="-KBS")
    ClaimFactory(text="=1+1", summary="+cmd|' /C calc'!A0", context="-2 degrees",
                 speaker=speaker, source=source)
    row = csv_rows(export(client, CSV))[0]
    assert row["text"] == "'=1+1"
    assert row["summary"] == "'+cmd|' /C calc'!A0"
    assert row["context"] == "'-2 degrees"
    assert row["speaker_name"] == "'@handle"
    assert row["source_title"] == "'=HYPERLINK(\"http://evil\")"
    assert row["source_outlet"] == "'-KBS"
    assert row["said_on"] == "2025-04-29"


def test_a_csv_export_imports_again_as_the_same_claims(client, session):
    posted = [client.post("/v1/claims", json={
        "text": text, "said_on": "2025-04-29", "summary": summary,
        "speaker": {"name": "Mark Zuckerberg", "title": "CEO", "wikidata_id": "Q36215"},
        "source": {"outlet": "KBS", "title": "LlamaCon", "published_on": "2025-04-30"},
        "tags": ["AI", "llama con"], "context": "a, comma\nand a line"}).get_json()
        for text, summary in (("=1+1 is two", "-5도"), ("개발의 절반", None))]
    exported = export(client, CSV).get_data()

    # Into the same database: each row is the claim it came from.
    again = client.post("/v1/imports?dry_run=true", data=exported, content_type=CSV).get_json()
    assert again["duplicate"] == 2 and again["invalid"] == 0
    assert {f["existing_claim_id"] for f in again["failures"]} == {c["id"] for c in posted}

    # With the originals retracted, the import makes them anew, field for field.
    for claim in posted:
        client.delete(f"/v1/claims/{claim['id']}", json={"reason": "Round trip"})
    assert client.post("/v1/imports", data=exported, content_type=CSV).get_json()["created"] == 2
    fresh = client.get("/v1/claims").get_json()["items"]

    def content(claim):
        return {k: v for k, v in claim.items()
                if k not in ("id", "created_at", "updated_at", "similar")}
    assert sorted(map(content, fresh), key=str) == sorted(map(content, posted), key=str)


def test_an_ndjson_or_csv_export_is_public_where_reading_is(anonymous_client, session, app,
                                                            monkeypatch):
    make_claims(1)
    assert len(csv_rows(export(anonymous_client, CSV))) == 1
    monkeypatch.setitem(app.config, "PUBLIC_READ", False)
    assert export(anonymous_client, CSV).status_code == 401


@pytest.mark.parametrize("accept", ["application/xml", "*/*", "application/json",
                                    "text/csv;q=0.5, application/json"])
def test_other_accept_headers_get_the_json_list(client, session, accept):
    make_claims(1)
    response = client.get("/v1/claims", headers={"Accept": accept})
    assert response.mimetype == "application/json"
    assert len(response.get_json()["items"]) == 1


def test_the_stream_reads_with_a_session_of_its_own_after_the_request_ended(app, client,
                                                                            session):
    make_claims(3)
    opened = []
    make_session = app.extensions["quotecheck.sessionmaker"]

    def spy():
        made = make_session()
        opened.append(made)
        return made
    app.extensions["quotecheck.sessionmaker"] = spy
    try:
        response = client.get("/v1/claims", headers={"Accept": CSV}, buffered=False)
        request_session, stream_session = opened[-2], opened[-1]
        # The request is over: its session closed by teardown_request. Only the CSV header
        # has been sent; the rows are read now, by the stream's own session.
        assert not request_session.in_transaction()
        body = response.get_data(as_text=True)
    finally:
        app.extensions["quotecheck.sessionmaker"] = make_session
    assert body.count("\r\n") == 4
    assert not stream_session.in_transaction()  # closed once the last row was sent


def test_the_openapi_document_lists_the_export_media_types(anonymous_client):
    spec = anonymous_client.get("/openapi.json").get_json()
    content = spec["paths"]["/v1/claims"]["get"]["responses"]["200"]["content"]
    assert {"application/json", CSV, NDJSON} <= set(content)
    assert set(spec["paths"]["/v1/imports"]["post"]["requestBody"]["content"]) == {NDJSON, CSV}


def test_claims_in_batches_is_keyset_and_leaves_the_session_empty(session):
    claims = make_claims(5)
    query = exports.export_query(session, exports.ClaimFilters())
    batches, seen = [], []
    for batch in exports.claims_in_batches(session, query, size=2):
        assert not any(claim in session for claim in seen)  # earlier batches have left
        batches.append([c.id for c in batch])
        seen.extend(batch)
    assert batches == [[claims[4].id, claims[3].id], [claims[2].id, claims[1].id],
                       [claims[0].id]]


@pytest.mark.parametrize("accept", ["application/json", "text/csv", "application/x-ndjson"])
def test_the_list_varies_by_accept(client, accept):
    response = client.get("/v1/claims", headers={"Accept": accept})
    assert response.status_code == 200
    assert "Accept" in response.headers["Vary"]
