"""ClaimReview: a claim's verdict as schema.org JSON-LD, the markup fact-check aggregators read."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import func, literal, select, tuple_
from sqlalchemy.orm import Session, defaultload, lazyload

from db.base import UTCDateTime
from db.models import Claim, Speaker, Status
from services.claims import get_claim
from services.errors import Conflict
from services.pagination import Page, decode_cursor, encode_cursor, id_value, invalid_cursor

SCHEMA_ORG = "https://schema.org"
WIKIDATA_ENTITY = "https://www.wikidata.org/wiki/"


@dataclass(frozen=True)
class Publisher:
    """Who publishes the reviews (the ClaimReview's author) and where each claim lives on the web.
    The HTTP layer knows the paths, so it hands over `claim_url`."""

    name: str
    url: str
    claim_url: Callable[[int], str]


class VerdictDates(NamedTuple):
    # The first verdict, and the latest change of verdict (the latest correction, or the first
    # verdict when it was never corrected).
    published_at: datetime
    modified_at: datetime


class Scale(NamedTuple):
    best: int | None
    worst: int | None


def claim_review(session: Session, claim_id: int, publisher: Publisher) -> dict[str, Any]:
    """The ClaimReview of a live claim whose current status is a verdict. A retracted claim is
    Gone; one with no verdict (never reviewed, or back in review) is a Conflict."""
    claim = get_claim(session, claim_id)
    status = session.get(Status, claim.status_code)
    dates = _dates_of(claim)
    if status is None or not status.is_verdict or dates is None:
        raise Conflict(f"Claim {claim_id} has no verdict: its status is {claim.status_code!r}. "
                       "A ClaimReview exists once a fact-checker gives one.", slug="no-verdict-yet")
    return document(claim, status, dates, rating_scale(session), publisher)


def feed(session: Session, publisher: Publisher, *, since: datetime | None = None,
         cursor: str | None = None, limit: int = 20) -> Page[dict[str, Any]]:
    """The ClaimReviews of live claims whose current status is a verdict, the latest change of
    verdict first (then the newest claim). `since`: verdicts changed at or after it.

    Two queries a page, whatever its size: the claims with their speaker, source and status in
    one (walking the index on (verdict_changed_at, id)), and the rating scale.
    """
    query = (
        select(Claim, Status)
        .join(Status, Status.code == Claim.status_code)
        .where(Claim.retracted_at.is_(None), Status.kind == "verdict",
               Claim.verdict_changed_at.is_not(None))
        # The speaker and source come joined (the model's default); tags and aliases are not
        # part of a ClaimReview, so they are not loaded at all.
        .options(lazyload(Claim.tag_rows), defaultload(Claim.speaker).lazyload(Speaker.aliases))
    )
    if since is not None:
        query = query.where(Claim.verdict_changed_at >= since)
    if cursor is not None:
        changed_at, claim_id = _parse_cursor(cursor)
        query = query.where(tuple_(Claim.verdict_changed_at, Claim.id)
                            < tuple_(literal(changed_at, UTCDateTime), literal(claim_id)))
    query = query.order_by(Claim.verdict_changed_at.desc(), Claim.id.desc()).limit(limit + 1)
    rows = session.execute(query).all()
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1].Claim
        next_cursor = encode_cursor([last.verdict_changed_at.isoformat(), last.id])
    scale = rating_scale(session) if rows else Scale(None, None)
    items = [document(row.Claim, row.Status, _dates_of(row.Claim), scale, publisher)
             for row in rows[:limit]]
    return Page(items=items, next_cursor=next_cursor)


def rating_scale(session: Session) -> Scale:
    """The best and worst rating values of the scale's verdicts (5 and 1 by default)."""
    best, worst = session.execute(
        select(func.max(Status.rating_value), func.min(Status.rating_value))
        .where(Status.kind == "verdict")).one()
    return Scale(best, worst)


def document(claim: Claim, status: Status, dates: VerdictDates, scale: Scale,
             publisher: Publisher) -> dict[str, Any]:
    """The mapping itself: one claim and its verdict as a schema.org ClaimReview."""
    return {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": publisher.claim_url(claim.id),
        "claimReviewed": claim.text,
        "datePublished": dates.published_at.isoformat(),
        "dateModified": dates.modified_at.isoformat(),
        "author": {"@type": "Organization", "name": publisher.name, "url": publisher.url},
        "reviewRating": _rating(status, scale),
        "itemReviewed": _item_reviewed(claim),
    }


def _rating(status: Status, scale: Scale) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating"}
    # A verdict off the numeric scale (misleading, unverifiable) has no number: it is published
    # by its label alone, which Google accepts. Numbers without a place on a scale would lie.
    if status.rating_value is not None:
        rating.update(ratingValue=status.rating_value, bestRating=scale.best,
                      worstRating=scale.worst)
    rating["alternateName"] = status.label
    return rating


def _item_reviewed(claim: Claim) -> dict[str, Any]:
    speaker: dict[str, Any] = {"@type": "Person", "name": claim.speaker.name}
    if claim.speaker.wikidata_id:
        speaker["sameAs"] = WIKIDATA_ENTITY + claim.speaker.wikidata_id
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": speaker,
        "datePublished": claim.said_on.isoformat(),
        "inLanguage": claim.language,
    }
    if claim.source is not None and claim.source.url:
        # The claim is stored from this source, so it is the first appearance we know of.
        item["appearance"] = {"@type": "CreativeWork", "url": claim.source.url}
        item["firstAppearance"] = {"@type": "CreativeWork", "url": claim.source.url}
    return item


def _dates_of(claim: Claim) -> VerdictDates | None:
    if claim.first_verdict_at is None or claim.verdict_changed_at is None:
        return None
    return VerdictDates(claim.first_verdict_at, claim.verdict_changed_at)


def _parse_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        moment, claim_id = decode_cursor(cursor, 2)
        changed_at = datetime.fromisoformat(moment)
        if changed_at.tzinfo is None:
            raise ValueError("a cursor's time has a zone")
        # In UTC here, where a time UTC cannot hold is the cursor's fault, not a crash later.
        return changed_at.astimezone(UTC), id_value(claim_id)
    except (TypeError, ValueError, OverflowError) as exc:
        raise invalid_cursor() from exc
