"""Claims: create with dedupe, read, list with filters, edit, retract."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    JSON,
    ColumnElement,
    Row,
    Select,
    bindparam,
    func,
    or_,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defaultload, joinedload

from db.base import utcnow
from db.models import TAG_LENGTH, Claim, ClaimTag, Source, Speaker
from services import audit
from services.errors import Conflict, Gone, NotFound, RuleViolation
from services.pagination import (
    Page,
    date_value,
    decode_cursor,
    encode_cursor,
    id_value,
    invalid_cursor,
    paginate_desc,
)
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


class SpeakerRef(NamedTuple):
    """A claim's speaker as its answer shows it, with the version behind the claim's ETag."""

    id: int
    name: str
    title: str | None
    organization: str | None
    version: int


class SourceRef(NamedTuple):
    """A claim's source as its answer shows it, with its version."""

    id: int
    url: str | None
    outlet: str | None
    title: str | None
    published_on: date | None
    language: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class ClaimRead(NamedTuple):
    """A claim read to be answered, from Core rows: the attributes of a Claim that its answer
    (schemas.claims.ClaimSchema) and ETag use, by the same names. GET /v1/claims/{id} and the
    list read these: building ORM objects (a Claim, its speaker, source and tags) cost a read
    ~190 µs of its ~950. Writes and everything else use the ORM models."""

    id: int
    text: str
    summary: str | None
    language: str
    said_on: date
    context: str | None
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    retracted_at: datetime | None
    retraction_reason: str | None
    speaker: SpeakerRef
    source: SourceRef | None
    tags: list[str]


_claims, _speakers, _sources, _tags = (Claim.__table__, Speaker.__table__, Source.__table__,
                                       ClaimTag.__table__)
_CLAIM_COLUMNS = [_claims.c[name] for name in (
    "id", "text", "summary", "language", "said_on", "context", "status_code", "version",
    "created_at", "updated_at", "retracted_at", "retraction_reason")]
_SPEAKER_COLUMNS = [_speakers.c[name] for name in SpeakerRef._fields]
_SOURCE_COLUMNS = [_sources.c[name] for name in SourceRef._fields]
# Where each part of a row of _READ_CLAIMS ends.
_CLAIM_END = len(_CLAIM_COLUMNS)
_SPEAKER_END = _CLAIM_END + len(_SPEAKER_COLUMNS)
_SOURCE_END = _SPEAKER_END + len(_SOURCE_COLUMNS)
_READ_CLAIMS = (select(*_CLAIM_COLUMNS, *_SPEAKER_COLUMNS, *_SOURCE_COLUMNS)
                .select_from(_claims.join(_speakers, _speakers.c.id == _claims.c.speaker_id)
                             .outerjoin(_sources, _sources.c.id == _claims.c.source_id)))


# Made once: building a statement and its cache key every request cost a read ~100 µs.
_READ_CLAIM = (_READ_CLAIMS.add_columns(_tags.c.tag)
               .outerjoin(_tags, _tags.c.claim_id == _claims.c.id)
               .where(_claims.c.id == bindparam("claim_id")).order_by(_tags.c.tag))


def _claim_read(row: Row[Any], tags: list[str]) -> ClaimRead:
    source = row[_SPEAKER_END:_SOURCE_END]
    return ClaimRead(*row[:_CLAIM_END], SpeakerRef(*row[_CLAIM_END:_SPEAKER_END]),
                     None if source[0] is None else SourceRef(*source), tags)


def read_claim(session: Session, claim_id: int) -> ClaimRead:
    """A live claim to answer with, in one query (its tags joined in); a retracted one is Gone,
    as with get_claim."""
    rows = session.execute(_READ_CLAIM, {"claim_id": claim_id}).all()
    if not rows:
        raise NotFound(f"There is no claim {claim_id}.")
    claim = _claim_read(rows[0], [row[-1] for row in rows if row[-1] is not None])
    require_live(claim)
    return claim


def get_claim(session: Session, claim_id: int, *, for_update: bool = False) -> Claim:
    """A live claim; a retracted one is Gone, with when and why."""
    claim = get_claim_any_state(session, claim_id, for_update=for_update)
    require_live(claim)
    return claim


def require_live(claim: Claim | ClaimRead) -> None:
    """Gone, with when and why, if the claim is retracted."""
    if claim.retracted_at is not None:
        raise Gone(
            f"Claim {claim.id} was retracted: {claim.retraction_reason}",
            retracted_at=claim.retracted_at.isoformat(),
            retraction_reason=claim.retraction_reason,
        )


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
                limit: int = 20) -> Page[ClaimRead] | Page[Claim] | Page[Presented]:
    """Live claims, filtered. Without `q`: newest `said_on` first (then newest id). With `q`:
    the matches, by relevance unless `sort` is `said_on`, each with a highlight."""
    if q is None:
        if sort == "relevance":
            _require_known_status(session, filters)  # answered first, as ever
            raise RuleViolation("Sorting by relevance needs a search query `q`.",
                                errors={"sort": ["`relevance` needs `q`."]})
        return _read_by_said_on(session, filters, cursor=cursor, limit=limit)
    query = filtered_claims(session, filters)
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


