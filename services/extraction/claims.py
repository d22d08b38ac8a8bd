"""Candidates and the registry: each speaker matched by name or alias, and, on commit, each
candidate stored as an unverified claim through services.claims.create_claim (its dedupe, speaker
and source matching, search document and audit row), one savepoint per candidate."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from marshmallow import ValidationError
from sqlalchemy.orm import Session

from schemas.claims import ClaimInSchema
from services.claims import create_claim
from services.errors import Conflict, DomainError
from services.extraction.model import Candidate
from services.speakers import find_by_names
from services.text import name_key

_claim_in = ClaimInSchema()
MAX_LOOKUPS = 500  # distinct speaker names looked up in the registry per text


@dataclass(frozen=True)
class Outcome:
    outcome: str  # "created", "duplicate" or "invalid"
    claim_id: int | None = None
    detail: str | None = None
    errors: dict[str, list[str]] | None = None

    @property
    def location(self) -> str | None:
        return f"/v1/claims/{self.claim_id}" if self.claim_id is not None else None


def registry_ids(session: Session, candidates: list[Candidate]) -> dict[str, int]:
    """name key -> speaker id, for the speakers whose name or alias is one registry speaker's.
    A name two speakers share is left unmatched (committing it is refused as ambiguous)."""
    ids: dict[str, int] = {}
    keys = list(dict.fromkeys(name_key(c.speaker.name) for c in candidates))[:MAX_LOOKUPS]
    for key in keys:
        found = find_by_names(session, [key])
        if len(found) == 1:
            ids[key] = found[0].id
    return ids


def store(session: Session, candidates: list[Candidate], *, said_on: date,
          source: Mapping[str, Any] | None, ids: Mapping[str, int]) -> list[Outcome]:
    """Each candidate as a claim, in the caller's transaction: created, duplicate (the same
    speaker's same words on the same day exist) or invalid (with the reasons)."""
    return [_store_one(session, candidate, said_on, source, ids) for candidate in candidates]


def _store_one(session: Session, candidate: Candidate, said_on: date,
               source: Mapping[str, Any] | None, ids: Mapping[str, int]) -> Outcome:
    speaker = candidate.speaker
    raw: dict[str, Any] = {"text": candidate.text, "said_on": said_on.isoformat(),
                           "context": candidate.context or None}
    if candidate.language in ("ko", "en"):
        raw["language"] = candidate.language
    speaker_id = ids.get(name_key(speaker.name))
    if speaker_id is not None:
        raw["speaker_id"] = speaker_id
    else:
        raw["speaker"] = {"name": speaker.name, **({"title": speaker.title} if speaker.title else {})}
    try:
        data = _claim_in.load(raw)
    except ValidationError as error:
        return Outcome("invalid", detail="Some fields are invalid; see `errors`.",
                       errors=_flatten(error.messages))
    if source:
        data["source"] = source
    try:
        with session.begin_nested():
            claim = create_claim(session, data)
    except Conflict as error:
        return Outcome("duplicate", claim_id=error.extra["existing_claim_id"], detail=error.detail)
    except DomainError as error:
        return Outcome("invalid", detail=error.detail, errors=getattr(error, "errors", None))
    return Outcome("created", claim_id=claim.id)


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, inner in messages.items():
            flat.update(_flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
    else:
        flat[prefix or "_schema"] = [str(m) for m in messages] if isinstance(messages, list) \
            else [str(messages)]
    return flat
