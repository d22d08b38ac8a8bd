"""Claims: create with dedupe, read, list with filters, edit, retract."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Select, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defaultload, joinedload

from db.base import utcnow
from db.models import TAG_LENGTH, Claim, ClaimTag, Source, Speaker
from services import audit
from services.errors import Conflict, Gone, NotFound, RuleViolation
from services.pagination import Page, date_value, id_value, paginate_desc
from services.presented import Presented
from services.search.engine import search_by_relevance, search_filter, with_highlights
from services.search.index import index_claim
from services.search.query import parse as parse_query
from services.sources import resolve_source
from services.speakers import resolve_speaker
from services.statuses import INITIAL_STATUS, require_status
from services.text import clean_text, dedupe_key, detect_language, name_key


@dataclass(frozen=True)
class ClaimFilters:
    speaker_id: int | None = None
    status: str | None = None
    said_from: date | None = None
    said_to: date | None = None
    source_id: int | None = None
    outlet: str | None = None
    language: str | None = None
    tag: str | None = None


def get_claim(session: Session, claim_id: int, *, for_update: bool = False) -> Claim:
    """A live claim; a retracted one is Gone, with when and why."""
    claim = get_claim_any_state(session, claim_id, for_update=for_update)
    if claim.retracted_at is not None:
        raise Gone(
            f"Claim {claim_id} was retracted: {claim.retraction_reason}",
            retracted_at=claim.retracted_at.isoformat(),
            retraction_reason=claim.retraction_reason,
        )
    return claim


def get_claim_any_state(session: Session, claim_id: int, *, for_update: bool = False) -> Claim:
    # One round trip: the tags joined in, and the speaker's aliases (which a claim's answer
    # does not show) loaded only if something asks for them.
    query = select(Claim).where(Claim.id == claim_id).options(
        joinedload(Claim.tag_rows), defaultload(Claim.speaker).lazyload(Speaker.aliases))
    if for_update:
        # Serialises writers on one claim: a second edit waits and then sees the first one's
        # version, so an unconditional edit never fails as stale and an If-Match check is exact.
        # SQLite ignores it and serialises all writers anyway.
        query = query.with_for_update(of=Claim).execution_options(populate_existing=True)
    claim = session.scalars(query).unique().first()
    if claim is None:
        raise NotFound(f"There is no claim {claim_id}.")
    return claim


def create_claim(session: Session, data: Mapping[str, Any]) -> Claim:
    """Store a new claim, status `unverified`. Raises Conflict (with the existing claim's path)
    when the same speaker said the same words on the same day."""
    speaker = resolve_speaker(session, speaker_id=data.get("speaker_id"), inline=data.get("speaker"))
    source = resolve_source(session, source_id=data.get("source_id"), inline=data.get("source"))
    text = clean_text(data["text"])
    key = DedupeKey(speaker.id, data["said_on"], dedupe_key(text))
    _ensure_unique(session, key)
    claim = Claim(
        text=text,
        text_key=key.text_key,
        summary=data.get("summary"),
        speaker=speaker,
        said_on=data["said_on"],
        source=source,
        language=data.get("language") or detect_language(text),
        context=data.get("context"),
        status_code=INITIAL_STATUS,
        tag_rows=[ClaimTag(tag=tag) for tag in normalise_tags(data.get("tags", []))],
    )
    with _conflict_if_duplicate(session, key):
        session.add(claim)
    index_claim(session, claim)
    audit.record(session, "claim.created", claim)
    return claim


def update_claim(session: Session, claim: Claim, data: Mapping[str, Any]) -> Claim:
    """Change the fields present in `data`; dedupe is checked again when the words, the speaker
    or the day change."""
    before = audit.snapshot(claim)
    changes = {field: data[field] for field in ("summary", "said_on", "language", "context")
               if field in data}
    if "speaker_id" in data or "speaker" in data:
        changes["speaker"] = resolve_speaker(session, speaker_id=data.get("speaker_id"),
                                             inline=data.get("speaker"))
    if "source_id" in data or "source" in data:
        # `"source_id": null` detaches the source.
        changes["source"] = resolve_source(session, source_id=data.get("source_id"),
                                           inline=data.get("source"))
    if "text" in data:
        changes["text"] = clean_text(data["text"])
        changes["text_key"] = dedupe_key(changes["text"])
        if "language" not in data:
            changes["language"] = detect_language(changes["text"])
    tags = normalise_tags(data["tags"]) if "tags" in data else claim.tags
    if tags != claim.tags:
        changes["tag_rows"] = [ClaimTag(tag=tag) for tag in tags]
        # Tag rows alone would not touch the claim row; this bumps its version (and ETag).
        changes["updated_at"] = utcnow()
    key = DedupeKey(changes.get("speaker", claim.speaker).id, changes.get("said_on", claim.said_on),
                    changes.get("text_key", claim.text_key))
    _ensure_unique(session, key, other_than=claim.id)
    with _conflict_if_duplicate(session, key):
        for field, value in changes.items():
            setattr(claim, field, value)
    if changes.keys() & {"text", "summary", "context", "speaker"}:
        index_claim(session, claim)
    audit.record(session, "claim.updated", claim, before=before)
    return claim


def retract_claim(session: Session, claim: Claim, reason: str) -> Claim:
    """Take a claim out of circulation. Its annotations stay; reads of it answer Gone."""
    before = audit.snapshot(claim)
    claim.retracted_at = utcnow()
    claim.retraction_reason = reason
    session.flush()
    index_claim(session, claim)  # leaves the index
    audit.record(session, "claim.retracted", claim, before=before)
    return claim


def list_claims(session: Session, filters: ClaimFilters, *, q: str | None = None,
                sort: str | None = None, cursor: str | None = None,
                limit: int = 20) -> Page[Claim] | Page[Presented]:
    """Live claims, filtered. Without `q`: newest `said_on` first (then newest id). With `q`:
    the matches, by relevance unless `sort` is `said_on`, each with a highlight."""
    query = filtered_claims(session, filters)
    if q is None:
        if sort == "relevance":
            raise RuleViolation("Sorting by relevance needs a search query `q`.",
                                errors={"sort": ["`relevance` needs `q`."]})
        return _by_said_on(session, query, cursor=cursor, limit=limit)
    search = parse_query(q)
    if sort in (None, "relevance"):
        unfiltered = filters == ClaimFilters()
        return search_by_relevance(session, None if unfiltered else query, search,
                                   cursor=cursor, limit=limit)
    query = query.where(*search_filter(session, search))
    return with_highlights(_by_said_on(session, query, cursor=cursor, limit=limit), search)


def _by_said_on(session: Session, query: Select[tuple[Claim]], *, cursor: str | None,
                limit: int) -> Page[Claim]:
    return paginate_desc(
        session, query,
        keys=[Claim.said_on, Claim.id],
        key_of=lambda c: [c.said_on.isoformat(), c.id],
        parse=lambda values: [date_value(values[0]), id_value(values[1])],
        cursor=cursor, limit=limit,
    )


def filtered_claims(session: Session, filters: ClaimFilters) -> Select[tuple[Claim]]:
    query = select(Claim).where(Claim.retracted_at.is_(None)).options(
        defaultload(Claim.speaker).lazyload(Speaker.aliases))
    if filters.speaker_id is not None:
        query = query.where(Claim.speaker_id == filters.speaker_id)
    if filters.status is not None:
        query = query.where(Claim.status_code == require_status(session, filters.status).code)
    if filters.said_from is not None:
        query = query.where(Claim.said_on >= filters.said_from)
    if filters.said_to is not None:
        query = query.where(Claim.said_on <= filters.said_to)
    if filters.source_id is not None:
        query = query.where(Claim.source_id == filters.source_id)
    if filters.outlet is not None:
        query = query.where(Claim.source_id.in_(
            select(Source.id).where(Source.outlet_key == name_key(filters.outlet))))
    if filters.language is not None:
        # A primary tag matches its regional forms: `ko` finds `ko` and `ko-KR`.
        query = query.where(or_(Claim.language == filters.language,
                                Claim.language.startswith(f"{filters.language}-")))
    if filters.tag is not None:
        query = query.where(Claim.id.in_(
            select(ClaimTag.claim_id).where(ClaimTag.tag == normalise_tag(filters.tag))))
    return query


def normalise_tag(tag: str) -> str:
    return " ".join(tag.casefold().split())


def normalise_tags(tags: list[str]) -> list[str]:
    normalised = sorted({normalise_tag(tag) for tag in tags})
    # Case folding can lengthen a tag ("ß" becomes "ss"); it must still fit its column.
    if any(len(tag) > TAG_LENGTH for tag in normalised):
        message = f"A tag is longer than {TAG_LENGTH} characters once lowercased."
        raise RuleViolation(message, errors={"tags": [message]})
    return normalised


class DedupeKey(NamedTuple):
    """What makes two claims the same: speaker, day and normalised words."""

    speaker_id: int
    said_on: date
    text_key: str


def _live_claim_with(session: Session, key: DedupeKey, other_than: int | None = None) -> int | None:
    query = select(Claim.id).where(
        Claim.speaker_id == key.speaker_id,
        Claim.said_on == key.said_on,
        Claim.text_key == key.text_key,
        Claim.retracted_at.is_(None),
    )
    if other_than is not None:
        query = query.where(Claim.id != other_than)
    with session.no_autoflush:
        return session.scalar(query)


def _ensure_unique(session: Session, key: DedupeKey, other_than: int | None = None) -> None:
    existing = _live_claim_with(session, key, other_than)
    if existing is not None:
        raise _duplicate(existing)


@contextmanager
def _conflict_if_duplicate(session: Session, key: DedupeKey) -> Iterator[None]:
    """Make the changes of the block and flush them in a savepoint. Two requests can both pass
    _ensure_unique; the unique index then decides, and the loser gets the same 409 as a request
    that came second. (The changes must be made inside the block: begin_nested() flushes what is
    pending before it starts, outside the savepoint.)"""
    try:
        with session.begin_nested():
            yield
            session.flush()
    except IntegrityError:
        existing = _live_claim_with(session, key)
        if existing is None:
            raise
        raise _duplicate(existing) from None


def _duplicate(existing_id: int) -> Conflict:
    return Conflict(
        f"This speaker's claim with the same words on the same day exists: claim {existing_id}.",
        existing=("claim", existing_id),
        slug="duplicate-claim",
        existing_claim_id=existing_id,
    )
