"""Keyset (cursor) pagination: a page is fetched by the sort key of the last row seen, never by
OFFSET, so deep pages neither skip nor repeat rows while others write."""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from db.models import MAX_ID
from services.errors import RuleViolation

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def invalid_cursor() -> RuleViolation:
    return RuleViolation("The cursor is not one this API issued.",
                         errors={"cursor": ["Not a valid cursor."]}, slug="invalid-cursor")


def decode_cursor(token: str, size: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, RecursionError):
        values = None
    if not isinstance(values, list) or len(values) != size:
        raise invalid_cursor()
    return values


def id_value(value: Any) -> int:
    """A row id from a cursor: a JSON integer in the range ids have."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise ValueError(f"not an id: {value!r}")
    return value


def date_value(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    return date.fromisoformat(value)


def paginate_by_id_desc(session: Session, query: Select[tuple[T]], id_column: ColumnElement[int],
                        *, cursor: str | None, limit: int) -> Page[T]:
    """Newest rows first, by id: the order of lists with no better key."""
    return paginate_desc(session, query, keys=[id_column], key_of=lambda row: [row.id],
                         parse=lambda values: [id_value(values[0])], cursor=cursor, limit=limit)


def paginate_desc(
    session: Session,
    query: Select[tuple[T]],
    *,
    keys: Sequence[ColumnElement[Any]],
    key_of: Callable[[T], Sequence[Any]],
    parse: Callable[[list[Any]], Sequence[Any]],
    cursor: str | None,
    limit: int,
) -> Page[T]:
    """Rows of `query` ordered by `keys` descending, after the row the cursor names.

    `key_of` turns a row into JSON-able key values for the next cursor; `parse` turns them back
    into column values (and raises RuleViolation where they do not fit).
    """
    if cursor is not None:
        try:
            after = parse(decode_cursor(cursor, len(keys)))
        except (TypeError, ValueError, OverflowError) as exc:
            raise invalid_cursor() from exc
        query = query.where(tuple_(*keys) < tuple_(*after))
    query = query.order_by(*(key.desc() for key in keys)).limit(limit + 1)
    rows = list(session.scalars(query).unique())
    next_cursor = encode_cursor(key_of(rows[limit - 1])) if len(rows) > limit else None
    return Page(items=rows[:limit], next_cursor=next_cursor)
