"""Annotations: the append-only history of a claim's verification, and the correction rule."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session, lazyload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from db.base import utcnow
from db.models import Annotation, Claim, Status
from services import audit, outbox
from services.claims import get_claim_any_state, require_live
from services.errors import NotFound, RuleViolation
from services.statuses import unknown_status


def annotate(session: Session, claim_id: int, data: Mapping[str, Any]) -> Annotation:
    """Append an annotation, by the session's actor, and make its status the claim's current
    status.

    Rule: a verdict that replaces an earlier, different verdict is a correction and must say why
    (a non-empty note). Pending statuses in between do not reset that: the comparison is with
    the latest verdict in the history.
    """
    claim, status = _lock_claim_with_status(session, claim_id, data["status"])
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
    # Even when the status stays the same, the claim row is updated, so its version and ETag move.
    changes: dict[str, Any] = {"updated_at": now}
    if status.code != claim.status_code:
        changes["status_code"] = status.code
    # The verdict dates ClaimReview publishes: the first verdict, and each change of verdict.
    if status.is_verdict and (previous_verdict is None or is_correction):
        if claim.first_verdict_at is None:
            changes["first_verdict_at"] = now
        changes["verdict_changed_at"] = now
    _write(session, annotation, claim, changes)
    audit.record(session, "annotation.created", annotation)
    return annotation


def _write(session: Session, annotation: Annotation, claim: Claim,
           changes: dict[str, Any]) -> None:
    """Store the new annotation and the claim's changed columns as the session's flush would: the
    annotation's INSERT (its id by RETURNING), the claim's UPDATE with its version checked and
    moved on (StaleDataError if it changed meanwhile). Two statements made once, not the unit
    of work, whose flush cost an annotation ~330 µs more. The objects are left as a flush
    leaves them: the annotation persistent with its id, the claim with its new values and
    nothing pending."""
    annotation.id = session.execute(
        _INSERT_ANNOTATION,
        {column: getattr(annotation, column) for column in _INSERT_ANNOTATION_COLUMNS},
    ).scalar_one()
    make_transient_to_detached(annotation)
    session.add(annotation)
    changes = {**changes, "version": claim.version + 1}
    updated = session.execute(
        _UPDATE_CLAIM, {"claim_id": claim.id, "expected_version": claim.version, **changes})
    if updated.rowcount != 1:
        raise StaleDataError(f"UPDATE statement on table 'claims' expected to update 1 row(s); "
                             f"{updated.rowcount} were matched.")
    for name, value in changes.items():
        set_committed_value(claim, name, value)


# Made once, as are the other statements of an annotation: building one and its cache key
# each time cost a request ~100 µs.
_LOCK_CLAIM_WITH_STATUS = (
    select(Claim, Status, outbox.anyone_listens())
    .outerjoin(Status, Status.code == bindparam("code"))
    .where(Claim.id == bindparam("claim_id"))
    .options(lazyload(Claim.speaker), lazyload(Claim.source), lazyload(Claim.tag_rows))
    .with_for_update(of=Claim)
    .execution_options(populate_existing=True))
_INSERT_ANNOTATION_COLUMNS = [column.key for column in Annotation.__table__.columns
                              if column.key != "id"]
_INSERT_ANNOTATION = insert(Annotation.__table__).returning(Annotation.__table__.c.id)
# The SET clause is the parameters' other names (the changed columns and the version).
_UPDATE_CLAIM = update(Claim.__table__).where(
    Claim.__table__.c.id == bindparam("claim_id"),
    Claim.__table__.c.version == bindparam("expected_version"))
_LATEST_VERDICT = (
    select(Annotation.status_code)
    .join(Status, Status.code == Annotation.status_code)
    .where(Annotation.claim_id == bindparam("claim_id"), Status.kind == "verdict")
    .order_by(Annotation.id.desc())
    .limit(1))


def _lock_claim_with_status(session: Session, claim_id: int, code: str) -> tuple[Claim, Status]:
    """The live claim, locked as get_claim(for_update=True) locks it, and the status `code`
    names, in one round trip instead of three: the status is joined in, and whether any webhook
    subscription listens is asked alongside (services.outbox). The claim's speaker, source and
    tags are not loaded: an annotation's answer does not show them (the outbox loads them if a
    subscription wants the claim in its payload). NotFound, Gone and the unknown status (422)
    come in that order, as before."""
    row = session.execute(_LOCK_CLAIM_WITH_STATUS, {"claim_id": claim_id, "code": code}).first()
    if row is None:
        raise NotFound(f"There is no claim {claim_id}.")
    claim, status, listening = row
    require_live(claim)
    if status is None:
        raise unknown_status(code)
    outbox.note_listening(session, listening)
    return claim, status


def latest_verdict(session: Session, claim_id: int) -> str | None:
    return session.scalar(_LATEST_VERDICT, {"claim_id": claim_id})


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
