"""services.search.query: the query language and its translations."""

import pytest

from services.errors import RuleViolation
from services.search.query import parse, to_fts5, to_tsquery


def test_words_are_anded_and_korean_words_are_phrases_of_bigrams():
    query = parse("개발의 AI")
    assert to_fts5(query) == '"개발 발의" AND "ai"'
    assert to_tsquery(query) == "('개발' <-> '발의') & 'ai'"


def test_phrases_exclusions_and_or():
    query = parse('"완전히 반대로" -트럼프 증류 OR distilling')
    assert to_fts5(query) == ('("완전 전히 ǂ 반대 대로" AND ("증류" OR "distil")) NOT "트럼 럼프"')
    # The boundary is a gap in the stored tsvector: two positions apart, not a lexeme.
    assert to_tsquery(query) == ("('완전' <-> '전히' <2> '반대' <-> '대로') & "
                                 "('증류' | 'distil') & !('트럼' <-> '럼프')")
    assert query.words == ("완전히 반대로", "증류", "distilling")


@pytest.mark.parametrize("q", ['"open', "OR", "a OR", "OR a", "a OR OR b", "-a", "-a -b",
                               "a OR -b", "!!! ???", "x" * 501, " ".join(["w"] * 21)])
def test_unusable_queries_are_refused(q):
    with pytest.raises(RuleViolation) as refused:
        parse(q)
    assert refused.value.slug == "invalid-query"
    assert "q" in refused.value.errors


def test_punctuation_only_terms_are_dropped():
    assert to_fts5(parse("개발 !!!")) == '"개발"'
