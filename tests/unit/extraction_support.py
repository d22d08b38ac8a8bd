"""What the extraction tests share: the candidates of a text, with every offset checked."""

from services.extraction import extract
from services.extraction.korean_nlp import RuleAnalyzer


def found(text, analyzer=None):
    """(speaker, quote) for each candidate, checking every offset on the way."""
    extraction = extract(text, analyzer=analyzer or RuleAnalyzer())
    for candidate in extraction.candidates:
        for occurrence in candidate.occurrences:
            assert text[occurrence.start:occurrence.end] == candidate.text
    return [(c.speaker.name, c.text) for c in extraction.candidates]
