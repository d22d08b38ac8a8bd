"""services.speakers: how an inline speaker is matched to the registry, without HTTP."""

import pytest

from services.errors import RuleViolation
from services.speakers import resolve_speaker
from tests.factories import SpeakerAliasFactory, SpeakerFactory


def test_matches_by_wikidata_id_before_names(session):
    zuckerberg = SpeakerFactory(name="Mark Zuckerberg", wikidata_id="Q36215")
    SpeakerFactory(name="마크 저커버그")  # a namesake record without an id
    found = resolve_speaker(session, inline={"name": "마크 저커버그", "wikidata_id": "Q36215"})
    assert found is zuckerberg


def test_matches_an_inline_alias_against_a_stored_name(session):
    nadella = SpeakerFactory(name="Satya Nadella")
    found = resolve_speaker(session, inline={"name": "사티아 나델라",
                                             "aliases": [{"name": "SATYA NADELLA"}]})
    assert found is nadella


def test_matches_a_stored_alias_ignoring_width_and_spacing(session):
    nadella = SpeakerFactory(name="사티아 나델라")
    SpeakerAliasFactory(speaker=nadella, name="Satya Nadella")
    assert resolve_speaker(session, inline={"name": "ＳＡＴＹＡ  nadella"}) is nadella


def test_two_matches_are_ambiguous(session):
    SpeakerFactory(name="김철수")
    SpeakerFactory(name="김철수")
    with pytest.raises(RuleViolation) as refused:
        resolve_speaker(session, inline={"name": "김철수"})
    assert refused.value.slug == "ambiguous-speaker"


def test_a_namesake_with_another_wikidata_id_is_not_matched(session):
    stored = SpeakerFactory(name="김철수", wikidata_id="Q111")
    created = resolve_speaker(session, inline={"name": "김철수", "wikidata_id": "Q999"})
    assert created is not stored and created.wikidata_id == "Q999"


def test_a_match_is_used_as_it_is(session):
    stored = SpeakerFactory(name="한덕수", title=None)
    assert resolve_speaker(session, inline={"name": "한덕수", "title": "전 총리"}) is stored
    assert stored.title is None
