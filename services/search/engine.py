"""Running a search: matching in the database, ranking in Python, the same on both backends.

Matching is exact and done by the database (FTS5 on SQLite, a GIN-indexed tsvector on
PostgreSQL), from the same tokens. Ranking is done here, on the newest RANK_CANDIDATES matches
only: that bounds the work for a common term at any table size, and gives both backends the same
scores. To see every match, sort by `said_on` instead, which pages through all of them.
"""

import math
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Select, cast, select, text
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from db.models import Claim, ClaimSearch
from db.search_schema import FTS_TABLE
from services.pagination import Page, decode_cursor, encode_cursor, id_value, invalid_cursor
from services.presented import Presented
from services.search.analyzer import GAPS
from services.search.highlight import highlight
from services.search.query import SearchQuery, to_fts5, to_tsquery

RANK_CANDIDATES = 1000
# BM25's term-frequency saturation and length normalisation, with a fixed average length.
_K1, _B, _AVERAGE_LENGTH = 1.2, 0.75, 40.0


def matching_ids(session: Session, query: SearchQuery, *, newest: int | None = None) -> Select:
    """The ids of the claims whose document matches; with `newest`, only that many, newest
    first. Each backend reads its own index alone, and stops early when `newest` is given."""
    if session.get_bind().dialect.name == "postgresql":
        ids = select(ClaimSearch.claim_id).where(
            ClaimSearch.vector.op("@@")(cast(to_tsquery(query), TSQUERY)))
        order = ClaimSearch.claim_id.desc()
    else:
        ids = select(text("rowid")).select_from(text(FTS_TABLE)).where(
            text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=to_fts5(query)))
        order = text("rowid DESC")
    return ids if newest is None else ids.order_by(order).limit(newest)


def matches(session: Session, query: SearchQuery) -> ColumnElement[bool]:
    """A condition on claims: the claim's document matches the query."""
    return Claim.id.in_(matching_ids(session, query))


def score(document: str, query: SearchQuery) -> float:
    """BM25-like: each positive query token's frequency, saturated and length-normalised."""
    tokens = document.split(" ")
    counts = Counter(tokens)
    norm = _K1 * (1 - _B + _B * len(tokens) / _AVERAGE_LENGTH)
    wanted = {token for clause in query.positive for phrase in clause.phrases for token in phrase
              if token not in GAPS}
    total = sum(counts[t] * (_K1 + 1) / (counts[t] + norm) for t in wanted if counts[t])
    return round(total, 6)


def search_by_relevance(session: Session, claims: Select[tuple[Claim]] | None,
                        query: SearchQuery, *, cursor: str | None,
                        limit: int) -> Page[Presented]:
    """The best-scoring matches among the newest RANK_CANDIDATES, ties newest first.

    `claims` holds the caller's filters; None means none, and then the claims table is not read
    at all to find candidates (retracted claims have no search document).
    """
    if claims is None:
        statement = select(ClaimSearch.claim_id, ClaimSearch.document).where(
            ClaimSearch.claim_id.in_(matching_ids(session, query, newest=RANK_CANDIDATES)))
    else:
        statement = (claims.join(ClaimSearch, ClaimSearch.claim_id == Claim.id)
                     .with_only_columns(Claim.id, ClaimSearch.document)
                     .where(matches(session, query))
                     .order_by(Claim.id.desc()).limit(RANK_CANDIDATES))
    candidates = session.execute(statement).all()
    ranked = sorted(((score(document, query), claim_id) for claim_id, document in candidates),
                    reverse=True)
    if cursor is not None:
        after = _parse_relevance_cursor(cursor)
        ranked = [entry for entry in ranked if entry < after]
    page, more = ranked[:limit], len(ranked) > limit
    by_id = {c.id: c for c in session.scalars(
        select(Claim).where(Claim.id.in_([claim_id for _, claim_id in page]))).unique()}
    hits = [Presented(by_id[claim_id], score=value, highlight=highlight(by_id[claim_id].text, query))
            for value, claim_id in page]
    next_cursor = encode_cursor(list(page[-1])) if more else None
    return Page(items=hits, next_cursor=next_cursor)


def with_highlights(page: Page[Claim], query: SearchQuery) -> Page[Presented]:
    """Results in another order (said_on) still carry a snippet; their score is not computed."""
    return Page(items=[Presented(c, score=None, highlight=highlight(c.text, query))
                       for c in page.items],
                next_cursor=page.next_cursor)


def _parse_relevance_cursor(token: str) -> tuple[float, int]:
    value, claim_id = decode_cursor(token, 2)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise invalid_cursor()
    try:
        return float(value), id_value(claim_id)
    except ValueError as error:
        raise invalid_cursor() from error


def search_filter(session: Session, query: SearchQuery) -> Sequence[ColumnElement[bool]]:
    """The conditions that keep only matching claims, for listings in any order."""
    return [matches(session, query)]
