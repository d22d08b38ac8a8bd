"""Annotations: the append-only history of a claim's verification, and the correction rule."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import Annotation, Status
from services import audit
from services.claims import get_claim, get_claim_any_state
from services.errors import NotFound, RuleViolation
from services.statuses import require_status


def annotate(session: Session, claim_id: int, data: Mapping[str, Any]) -> Annotation:
    """Append an annotation, by the session's actor, and make its status the claim's current
    status.

    Rule: a verdict that replaces an earlier, different verdict is a correction and must say why
    (a non-empty note). Pending statuses in between do not reset that: the comparison is with
    the latest verdict in the history.
    """
    claim = get_claim(session, claim_id, for_update=True)
    status = require_status(session, data["status"])
    note = (data.get("note") or "").strip() or None
    # Only a verdict is compared with the one before it: a pending status needs no history.
    previous_verdict = latest_verdict(session, claim.id) if status.is_verdict else None
    is_correction = (status.is_verdict and previous_verdict is not None
                     and previous_verdict != status.code)
    if is_correction and note is None:
        message = (f"Changing the verdict from {previous_verdict!r} to {status.code!r} is a "
                   "correction: say why in `note`.")
        raise RuleViolation(message, errors={"note": [message]}, slug="correction-needs-note")
    now = utcnow()
    annotation = Annotation(
        created_at=now,
        claim_id=claim.id,
        status_code=status.code,
        previous_status_code=claim.status_code,
        is_correction=is_correction,
        note=note,
        evidence=[dict(item) for item in data.get("evidence", [])],
        author=audit.actor_of(session).name,
    )
    session.add(annotation)
    claim.status_code = status.code
    # Even when the status stays the same, the claim row is updated, so its version and ETag move.
    claim.updated_at = now
    # The verdict dates ClaimReview publishes: the first verdict, and each change of verdict.
    if status.is_verdict and (previous_verdict is None or is_correction):
        claim.first_verdict_at = claim.first_verdict_at or now
        claim.verdict_changed_at = now
    session.flush()
    audit.record(session, "annotation.created", annotation)
    return annotation


def latest_verdict(session: Session, claim_id: int) -> str | None:
    return session.scalar(
        select(Annotation.status_code)
        .join(Status, Status.code == Annotation.status_code)
        .where(Annotation.claim_id == claim_id, Status.kind == "verdict")
        .order_by(Annotation.id.desc())
        .limit(1)
    )


def history(session: Session, claim_id: int) -> list[Annotation]:
    """Every annotation of a claim, oldest first; readable after a retraction too."""
    get_claim_any_state(session, claim_id)
    return list(session.scalars(
        select(Annotation).where(Annotation.claim_id == claim_id).order_by(Annotation.id)))


def get_annotation(session: Session, claim_id: int, annotation_id: int) -> Annotation:
    annotation = session.get(Annotation, annotation_id)
    if annotation is None or annotation.claim_id != claim_id:
        raise NotFound(f"Claim {claim_id} has no annotation {annotation_id}.")
    return annotation
