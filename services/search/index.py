"""Keeping the search index in step with claims, in the caller's transaction."""

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session

from db.models import Claim, ClaimSearch, Speaker
from db.search_schema import tsvector_literal
from services.search.analyzer import ANALYZER_VERSION, GAPS, document_tokens


def claim_fields(claim: Claim) -> list[str | None]:
    speaker: Speaker = claim.speaker
    # Short fields first: a document too long for the index is cut at its end.
    return [speaker.name, *(alias.name for alias in speaker.aliases), claim.summary, claim.text,
            claim.context]


def index_claim(session: Session, claim: Claim) -> None:
    """Write (or rewrite) the claim's search document; a retracted claim leaves the index."""
    if claim.retracted_at is not None:
        session.execute(delete(ClaimSearch).where(ClaimSearch.claim_id == claim.id))
        return
    _write_document(session, claim)
    session.flush()


def _write_document(session: Session, claim: Claim) -> None:
    """Stage the claim's document; the caller flushes (once, for a batch)."""
    tokens = document_tokens(claim_fields(claim))
    row = session.get(ClaimSearch, claim.id) or ClaimSearch(claim_id=claim.id)
    row.document = " ".join(tokens)
    row.vector = (tsvector_literal(tokens, GAPS)
                  if session.get_bind().dialect.name == "postgresql" else None)
    row.analyzer_version = ANALYZER_VERSION
    session.add(row)


def index_speaker_claims(session: Session, speaker: Speaker) -> None:
    """A speaker's names are part of their claims' documents: rewrite those documents, with one
    query for the claims, one for their documents and one flush."""
    _rewrite(session, select(Claim).where(Claim.speaker_id == speaker.id,
                                          Claim.retracted_at.is_(None)))


def _rewrite(session: Session, claims: Select[tuple[Claim]]) -> list[Claim]:
    batch = list(session.scalars(claims).unique())
    ids = [claim.id for claim in batch]
    # Loaded into the session, so that _write_document's get() finds them without a query each.
    session.scalars(select(ClaimSearch).where(ClaimSearch.claim_id.in_(ids))).all()
    for claim in batch:
        _write_document(session, claim)
    session.flush()
    return batch


def stale_claims(session: Session) -> int:
    """Live claims whose document is missing or was made by another analyzer version."""
    return session.scalar(
        select(func.count()).select_from(Claim)
        .outerjoin(ClaimSearch, ClaimSearch.claim_id == Claim.id)
        .where(Claim.retracted_at.is_(None),
               or_(ClaimSearch.claim_id.is_(None),
                   ClaimSearch.analyzer_version != ANALYZER_VERSION))
    ) or 0


def reindex_batch(session: Session, *, after: int, size: int) -> list[Claim]:
    """Rewrite the documents of the next `size` live claims with ids above `after`, in id order;
    the caller commits between batches (see `flask --app api search reindex`)."""
    return _rewrite(session, select(Claim).where(
        Claim.id > after, Claim.retracted_at.is_(None)).order_by(Claim.id).limit(size))
