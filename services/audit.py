"""The audit log: every write records who did it, what it did to which record, and the fields
that changed, before and after, in the same transaction as the write.

The actor rides on the session (`session.info["actor"]`): the API sets it from the request's
key, the command line from the user running it. A write with no actor is a bug, and fails.
"""

import getpass
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, and_, cast, insert, or_, select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.copy import insert_rows
from db.models import (
    Annotation,
    ApiKey,
    AuditEvent,
    Claim,
    Source,
    Speaker,
    Status,
    WebhookSubscription,
)
from services import outbox
from services.pagination import Page, paginate_by_id_desc


@dataclass(frozen=True)
class Actor:
    """Who writes: a key's holder (with the key's id), or a command-line user."""

    name: str
    key_id: int | None = None


# What the command line's actors are called: "cli:<user>". No key may take such a name.
COMMAND_LINE_PREFIX = "cli:"


def command_line_actor() -> Actor:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # a container's user may have no name
        user = "unknown"
    return Actor(f"{COMMAND_LINE_PREFIX}{user}")


def act_as(session: Session, actor: Actor) -> None:
    session.info["actor"] = actor


def actor_of(session: Session) -> Actor:
    actor = session.info.get("actor")
    if actor is None:
        raise RuntimeError("a write with no actor: call services.audit.act_as first")
    return actor


# What the log keeps of each kind of record, by the names the API uses. Bookkeeping (ids,
# versions, timestamps that every write moves, normalised keys, a key's hash) is left out;
# tests/unit/services/test_audit.py checks that every column is one or the other.
AUDITED_FIELDS: dict[type, tuple[str, ...]] = {
    Claim: ("text", "summary", "speaker_id", "said_on", "source_id", "language", "context",
            "tags", "retracted_at", "retraction_reason"),
    Speaker: ("name", "title", "organization", "wikidata_id", "aliases"),
    Source: ("url", "outlet", "title", "published_on", "language"),
    Annotation: ("claim_id", "status", "previous_status", "is_correction", "note", "evidence",
                 "author"),
    Status: ("label", "kind", "rating_value", "description"),
    ApiKey: ("name", "role", "prefix", "expires_at", "revoked_at"),
    # Never the secret: its rotation shows as secret_updated_at.
    WebhookSubscription: ("url", "events", "active", "disabled_reason", "secret_updated_at"),
}

TARGET_TYPES: dict[type, str] = {
    Claim: "claim", Speaker: "speaker", Source: "source", Annotation: "annotation",
    Status: "status", ApiKey: "key", WebhookSubscription: "webhook",
}

_READERS: dict[str, Callable[[Any], Any]] = {
    "aliases": lambda speaker: [{"name": alias.name, "language": alias.language}
                                for alias in speaker.aliases],
}


def snapshot(record: Any) -> dict[str, Any]:
    """The audited fields of a record, as JSON values."""
    return {field: _json_value(_READERS.get(field, lambda r, f=field: getattr(r, f))(record))
            for field in AUDITED_FIELDS[type(record)]}


def snapshot_of_new(model: type, values: Mapping[str, Any]) -> dict[str, Any]:
    """What snapshot() gives for a new `model` record with these values (None for the fields
    not given), without building the record: for a bulk import's thousands of claims."""
    return {field: _json_value(values.get(field)) for field in AUDITED_FIELDS[model]}


def record(session: Session, action: str, target: Any, *,
           before: Mapping[str, Any] | None = None) -> AuditEvent | None:
    """Log `action` on `target`. With `before` (a snapshot taken before the change), only the
    fields that changed are kept, and nothing is logged when none did; without it, the target
    is new and its whole snapshot is kept."""
    session.flush()  # the target's id, and foreign keys set through relationships
    after = snapshot(target)
    if before is not None:
        changed = [field for field in after if after[field] != before.get(field)]
        if not changed:
            return None
        before, after = ({field: before.get(field) for field in changed},
                         {field: after[field] for field in changed})
    event = _event(actor_of(session), action, target,
                   dict(before) if before is not None else None, after)
    # A statement made once, not the unit of work: the ORM's flush of the event at commit cost
    # every write ~250 µs. The event object stays out of the session (nothing reads it back).
    session.execute(_INSERT_EVENT, _row_of(event))
    outbox.events_for(session, event, target)  # webhooks, in this same transaction
    return event


def record_created(session: Session, action: str, targets: list[Any]) -> None:
    """`record(session, action, target)` for each of many new targets, with one flush before
    and one INSERT for their log rows, COPY on PostgreSQL (a bulk import creates thousands)."""
    if not targets:
        return
    session.flush()
    actor, now = actor_of(session), utcnow()
    rows = [{"occurred_at": now, "actor": actor.name, "key_id": actor.key_id, "action": action,
             "target_type": TARGET_TYPES[type(target)], "target_id": str(_key_of(target)),
             "before": None, "after": snapshot(target)} for target in targets]
    if outbox.listens(session, action):
        for target, row in zip(targets, rows, strict=True):
            outbox.events_for(session, AuditEvent(**row), target)  # webhooks, as record() does
    insert_rows(session, AuditEvent.__table__, rows)


@dataclass(frozen=True)
class AuditFilters:
    actor: str | None = None
    key_id: int | None = None
    action: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    claim_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


def list_events(session: Session, filters: AuditFilters, *, cursor: str | None = None,
                limit: int = 20) -> Page[AuditEvent]:
    """The log, newest first."""
    query = select(AuditEvent)
    for column, value in ((AuditEvent.actor, filters.actor), (AuditEvent.key_id, filters.key_id),
                          (AuditEvent.action, filters.action),
                          (AuditEvent.target_type, filters.target_type),
                          (AuditEvent.target_id, filters.target_id)):
        if value is not None:
            query = query.where(column == value)
    if filters.claim_id is not None:
        # The claim's own events and those of its annotations: its whole story.
        annotations = select(cast(Annotation.id, String)).where(
            Annotation.claim_id == filters.claim_id)
        query = query.where(or_(
            and_(AuditEvent.target_type == "claim",
                 AuditEvent.target_id == str(filters.claim_id)),
            and_(AuditEvent.target_type == "annotation", AuditEvent.target_id.in_(annotations))))
    if filters.since is not None:
        query = query.where(AuditEvent.occurred_at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEvent.occurred_at < filters.until)
    return paginate_by_id_desc(session, query, AuditEvent.id, cursor=cursor, limit=limit)


def _event(actor: Actor, action: str, target: Any, before: dict[str, Any] | None,
           after: dict[str, Any]) -> AuditEvent:
    return AuditEvent(occurred_at=utcnow(), actor=actor.name, key_id=actor.key_id,
                      action=action, target_type=TARGET_TYPES[type(target)],
                      target_id=str(_key_of(target)), before=before, after=after)


_INSERT_EVENT = insert(AuditEvent.__table__)
_EVENT_COLUMNS = [column.key for column in AuditEvent.__table__.columns if column.key != "id"]


def _row_of(event: AuditEvent) -> dict[str, Any]:
    return {column: getattr(event, column) for column in _EVENT_COLUMNS}


def _key_of(target: Any) -> int | str:
    return target.code if isinstance(target, Status) else target.id


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    return value
