"""ClaimReview JSON-LD: one claim's verdict as schema.org markup, and the feed of verdicts."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pyld import jsonld
from sqlalchemy import event

from db.base import utcnow
from db.models import Annotation, Status
from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory

SCHEMA = "https://schema.org/"
BASE_URL = "https://factcheck.example-news.kr"
ORG = {"@type": "Organization", "name": "팩트체크 데스크", "url": "https://example-news.kr"}
NADELLA = "Q7426870"
T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
CONTEXT_FILE = Path(__file__).parent.parent / "data" / "schemaorg-context.jsonld"


@pytest.fixture(autouse=True)
def publisher_config(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE_URL)
    monkeypatch.setitem(app.config, "ORG_NAME", ORG["name"])
    monkeypatch.setitem(app.config, "ORG_URL", ORG["url"])


@pytest.fixture
def claim(session):
    speaker = SpeakerFactory(name="Satya Nadella", wikidata_id=NADELLA)
    source = SourceFactory(url="https://news.kbs.co.kr/news/view.do?ncd=8240000")
    return ClaimFactory(text="코드의 20~30%를 AI가 작성하고 있다", speaker=speaker, source=source,
                        language="ko")


def annotate(client, claim, status, note=None):
    body = {"status": status} | ({"note": note} if note else {})
    response = client.post(f"/v1/claims/{claim.id}/annotations", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def review(client, claim):
    return client.get(f"/v1/claims/{claim.id}/claimreview")


def record(session, claim, status, at, *, correction=False):
    """An annotation with a chosen time, so the feed's order is known in advance; the claim's
    verdict dates move as services.annotations moves them."""
    session.add(Annotation(claim_id=claim.id, status_code=status,
                           previous_status_code=claim.status_code, is_correction=correction,
                           note="근거" if correction else None, evidence=[], author="tests",
                           created_at=at))
    if session.get(Status, status).is_verdict and (claim.first_verdict_at is None or correction):
        claim.first_verdict_at = claim.first_verdict_at or at
        claim.verdict_changed_at = at
    claim.status_code = status
    session.flush()


# One claim's ClaimReview


def test_claimreview_is_json_ld_with_googles_required_and_recommended_fields(client, claim):
    annotate(client, claim, "false", "Contradicted by the earnings call.")
    response = review(client, claim)
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    doc = response.get_json(force=True)
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "ClaimReview"
    assert doc["claimReviewed"] == "코드의 20~30%를 AI가 작성하고 있다"
    assert doc["reviewRating"]["alternateName"] == "False"
    assert doc["url"] == f"{BASE_URL}/v1/claims/{claim.id}"
    assert doc["author"] == ORG
    assert doc["datePublished"]
    item = doc["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Satya Nadella",
                              "sameAs": f"https://www.wikidata.org/wiki/{NADELLA}"}
    assert item["datePublished"] == "2025-04-29"
    assert item["inLanguage"] == "ko"
    source = {"@type": "CreativeWork", "url": "https://news.kbs.co.kr/news/view.do?ncd=8240000"}
    assert item["appearance"] == source
    assert item["firstAppearance"] == source


def test_anyone_may_read_a_claimreview_while_reading_is_public(client, anonymous_client, claim):
    annotate(client, claim, "true")
    assert review(anonymous_client, claim).status_code == 200


@pytest.mark.parametrize(("status", "label", "value"), [
    ("false", "False", 1), ("mostly_false", "Mostly false", 2), ("mixed", "Mixed", 3),
    ("mostly_true", "Mostly true", 4), ("true", "True", 5),
])
def test_the_rating_comes_from_the_status_scale(client, claim, status, label, value):
    annotate(client, claim, status)
    rating = review(client, claim).get_json(force=True)["reviewRating"]
    assert rating == {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
                      "alternateName": label}


@pytest.mark.parametrize(("status", "label"), [("misleading", "Misleading"),
                                               ("unverifiable", "Unverifiable")])
def test_a_verdict_off_the_numeric_scale_is_published_by_its_label_alone(client, claim, status,
                                                                          label):
    annotate(client, claim, status)
    rating = review(client, claim).get_json(force=True)["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": label}


def test_a_newsrooms_own_verdict_uses_its_label_and_the_scale_bounds(admin_client, client, claim):
    created = admin_client.post("/v1/statuses", json={
        "code": "half_true", "label": "절반의 사실", "kind": "verdict", "rating_value": 3})
    assert created.status_code == 201, created.get_json()
    annotate(client, claim, "half_true")
    rating = review(client, claim).get_json(force=True)["reviewRating"]
    assert rating == {"@type": "Rating", "ratingValue": 3, "bestRating": 5, "worstRating": 1,
                      "alternateName": "절반의 사실"}


def test_a_speaker_without_a_wikidata_id_has_no_same_as(client, session):
    claim = ClaimFactory(speaker=SpeakerFactory(name="한덕수", wikidata_id=None))
    annotate(client, claim, "mixed")
    assert review(client, claim).get_json(force=True)["itemReviewed"]["author"] == {
        "@type": "Person", "name": "한덕수"}


@pytest.mark.parametrize("source", ["none", "outlet only"])
def test_a_claim_without_a_source_url_has_no_appearance(client, session, source):
    claim = ClaimFactory(source=None if source == "none" else SourceFactory(url=None))
    annotate(client, claim, "true")
    item = review(client, claim).get_json(force=True)["itemReviewed"]
    assert "appearance" not in item and "firstAppearance" not in item
    assert item["datePublished"] == claim.said_on.isoformat()


def test_dates_are_the_first_verdict_and_the_latest_correction(client, claim):
    annotate(client, claim, "in_review")
    first = annotate(client, claim, "false")
    annotate(client, claim, "in_review")
    annotate(client, claim, "false")  # the same verdict again: not a change
    annotate(client, claim, "mostly_false", "The survey covers more teams than reported.")
    latest = annotate(client, claim, "mixed", "A second source confirms part of it.")
    doc = review(client, claim).get_json(force=True)
    assert doc["datePublished"] == first["created_at"]
    assert doc["dateModified"] == latest["created_at"]
    assert doc["datePublished"] < doc["dateModified"]
    assert doc["reviewRating"]["alternateName"] == "Mixed"


def test_a_verdict_never_corrected_was_modified_when_it_was_published(client, claim):
    annotate(client, claim, "in_review")
    first = annotate(client, claim, "true")
    annotate(client, claim, "true", "Checked again.")
    doc = review(client, claim).get_json(force=True)
    assert doc["datePublished"] == doc["dateModified"] == first["created_at"]


@pytest.mark.parametrize("history", [[], ["in_review"], ["false", "in_review"]],
                         ids=["unverified", "in-review", "back-in-review"])
def test_a_claim_without_a_current_verdict_is_409(client, claim, history):
    for status in history:
        annotate(client, claim, status)
    response = review(client, claim)
    assert response.status_code == 409
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["type"] == "urn:quotecheck:problem:no-verdict-yet"
    assert "Location" not in response.headers


def test_a_retracted_claim_is_410(client, claim):
    annotate(client, claim, "false")
    assert client.delete(f"/v1/claims/{claim.id}", json={"reason": "Misattributed."}).status_code == 204
    response = review(client, claim)
    assert response.status_code == 410
    assert response.get_json()["retraction_reason"] == "Misattributed."


def test_an_unknown_claim_is_404(client):
    assert client.get("/v1/claims/2147483647/claimreview").status_code == 404


# The document as JSON-LD, expanded offline against the bundled schema.org context


def offline_loader(calls):
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))

    def load(url, options=None):
        calls.append(url)
        if url.rstrip("/") != "https://schema.org":
            raise RuntimeError(f"no network in tests: {url}")
        return {"contextUrl": None, "documentUrl": url, "document": context}

    return load


@pytest.fixture
def expand(monkeypatch):
    """jsonld.expand with only the bundled context: any other URL raises, so nothing is fetched."""
    calls: list[str] = []
    loader = offline_loader(calls)
    monkeypatch.setattr(jsonld, "_default_document_loader", loader)
    jsonld._resolved_context_cache.clear()  # so this test's loader is the one that serves it

    def run(doc):
        return jsonld.expand(doc, {"documentLoader": loader})

    run.calls = calls
    return run


def properties(node) -> set[str]:
    """Every property name in a JSON-LD tree, keywords aside."""
    if isinstance(node, list):
        return set().union(*(properties(item) for item in node))
    if isinstance(node, dict):
        return {key for key in node if not key.startswith("@")}.union(
            *(properties(value) for value in node.values()))
    return set()


def test_the_document_expands_to_schema_org_iris(client, claim, expand):
    annotate(client, claim, "false")
    doc = review(client, claim).get_json(force=True)
    [expanded] = expand(doc)
    assert "https://schema.org" in expand.calls
    assert expanded["@type"] == [f"{SCHEMA}ClaimReview"]
    assert expanded[f"{SCHEMA}claimReviewed"] == [{"@value": doc["claimReviewed"]}]
    assert expanded[f"{SCHEMA}url"] == [{"@id": f"{BASE_URL}/v1/claims/{claim.id}"}]
    assert expanded[f"{SCHEMA}datePublished"] == [{"@value": doc["datePublished"]}]
    [author] = expanded[f"{SCHEMA}author"]
    assert author["@type"] == [f"{SCHEMA}Organization"]
    assert author[f"{SCHEMA}url"] == [{"@id": ORG["url"]}]
    [rating] = expanded[f"{SCHEMA}reviewRating"]
    assert rating["@type"] == [f"{SCHEMA}Rating"]
    assert rating[f"{SCHEMA}ratingValue"] == [{"@value": 1}]
    assert rating[f"{SCHEMA}bestRating"] == [{"@value": 5}]
    assert rating[f"{SCHEMA}worstRating"] == [{"@value": 1}]
    assert rating[f"{SCHEMA}alternateName"] == [{"@value": "False"}]
    [item] = expanded[f"{SCHEMA}itemReviewed"]
    assert item["@type"] == [f"{SCHEMA}Claim"]
    [person] = item[f"{SCHEMA}author"]
    assert person["@type"] == [f"{SCHEMA}Person"]
    assert person[f"{SCHEMA}sameAs"] == [{"@id": f"https://www.wikidata.org/wiki/{NADELLA}"}]
    assert item[f"{SCHEMA}datePublished"] == [{"@value": "2025-04-29"}]
    for key in ("appearance", "firstAppearance"):
        [work] = item[f"{SCHEMA}{key}"]
        assert work["@type"] == [f"{SCHEMA}CreativeWork"]
        assert work[f"{SCHEMA}url"] == [{"@id": claim.source.url}]
    # No term was dropped or left outside schema.org.
    assert properties(expanded) == {SCHEMA + term for term in properties(doc)}


def test_the_test_loader_fetches_nothing_but_the_bundled_context(expand):
    with pytest.raises(jsonld.JsonLdError):
        expand({"@context": "https://example.org/context.jsonld", "name": "x"})
    assert expand.calls == ["https://example.org/context.jsonld"]


def test_the_openapi_document_describes_the_json_ld(anonymous_client):
    spec = anonymous_client.get("/openapi.json").get_json()
    one = spec["paths"]["/v1/claims/{claim_id}/claimreview"]["get"]
    assert list(one["responses"]["200"]["content"]) == ["application/ld+json"]
    assert {"409", "410"} <= set(one["responses"])
    schema = spec["components"]["schemas"]["ClaimReview"]
    assert {"@context", "@type", "claimReviewed", "reviewRating", "itemReviewed"} <= set(
        schema["required"])
    feed = spec["paths"]["/v1/claimreviews"]["get"]
    assert list(feed["responses"]["200"]["content"]) == ["application/json"]
    assert "Link" in feed["responses"]["200"]["headers"]


# The feed


def feed(client, **args):
    response = client.get("/v1/claimreviews", query_string=args)
    assert response.status_code == 200, response.get_json()
    return response


def urls(response) -> list[str]:
    return [item["url"] for item in response.get_json()["items"]]


def url_of(claim) -> str:
    return f"{BASE_URL}/v1/claims/{claim.id}"


def test_the_feed_has_verdicts_only(client, session):
    reviewed, unverified, in_review, back_in_review, retracted = (ClaimFactory() for _ in range(5))
    record(session, reviewed, "false", T0)
    record(session, in_review, "in_review", T0)
    record(session, back_in_review, "true", T0)
    record(session, back_in_review, "in_review", T0 + timedelta(hours=1))
    record(session, retracted, "false", T0)
    retracted.retracted_at, retracted.retraction_reason = utcnow(), "Duplicate."
    session.flush()
    response = feed(client)
    assert response.mimetype == "application/json"
    assert urls(response) == [url_of(reviewed)]
    assert response.get_json()["next_cursor"] is None
    # Each item is the claim's own ClaimReview document.
    [item] = response.get_json()["items"]
    assert item == review(client, reviewed).get_json(force=True)


def test_the_feed_is_latest_verdict_change_first(client, session):
    old, corrected, new = ClaimFactory(), ClaimFactory(), ClaimFactory()
    record(session, old, "true", T0)
    record(session, corrected, "false", T0 + timedelta(hours=1))
    record(session, new, "mixed", T0 + timedelta(hours=2))
    record(session, corrected, "true", T0 + timedelta(hours=3), correction=True)
    record(session, old, "in_review", T0 + timedelta(hours=4))
    record(session, old, "true", T0 + timedelta(hours=5))  # the same verdict: no change
    items = feed(client).get_json()["items"]
    assert [item["url"] for item in items] == [url_of(corrected), url_of(new), url_of(old)]
    assert items[0]["datePublished"] == (T0 + timedelta(hours=1)).isoformat()
    assert items[0]["dateModified"] == (T0 + timedelta(hours=3)).isoformat()
    assert items[2]["dateModified"] == T0.isoformat()


def test_since_keeps_verdicts_changed_at_or_after_it(client, session):
    before, at, after, corrected = (ClaimFactory() for _ in range(4))
    record(session, before, "false", T0 - timedelta(seconds=1))
    record(session, at, "false", T0)
    record(session, after, "true", T0 + timedelta(minutes=5))
    record(session, corrected, "false", T0 - timedelta(days=1))
    record(session, corrected, "mixed", T0 + timedelta(minutes=1), correction=True)
    assert urls(feed(client, since="2025-05-01T09:00:00Z")) == [
        url_of(after), url_of(corrected), url_of(at)]
    # The same moment in Seoul time.
    assert urls(feed(client, since="2025-05-01T18:04:00+09:00")) == [url_of(after)]
    assert urls(feed(client, since="2025-05-01T09:05:00.000001Z")) == []


@pytest.mark.parametrize("since", ["2025-05-01T09:00:00", "yesterday", "2025-13-01T00:00:00Z"])
def test_a_bad_since_is_422(client, since):
    response = client.get("/v1/claimreviews", query_string={"since": since})
    assert response.status_code == 422
    assert "since" in response.get_json()["errors"]


def test_the_feed_pages_by_cursor_without_skipping_or_repeating(client, session):
    claims = [ClaimFactory() for _ in range(7)]
    for n, claim in enumerate(claims):
        # Two pairs share a time: the claim id breaks the tie.
        record(session, claim, "true", T0 + timedelta(minutes=n // 2 * 2))
    expected = [url_of(c) for c in sorted(
        claims, key=lambda c: (claims.index(c) // 2, c.id), reverse=True)]
    seen, args, pages = [], {"limit": 2}, 0
    while True:
        response = feed(client, **args)
        body = response.get_json()
        seen += urls(response)
        pages += 1
        if body["next_cursor"] is None:
            assert "Link" not in response.headers
            break
        assert response.headers["Link"].startswith("</v1/claimreviews?limit=2&cursor=")
        args = {"limit": 2, "cursor": body["next_cursor"]}
    assert seen == expected
    assert pages == 4


def test_the_cursor_combines_with_since(client, session):
    claims = [ClaimFactory() for _ in range(4)]
    for n, claim in enumerate(claims):
        record(session, claim, "false", T0 + timedelta(minutes=n))
    first = feed(client, since="2025-05-01T09:01:00Z", limit=2).get_json()
    rest = feed(client, since="2025-05-01T09:01:00Z", limit=2,
                cursor=first["next_cursor"]).get_json()
    assert [item["url"] for item in first["items"] + rest["items"]] == [
        url_of(claims[3]), url_of(claims[2]), url_of(claims[1])]
    assert rest["next_cursor"] is None


@pytest.mark.parametrize("cursor", ["nonsense", "WyIyMDI1LTA1LTAxVDA5OjAwOjAwIiwxXQ",  # naive time
                                    "WzEsMl0",  # [1, 2]
                                    # ["0001-01-01T00:00:00+14:00", 1]: a time UTC cannot hold
                                    "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzE0OjAwIiwxXQ"])
def test_a_bad_cursor_is_422(client, cursor):
    response = client.get("/v1/claimreviews", query_string={"cursor": cursor})
    assert response.status_code == 422
    assert response.get_json()["type"] == "urn:quotecheck:problem:invalid-cursor"


def test_a_page_costs_the_same_queries_whatever_its_size(anonymous_client, session, connection):
    for n in range(12):
        claim = ClaimFactory(speaker=SpeakerFactory(wikidata_id=f"Q{100 + n}"))
        record(session, claim, "mostly_true", T0 + timedelta(minutes=n))
    statements: list[str] = []  # SELECTs only: savepoints around requests are not the point

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(connection, "before_cursor_execute", count)
    try:
        small = len(feed(anonymous_client, limit=2).get_json()["items"])
        small_queries, statements[:] = len(statements), []
        large = len(feed(anonymous_client, limit=12).get_json()["items"])
        large_queries = len(statements)
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert (small, large) == (2, 12)
    assert large_queries == small_queries
    assert large_queries == 2, statements  # the claims with all they need, and the scale
