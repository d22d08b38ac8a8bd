"""schemas.claims.claim_json: what ClaimSchema dumps, built directly, for the claim as the ORM
loads it and as services.claims.read_claim and the list read it (ClaimRead)."""

import json
from datetime import UTC, datetime

import pytest

from db.models import ClaimTag
from schemas.claims import ClaimListSchema, ClaimSchema, claim_json, claim_list_json
from services.claims import ClaimFilters, get_claim, list_claims, read_claim
from services.errors import Gone, NotFound
from services.presented import Presented
from services.search.index import index_claim
from tests.factories import ClaimFactory, SpeakerFactory

SCHEMA = ClaimSchema()


def same_json(built: dict, dumped: dict) -> bool:
    """Equal, key order and all: the answer's bytes."""
    return json.dumps(built, ensure_ascii=False) == json.dumps(dumped, ensure_ascii=False)


def claims(session):
    full = ClaimFactory(summary="A summary", context="Said at a rally.",
                        # Orders a collation may disagree on: spaces, accents, scripts.
                        tag_rows=[ClaimTag(tag=tag) for tag in (
                            "economy", "a b", "ab", "경제", "élection", "z", "2025")])
    bare = ClaimFactory(source=None, speaker=SpeakerFactory(title=None, organization=None))
    session.flush()
    session.expire_all()
    return [full, bare]


def test_claim_json_is_what_claim_schema_dumps_for_orm_and_core_reads(session):
    for claim in claims(session):
        orm = get_claim(session, claim.id)
        core = read_claim(session, claim.id)
        assert same_json(claim_json(orm), SCHEMA.dump(orm))
        assert same_json(claim_json(core), SCHEMA.dump(core))
        assert same_json(claim_json(core), SCHEMA.dump(orm))


def test_claim_json_has_score_and_highlight_only_where_given(session):
    claim = get_claim(session, claims(session)[0].id)
    for extras in ({"score": 0.25, "highlight": "<mark>a</mark>"}, {"score": None},
                   {"highlight": "x"}, {"score": 3}):
        presented = Presented(claim, **extras)
        assert same_json(claim_json(presented), SCHEMA.dump(presented))
    # Every field of the schema is built, and nothing else: a field added to one and not the
    # other fails here.
    presented = Presented(claim, score=1.0, highlight="x")
    assert list(claim_json(presented)) == list(SCHEMA.fields)
    assert list(claim_json(presented)["speaker"]) == list(SCHEMA.fields["speaker"].schema.fields)
    assert list(claim_json(presented)["source"]) == list(SCHEMA.fields["source"].schema.fields)


def test_a_page_of_claim_reads_dumps_as_the_orm_page_did(session):
    made = claims(session)
    for claim in made:
        index_claim(session, claim)
    page = list_claims(session, ClaimFilters(), limit=1)
    assert page.next_cursor is not None
    assert same_json(claim_list_json(page), ClaimListSchema().dump(page))
    whole = list_claims(session, ClaimFilters(), limit=100)
    ours = {claim.id for claim in made}
    assert [c.tags for c in whole.items if c.id in ours] == [
        get_claim(session, c.id).tags for c in whole.items if c.id in ours]


def test_read_claim_answers_gone_and_not_found_as_get_claim(session):
    claim = claims(session)[0]
    claim.retracted_at, claim.retraction_reason = datetime(2026, 1, 2, tzinfo=UTC), "Misquoted."
    session.flush()
    for read in (get_claim, read_claim):
        with pytest.raises(Gone) as gone:
            read(session, claim.id)
        assert gone.value.args == (f"Claim {claim.id} was retracted: Misquoted.",)
        with pytest.raises(NotFound):
            read(session, 2**31 - 1)
