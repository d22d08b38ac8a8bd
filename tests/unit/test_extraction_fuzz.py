"""Extraction ends in time whatever it is fed: random text, runs of quotation marks, unbalanced
and nested quotes, a megabyte of one character. Everything scans in linear time; a regular
expression that backtracked would blow these deadlines by orders of magnitude."""

import random
import time

import pytest

from services.extraction import extract
from services.extraction.korean_nlp import RuleAnalyzer, kiwi_available, make_analyzer
from services.text import normalise_for_dedupe

MEBIBYTE = 1024 * 1024
# Generous: this machine reads the labelled set's 11 texts in a few hundredths of a second.
DEADLINE_SECONDS = 10.0
_ALPHABET = list("\"'“”‘’「」『』《》()[].,!?:;…‥·-— \n\t가나다라한덕수측은는이가고며라 aAbBzZ0123456789")


def timed(text, analyzer=None):
    started = time.perf_counter()
    extraction = extract(text, analyzer=analyzer or RuleAnalyzer())
    elapsed = time.perf_counter() - started
    for candidate in extraction.candidates:
        for occurrence in candidate.occurrences:
            # Merged occurrences may differ in case, spacing and punctuation (the dedupe rule).
            assert (normalise_for_dedupe(text[occurrence.start:occurrence.end])
                    == normalise_for_dedupe(candidate.text))
    return elapsed, extraction


@pytest.mark.parametrize("unit", ['"', "“", "”", "'", "‘", "「", "가", "a", " ", "\n", "1", ".",
                                  '"a" ', "“가”", "'a ", '"x"고 말했다. ', "Q: ", "○가 / 나\n",
                                  "A: b\n", "KIM: 가나 다라 마바.\n"])
def test_a_mebibyte_of_one_pattern_ends_within_the_deadline(unit):
    text = (unit * (MEBIBYTE // len(unit.encode()) + 1))[:MEBIBYTE // len(unit.encode())]
    elapsed, _extraction = timed(text)
    assert elapsed < DEADLINE_SECONDS, f"{unit!r}: {elapsed:.2f}s"


@pytest.mark.parametrize("shape", ["nested", "unbalanced", "alternating", "long-line"])
def test_adversarial_quote_shapes_end_within_the_deadline(shape):
    text = {
        "nested": "“‘「『" * 50_000 + "』」’”" * 50_000,
        "unbalanced": ("“" * 1000 + "a”" + "'" * 1000 + "\n") * 200,
        "alternating": '"a"\'b\'“c”‘d’「e」' * 40_000,
        "long-line": ('강 대표는 "가"고 말했다 ' * 30_000),
    }[shape]
    elapsed, _extraction = timed(text)
    assert elapsed < DEADLINE_SECONDS, f"{shape}: {elapsed:.2f}s"


def test_random_text_never_fails_and_ends_quickly():
    generator = random.Random(7)
    for _ in range(300):
        text = "".join(generator.choice(_ALPHABET) for _ in range(generator.randint(0, 400)))
        elapsed, _extraction = timed(text)
        assert elapsed < DEADLINE_SECONDS, repr(text)


def test_random_quote_soup_of_a_mebibyte_ends_within_the_deadline():
    generator = random.Random(11)
    text = "".join(generator.choice(_ALPHABET) for _ in range(MEBIBYTE // 2))
    elapsed, _extraction = timed(text)
    assert elapsed < DEADLINE_SECONDS * 2, f"{elapsed:.2f}s"


@pytest.mark.skipif(not kiwi_available(), reason="kiwipiepy not installed (the korean extra)")
def test_kiwipiepy_analyses_are_budgeted_so_a_mebibyte_of_korean_quotes_ends_in_time():
    make_analyzer("kiwipiepy")  # loaded before the clock starts, as a worker has it
    text = '한덕수 측 "가나다"…김문수와 "라마바" ' * 20_000
    elapsed, extraction = timed(text, make_analyzer("kiwipiepy"))
    assert elapsed < DEADLINE_SECONDS * 3, f"{elapsed:.2f}s"
    assert extraction.analyzer == "kiwipiepy+rules"
