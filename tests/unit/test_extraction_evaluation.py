"""The accuracy targets of claim extraction, measured on the labelled set (make eval-extract),
and the seed article exactly: every quote with its speaker, and nothing else."""

import json

import pytest

from services.extraction import extract
from services.extraction.evaluation import DATA, TARGET_PRECISION, TARGET_RECALL, evaluate
from services.extraction.korean_nlp import kiwi_available, make_analyzer
from services.text import normalise_for_dedupe

ANALYZERS = ["rules", pytest.param("kiwipiepy", marks=pytest.mark.skipif(
    not kiwi_available(), reason="kiwipiepy not installed (the korean extra)"))]
SEED = "ko_seed_kbs_transcript_and_headlines.txt"


@pytest.fixture(scope="module", params=ANALYZERS)
def report(request):
    return evaluate(request.param)


@pytest.mark.parametrize(("key", "value"), [(None, None), ("language", "ko"),
                                            ("language", "en")])
def test_precision_and_recall_meet_the_targets(report, key, value):
    score = report.total(key, value)
    where = f"{report.analyzer}, {value or 'all'}"
    assert score.quote_precision >= TARGET_PRECISION, where
    assert score.speaker_precision >= TARGET_PRECISION, where
    assert score.quote_recall >= TARGET_RECALL, where
    assert score.speaker_recall >= TARGET_RECALL, where


def test_the_set_has_the_seed_and_six_more_texts_in_both_languages_and_styles():
    labels = json.loads((DATA / "labels.json").read_text(encoding="utf-8"))["texts"]
    assert labels[0]["file"] == SEED and len(labels) >= 7
    assert {entry["language"] for entry in labels} == {"ko", "en"}
    for entry in labels:
        assert (DATA / entry["file"]).is_file()
        assert entry["claims"], entry["file"]


@pytest.mark.parametrize("choice", ANALYZERS)
def test_the_seed_article_gives_every_quote_with_its_speaker_and_no_noise(choice):
    labels = json.loads((DATA / "labels.json").read_text(encoding="utf-8"))["texts"][0]
    text = (DATA / SEED).read_text(encoding="utf-8")
    extraction = extract(text, analyzer=make_analyzer(choice))
    got = {(normalise_for_dedupe(c.text), c.speaker.name, c.speaker.role, len(c.occurrences))
           for c in extraction.candidates}
    wanted = {(normalise_for_dedupe(label["quote"]), label["speaker"], label.get("role"),
               label.get("occurrences", 1)) for label in labels["claims"]}
    assert got == wanted