def _read_by_said_on(session: Session, filters: ClaimFilters, *, cursor: str | None,
                     limit: int) -> Page[ClaimRead]:
    """_by_said_on's page (the same order, cursors and errors) as ClaimReads, in one query:
    the claims with their speakers, sources and tags. The status filter is not
    looked up first: claims.status_code references statuses.code, so a page with rows proves
    the status exists, and only an empty page (or a bad cursor) asks, to answer an unknown one
    with 422 as before."""
    conditions, values = _conditions(session, filters, look_up_status=False)
    if cursor is not None:
        try:
            after = decode_cursor(cursor, 2)
            values["after_said_on"], values["after_id"] = date_value(after[0]), id_value(after[1])
        except (RuleViolation, TypeError, ValueError, OverflowError) as error:
            _require_known_status(session, filters)
            raise invalid_cursor() from error
    dialect = session.get_bind().dialect.name
    rows = session.execute(_page_statement(dialect, conditions, values, cursor is not None),
                           {**values, "limit": limit + 1}).all()
    if not rows:
        _require_known_status(session, filters)
        return Page(items=[], next_cursor=None)
    items = [_claim_read(row, _tags_in_order(dialect, row[-1])) for row in rows[:limit]]
    next_cursor = (encode_cursor([items[-1].said_on.isoformat(), items[-1].id])
                   if len(rows) > limit else None)
    return Page(items=items, next_cursor=next_cursor)


# A page's statement for each database and combination of filters (and cursor or not), made
# once: the values are parameters. Building it and its cache key cost a page ~150 µs.
_PAGE_STATEMENTS: dict[tuple[str, tuple[str, ...], bool], Select[Any]] = {}


def _page_statement(dialect: str, conditions: list[ColumnElement[bool]],
                    values: dict[str, Any], after_cursor: bool) -> Select[Any]:
    shape = (dialect, tuple(sorted(values)), after_cursor)
    statement = _PAGE_STATEMENTS.get(shape)
    if statement is None:
        statement = (_READ_CLAIMS.add_columns(_tags_column(dialect))
                     .where(_claims.c.retracted_at.is_(None), *conditions))
        if after_cursor:
            statement = statement.where(tuple_(_claims.c.said_on, _claims.c.id) < tuple_(
                bindparam("after_said_on", type_=_claims.c.said_on.type),
                bindparam("after_id", type_=_claims.c.id.type)))
        statement = _PAGE_STATEMENTS[shape] = (
            statement.order_by(_claims.c.said_on.desc(), _claims.c.id.desc())
            .limit(bindparam("limit")))
    return statement


def _tags_column(dialect: str) -> ColumnElement[Any]:
    """Each claim's tags as one column of its row (no query of their own): PostgreSQL
    aggregates them in `ORDER BY tag` order, in its collation; SQLite's json_group_array
    promises no order, so _tags_in_order sorts them, as SQLite's BINARY collation would (by
    code point, as Python does)."""
    own_tags = _tags.c.claim_id == _claims.c.id
    if dialect == "postgresql":
        return (select(func.array_agg(aggregate_order_by(_tags.c.tag, _tags.c.tag)))
                .where(own_tags).scalar_subquery())
    return type_coerce(select(func.json_group_array(_tags.c.tag)).where(own_tags)
                       .scalar_subquery(), JSON)


def _tags_in_order(dialect: str, tags: list[str] | None) -> list[str]:
    if dialect == "postgresql":
        return tags or []  # NULL: no tags to aggregate
    return sorted(tags or [])


def _require_known_status(session: Session, filters: ClaimFilters) -> None:
    if filters.status is not None:
        require_status(session, filters.status)


def filtered_claims(session: Session, filters: ClaimFilters) -> Select[tuple[Claim]]:
    conditions, _values = _conditions(session, filters)
    return select(Claim).where(Claim.retracted_at.is_(None), *conditions).options(
        defaultload(Claim.speaker).lazyload(Speaker.aliases))


def _conditions(session: Session, filters: ClaimFilters, *, look_up_status: bool = True
                ) -> tuple[list[ColumnElement[bool]], dict[str, Any]]:
    """The filters as WHERE conditions, each value a named parameter that carries it; and
    those values by name, so that a statement made with other values can be run with these.
    With `look_up_status`, an unknown status is refused (422) here; without, the caller must
    refuse it itself."""
    conditions: list[ColumnElement[bool]] = []
    values: dict[str, Any] = {}

    def value(name: str, given: Any) -> Any:
        values[name] = given
        return bindparam(name, given)

    if filters.speaker_id is not None:
        conditions.append(Claim.speaker_id == value("speaker_id", filters.speaker_id))
    if filters.status is not None:
        code = require_status(session, filters.status).code if look_up_status else filters.status
        conditions.append(Claim.status_code == value("status", code))
    if filters.said_from is not None:
        conditions.append(Claim.said_on >= value("said_from", filters.said_from))
    if filters.said_to is not None:
        conditions.append(Claim.said_on <= value("said_to", filters.said_to))
    if filters.source_id is not None:
        conditions.append(Claim.source_id == value("source_id", filters.source_id))
    if filters.outlet is not None:
        conditions.append(Claim.source_id.in_(select(Source.id).where(
            Source.outlet_key == value("outlet_key", name_key(filters.outlet)))))
    if filters.language is not None:
        # A primary tag matches its regional forms: `ko` finds `ko` and `ko-KR`.
        conditions.append(or_(
            Claim.language == value("language", filters.language),
            Claim.language.startswith(value("language_prefix", f"{filters.language}-"))))
    if filters.tag is not None:
        conditions.append(Claim.id.in_(select(ClaimTag.claim_id).where(
            ClaimTag.tag == value("tag", normalise_tag(filters.tag)))))
    return conditions, values


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
