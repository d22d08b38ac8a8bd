"""Exports: every claim that matches the list's filters, as CSV or NDJSON, read in keyset
batches and written out as it is read, so memory stays flat whatever the count."""

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, tuple_
from sqlalchemy.orm import Session

from db.models import Claim
from schemas.claims import ClaimSchema
from services.claims import ClaimFilters, filtered_claims
from services.errors import RuleViolation
from services.import_formats import (
    CSV,
    NDJSON,
    SOURCE_COLUMNS,
    SPEAKER_COLUMNS,
    TAG_SEPARATOR,
    escape_cell,
)
from services.search.engine import search_filter
from services.search.query import parse as parse_query

BATCH_SIZE = 1000
# The import's columns (services.import_formats), so that an export can be imported again,
# with the claim's id, status and times around them (an import skips those). The speaker and
# source go by name and url, not id: ids mean nothing to another quotecheck.
CSV_COLUMNS = ("id", "text", "said_on", *SPEAKER_COLUMNS, *SOURCE_COLUMNS, "summary", "context",
               "language", "tags", "status", "created_at", "updated_at")

_claim_schema = ClaimSchema()


def export_query(session: Session, filters: ClaimFilters, *, q: str | None = None,
                 sort: str | None = None) -> Select[tuple[Claim]]:
    """The claims an export holds: the list's filters, and with `q` its matches, newest
    `said_on` first (relevance ranks a page, not a whole set). Checked here, before anything
    is sent: a refusal mid-stream could not be a 422."""
    if sort == "relevance":
        message = "An export is in said_on order; sort=relevance ranks pages of the JSON list."
        raise RuleViolation(message, errors={"sort": [message]})
    query = filtered_claims(session, filters)
    if q is not None:
        query = query.where(*search_filter(session, parse_query(q)))
    return query


def claims_in_batches(session: Session, query: Select[tuple[Claim]],
                      size: int = BATCH_SIZE) -> Iterator[list[Claim]]:
    """The claims of `query`, newest said_on first, a batch at a time. Each batch is its own
    keyset query (after the last row of the one before), and leaves the session once used."""
    after: tuple[Any, int] | None = None
    while True:
        page = query if after is None else query.where(
            tuple_(Claim.said_on, Claim.id) < tuple_(*after))
        batch = list(session.scalars(
            page.order_by(Claim.said_on.desc(), Claim.id.desc()).limit(size)).unique())
        if not batch:
            return
        yield batch
        after = (batch[-1].said_on, batch[-1].id)
        session.expunge_all()


def export_lines(session: Session, query: Select[tuple[Claim]], media_type: str) -> Iterator[str]:
    """The export as chunks of text, one chunk per batch (the CSV header first)."""
    if media_type == CSV:
        yield _csv_text([CSV_COLUMNS])
        for batch in claims_in_batches(session, query):
            yield _csv_text(csv_row(claim) for claim in batch)
    else:
        assert media_type == NDJSON
        for batch in claims_in_batches(session, query):
            yield "".join(_json_line(claim) for claim in batch)


def _json_line(claim: Claim) -> str:
    # Each line is the claim as the JSON list's `items` show it.
    return json.dumps(_claim_schema.dump(claim), ensure_ascii=False, separators=(",", ":")) + "\n"


def csv_row(claim: Claim) -> list[str]:
    speaker, source = claim.speaker, claim.source
    values: dict[str, Any] = {
        "id": claim.id, "text": claim.text, "said_on": claim.said_on.isoformat(),
        "summary": claim.summary, "context": claim.context, "language": claim.language,
        "tags": TAG_SEPARATOR.join(claim.tags), "status": claim.status_code,
        "created_at": claim.created_at.isoformat(), "updated_at": claim.updated_at.isoformat(),
    }
    for column, field in SPEAKER_COLUMNS.items():
        values[column] = getattr(speaker, field)
    for column, field in SOURCE_COLUMNS.items():
        value = getattr(source, field) if source is not None else None
        values[column] = value.isoformat() if hasattr(value, "isoformat") else value
    return [_cell(values[column]) for column in CSV_COLUMNS]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return escape_cell(str(value)) if isinstance(value, str) else str(value)


def _csv_text(rows: Any) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
