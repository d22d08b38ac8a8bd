"""The webhook outbox: turns audited writes into webhook events, queued as deliveries in the
transaction of the write itself, so an event is never lost nor sent for a write that did not
happen.

services.audit.record() calls `events_for` for every write; this module decides which writes
are events:
- `claim.created`, `claim.updated`, `claim.retracted`: the audit actions of the same names;
- `annotation.created`: every new annotation;
- `verdict.changed`: a new annotation whose status is a verdict that differs from the claim's
  latest verdict before it, or that is its first verdict. A pending status in between
  (`in_review`) neither resets nor changes the verdict, so `false` -> `in_review` -> `false` is
  not a change.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import Annotation, AuditEvent, Claim, Status, WebhookDelivery, WebhookSubscription

# The audit actions that are webhook events, and the events each may give.
_EVENTS_OF_ACTION = {
    "claim.created": ("claim.created",),
    "claim.updated": ("claim.updated",),
    "claim.retracted": ("claim.retracted",),
    "annotation.created": ("annotation.created", "verdict.changed"),
}
_CACHE = "quotecheck.webhook_subscriptions"


def events_for(session: Session, audit_event: AuditEvent, target: Any) -> list[WebhookDelivery]:
    """Queue one delivery per active subscription to each event the write gives."""
    candidates = _EVENTS_OF_ACTION.get(audit_event.action)
    if not candidates:
        return []
    if not listens(session, audit_event.action):
        return []  # nobody listens: not even the payload is built
    subscriptions = _active_subscriptions(session)
    events = [name for name in candidates
              if name != "verdict.changed" or _changes_the_verdict(session, target)]
    now = utcnow()
    deliveries = []
    for name in events:
        listeners = [s for s in subscriptions if name in s.events]
        if not listeners:
            continue
        claim_id, payload = _payload(session, name, audit_event, target, now)
        for subscription in listeners:
            delivery = WebhookDelivery(uuid=str(uuid.uuid4()), subscription_id=subscription.id,
                                       event=name, claim_id=claim_id, payload=payload,
                                       state="pending", attempts=0, next_attempt_at=now,
                                       created_at=now)
            session.add(delivery)
            deliveries.append(delivery)
    return deliveries


def listens(session: Session, action: str) -> bool:
    """Whether an active subscription wants an event that audit `action` may give: when none
    does, events_for does nothing, and a caller can skip building its arguments."""
    candidates = set(_EVENTS_OF_ACTION.get(action, ()))
    return any(candidates & set(s.events) for s in _active_subscriptions(session))


def anyone_listens() -> ColumnElement[bool]:
    """Whether any subscription is active, as a column to add to a query that a write makes
    anyway (the annotation's lock on its claim); hand its value to `note_listening`."""
    return exists().where(WebhookSubscription.active.is_(True))


def note_listening(session: Session, listening: bool) -> None:
    """What `anyone_listens` said, in this transaction. When nobody listens, the transaction's
    writes look up no subscriptions (a round trip each transaction); when someone does, they
    are looked up as usual, at the first event."""
    if not listening:
        session.info[_CACHE] = (session.get_transaction(), [])


def forget_subscriptions(session: Session) -> None:
    """A subscription changed in this transaction: look them up again on the next event."""
    session.info.pop(_CACHE, None)


def _active_subscriptions(session: Session) -> list[WebhookSubscription]:
    # Looked up once per transaction, not once per write: a bulk import writes thousands.
    transaction = session.get_transaction()
    cached = session.info.get(_CACHE)
    if cached is not None and cached[0] is transaction:
        return cached[1]
    subscriptions = list(session.scalars(
        select(WebhookSubscription).where(WebhookSubscription.active.is_(True))))
    session.info[_CACHE] = (transaction, subscriptions)
    return subscriptions


def _changes_the_verdict(session: Session, annotation: Annotation) -> bool:
    status = session.get(Status, annotation.status_code)
    if status is None or not status.is_verdict:
        return False
    return _previous_verdict(session, annotation) != annotation.status_code


def _payload(session: Session, event: str, audit_event: AuditEvent, target: Any,
             now: datetime) -> tuple[int, dict[str, Any]]:
    body: dict[str, Any] = {"event": event, "occurred_at": now.isoformat()}
    if isinstance(target, Annotation):
        claim = session.get(Claim, target.claim_id)
        body["claim"] = _claim(claim)
        body["annotation"] = _annotation(target)
        if event == "verdict.changed":
            body["verdict"] = target.status_code
            body["previous_verdict"] = _previous_verdict(session, target)
        return claim.id, body
    body["claim"] = _claim(target)
    if event == "claim.updated":
        body["changed"] = sorted(audit_event.after or {})
    return target.id, body


def _previous_verdict(session: Session, annotation: Annotation) -> str | None:
    # The annotation is flushed already: the verdict before it is the latest one below its id.
    return session.scalar(
        select(Annotation.status_code)
        .join(Status, Status.code == Annotation.status_code)
        .where(Annotation.claim_id == annotation.claim_id, Annotation.id < annotation.id,
               Status.kind == "verdict")
        .order_by(Annotation.id.desc()).limit(1))


def _claim(claim: Claim) -> dict[str, Any]:
    """The claim, compactly: what a receiver needs to act without calling back."""
    return {
        "id": claim.id, "path": f"/v1/claims/{claim.id}", "text": claim.text,
        "summary": claim.summary, "said_on": claim.said_on.isoformat(),
        "speaker": {"id": claim.speaker.id, "name": claim.speaker.name},
        "source_id": claim.source_id, "language": claim.language, "tags": claim.tags,
        "status": claim.status_code, "version": claim.version,
        "retracted_at": claim.retracted_at.isoformat() if claim.retracted_at else None,
        "retraction_reason": claim.retraction_reason,
    }


def _annotation(annotation: Annotation) -> dict[str, Any]:
    return {
        "id": annotation.id, "status": annotation.status_code,
        "previous_status": annotation.previous_status_code,
        "is_correction": annotation.is_correction, "note": annotation.note,
        "author": annotation.author,
        "created_at": annotation.created_at.isoformat() if annotation.created_at else None,
    }
