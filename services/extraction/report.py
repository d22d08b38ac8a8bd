"""One extraction request: find the candidates, match their speakers to the registry, and with
`commit` store them; the report the API and the command line give."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from services.errors import RuleViolation
from services.extraction.claims import Outcome, registry_ids, store
from services.extraction.extract import extract
from services.extraction.korean_nlp import make_analyzer
from services.text import name_key


def extract_claims(session: Session, text: str, *, language: str | None = None,
                   analyzer: str = "auto", commit: bool = False, said_on: date | None = None,
                   source: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The candidates of `text`, each with its registry speaker id when one matches; with
    `commit`, each also stored as an unverified claim and given its outcome."""
    if commit and said_on is None:
        raise RuleViolation("Storing claims needs the day they were said: send said_on.",
                            errors={"said_on": ["Required when commit is true."]})
    extraction = extract(text, language=language, analyzer=make_analyzer(analyzer))
    ids = registry_ids(session, extraction.candidates)
    outcomes: list[Outcome | None] = [None] * len(extraction.candidates)
    if commit:
        assert said_on is not None
        outcomes = list(store(session, extraction.candidates, said_on=said_on, source=source,
                              ids=ids))
    candidates = []
    for candidate, outcome in zip(extraction.candidates, outcomes, strict=True):
        speaker = candidate.speaker
        item: dict[str, Any] = {
            "text": candidate.text,
            "speaker": {"name": speaker.name, "title": speaker.title, "role": speaker.role,
                        "speaker_id": ids.get(name_key(speaker.name))},
            "pattern": candidate.pattern,
            "confidence": candidate.confidence,
            "language": candidate.language,
            "context": candidate.context,
            "occurrences": [{"start": o.start, "end": o.end, "pattern": o.pattern}
                            for o in candidate.occurrences],
        }
        if outcome is not None:
            item["outcome"] = {"outcome": outcome.outcome, "claim_id": outcome.claim_id,
                               "location": outcome.location, "detail": outcome.detail,
                               "errors": outcome.errors}
        candidates.append(item)
    counts = {"candidates": len(candidates)}
    if commit:
        for kind in ("created", "duplicate", "invalid"):
            counts[kind] = sum(1 for o in outcomes if o is not None and o.outcome == kind)
    return {"analyzer": extraction.analyzer, "committed": commit,
            "truncated": extraction.truncated, "counts": counts, "candidates": candidates}
