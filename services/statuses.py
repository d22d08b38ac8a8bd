"""The status vocabulary: the rating scale claims are annotated with."""

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from db.locks import lock_names
from db.models import Status
from services import audit
from services.errors import Conflict, NotFound, RuleViolation

# Every claim starts here; the initial migration creates it with the rest of the default scale.
INITIAL_STATUS = "unverified"


def list_statuses(session: Session) -> list[Status]:
    pending_first = case((Status.kind == "pending", 0), else_=1)
    return list(session.scalars(
        select(Status).order_by(pending_first, Status.rating_value.is_(None),
                                Status.rating_value, Status.code)
    ))


def get_status(session: Session, code: str) -> Status:
    status = session.get(Status, code)
    if status is None:
        raise NotFound(f"There is no status {code!r}.")
    return status


def require_status(session: Session, code: str) -> Status:
    """The status named by a client's input; an unknown code is the client's error (422)."""
    status = session.get(Status, code)
    if status is None:
        raise unknown_status(code)
    return status


def unknown_status(code: str) -> RuleViolation:
    return RuleViolation(
        f"Unknown status {code!r}; GET /v1/statuses lists the scale.",
        errors={"status": [f"Unknown status {code!r}."]},
        slug="unknown-status",
    )


def create_status(session: Session, *, code: str, label: str, kind: str,
                  rating_value: int | None = None, description: str | None = None) -> Status:
    """Add a newsroom's own status to the scale."""
    lock_names(session, "status", code)
    if session.get(Status, code) is not None:
        raise Conflict(f"The status {code!r} exists already.",
                       existing=("status", code), slug="duplicate-status")
    if kind == "pending" and rating_value is not None:
        raise RuleViolation("Only verdicts carry a rating value.",
                            errors={"rating_value": ["Only verdicts carry a rating value."]})
    status = Status(code=code, label=label, kind=kind, rating_value=rating_value,
                    description=description)
    session.add(status)
    session.flush()
    audit.record(session, "status.created", status)
    return status
