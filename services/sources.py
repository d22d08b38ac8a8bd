"""Sources: the article, broadcast or post where a claim was said or reported."""

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from db.arrays import one_of
from db.base import utcnow
from db.copy import add_all_new
from db.locks import lock_names
from db.models import NAME_LENGTH, Source
from services import audit
from services.errors import Conflict, NotFound, RuleViolation
from services.pagination import Page, paginate_by_id_desc
from services.text import name_key

FIELDS = ("url", "outlet", "title", "published_on", "language")


def get_source(session: Session, source_id: int, *, for_update: bool = False) -> Source:
    """A source; `for_update` locks the row until the transaction ends (before an edit)."""
    source = session.get(Source, source_id, with_for_update=for_update or None,
                         populate_existing=for_update)
    if source is None:
        raise NotFound(f"There is no source {source_id}.")
    return source


def list_sources(session: Session, *, outlet: str | None = None, cursor: str | None = None,
                 limit: int = 20) -> Page[Source]:
    query = select(Source)
    if outlet:
        query = query.where(Source.outlet_key == name_key(outlet))
    return paginate_by_id_desc(session, query, Source.id, cursor=cursor, limit=limit)


def create_source(session: Session, data: Mapping[str, Any]) -> Source:
    if data.get("url"):
        lock_names(session, "source", data["url"])
    source = Source()
    _apply(session, source, data)
    session.add(source)
    session.flush()
    audit.record(session, "source.created", source)
    return source


def update_source(session: Session, source: Source, data: Mapping[str, Any]) -> Source:
    before = audit.snapshot(source)
    _apply(session, source, data)
    session.flush()
    audit.record(session, "source.updated", source, before=before)
    return source


def resolve_source(session: Session, *, source_id: int | None = None,
                   inline: Mapping[str, Any] | None = None) -> Source | None:
    """The source a claim names: by id, or an inline object matched by URL (or, with no URL, by
    outlet, title and date) and created when nothing matches."""
    if source_id is not None:
        source = session.get(Source, source_id)
        if source is None:
            raise RuleViolation(f"There is no source {source_id}.",
                                errors={"source_id": [f"There is no source {source_id}."]})
        return source
    if inline is None:
        return None
    key = match_key(inline)
    lock_names(session, "source", lock_key(key))
    found = find_matches(session, [key]).get(key)
    return found if found is not None else create_source(session, inline)


def match_key(inline: Mapping[str, Any]) -> tuple:
    """What an inline source is matched on: its url; with no url, its outlet, title and date."""
    if inline.get("url"):
        return ("url", inline["url"])
    outlet_key = name_key(inline["outlet"]) if inline.get("outlet") else None
    return ("outlet", outlet_key, inline.get("title"), inline.get("published_on"))


def lock_key(key: tuple) -> str:
    """The name resolving a source locks (see db.locks), so no one else adds it meanwhile."""
    if key[0] == "url":
        return key[1]
    _kind, outlet_key, title, published_on = key
    return f"{outlet_key}|{title}|{published_on}"


def find_matches(session: Session, keys: Iterable[tuple]) -> dict[tuple, Source]:
    """The stored source each match key finds (the first by id where several do), with one
    query for the urls and one for the rest, whatever their number."""
    keys = set(keys)
    urls = [key[1] for key in keys if key[0] == "url"]
    others = [key for key in keys if key[0] != "url"]
    found: dict[tuple, Source] = {}
    if urls:
        found.update((("url", source.url), source)
                     for source in session.scalars(
                         select(Source).where(one_of(session, Source.url, urls))))
    if others:
        # A superset (same outlet and title), narrowed here to the exact key.
        outlets = {key[1] for key in others}
        titles = {key[2] for key in others}
        query = select(Source).where(
            Source.url.is_(None),
            or_(one_of(session, Source.outlet_key, outlets - {None}),
                Source.outlet_key.is_(None) if None in outlets else false()),
            or_(one_of(session, Source.title, titles - {None}),
                Source.title.is_(None) if None in titles else false()))
        for source in session.scalars(query.order_by(Source.id)):
            key = ("outlet", source.outlet_key, source.title, source.published_on)
            if key in keys:
                found.setdefault(key, source)
    return found


def new_source(data: Mapping[str, Any]) -> Source:
    """A source made from an inline object, not yet added to the session, for a caller that
    has found (under the lock) that no stored source matches it."""
    source = Source()
    _apply_fields(source, data)
    return source


def store_new(session: Session, new: list[Source]) -> None:
    """Store sources made by new_source (a bulk import's, thousands of them) in one go: by COPY
    on PostgreSQL (db.copy.add_all_new). They are in the session afterwards, with their ids."""
    now = utcnow()
    add_all_new(session, new, {"version": 1, "created_at": now, "updated_at": now})


def _apply(session: Session, source: Source, data: Mapping[str, Any]) -> None:
    _apply_fields(source, data)
    if source.url is not None:
        with session.no_autoflush:
            other = session.scalar(select(Source).where(Source.url == source.url))
        if other is not None and other is not source:
            raise Conflict(f"Source {other.id} has this url already.",
                           existing=("source", other.id), slug="duplicate-source")


def _apply_fields(source: Source, data: Mapping[str, Any]) -> None:
    for field in FIELDS:
        if field in data:
            setattr(source, field, data[field])
    if "outlet" in data:
        source.outlet_key = name_key(data["outlet"]) if data["outlet"] else None
        if source.outlet_key and len(source.outlet_key) > NAME_LENGTH:
            message = f"The outlet is longer than {NAME_LENGTH} characters once normalised."
            raise RuleViolation(message, errors={"outlet": [message]})
    if source.url is None and source.outlet is None:
        raise RuleViolation("A source needs a url or an outlet.",
                            errors={"url": ["A source needs a url or an outlet."]})
