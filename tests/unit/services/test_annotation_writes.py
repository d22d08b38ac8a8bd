"""services.annotations writes an annotation with two statements of its own, not the unit of
work: the rows and the objects must end up as a flush would leave them."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

import services.annotations as annotations
from db.models import Annotation, AuditEvent, Claim
from services.annotations import annotate
from tests.factories import ClaimFactory


def stored(session, claim_id):
    """The claim's row as the database has it, not as the session remembers it."""
    session.expire_all()
    return session.scalar(select(Claim).where(Claim.id == claim_id))


def test_an_annotation_is_stored_and_left_persistent_with_nothing_pending(session):
    claim = ClaimFactory()
    session.flush()
    version = claim.version
    annotation = annotate(session, claim.id, {"status": "false", "note": " Wrong. ",
                                              "evidence": [{"url": "https://a.example/x"}]})
    assert annotation in session and not session.dirty
    # At most its audit row waits, for the commit's flush (or an earlier autoflush).
    assert all(isinstance(pending, AuditEvent) for pending in session.new)
    assert session.get(Annotation, annotation.id) is annotation
    assert (claim.status, claim.version) == ("false", version + 1)
    assert claim.first_verdict_at == claim.verdict_changed_at == annotation.created_at
    row = stored(session, claim.id)
    assert (row.status_code, row.version, row.updated_at) == ("false", version + 1,
                                                              annotation.created_at)
    again = session.scalar(select(Annotation).where(Annotation.id == annotation.id))
    assert (again.note, again.evidence, again.previous_status) == (
        "Wrong.", [{"url": "https://a.example/x"}], "unverified")


def test_the_first_verdict_date_stays_and_a_pending_status_moves_only_the_version(session):
    claim = ClaimFactory()
    first = annotate(session, claim.id, {"status": "false"}).created_at
    pending = annotate(session, claim.id, {"status": "in_review"})
    row = stored(session, claim.id)
    assert (row.first_verdict_at, row.verdict_changed_at) == (first, first)
    assert (row.status_code, row.updated_at) == ("in_review", pending.created_at)
    correction = annotate(session, claim.id, {"status": "true", "note": "New figures."})
    row = stored(session, claim.id)
    assert (row.first_verdict_at, row.verdict_changed_at) == (first, correction.created_at)


def test_a_claim_changed_behind_the_sessions_back_is_stale(session, monkeypatch):
    claim = ClaimFactory()
    session.flush()
    locked = annotations._lock_claim_with_status

    def lock_then_forget(*args, **kwargs):
        claim, status = locked(*args, **kwargs)
        set_committed_value(claim, "version", claim.version - 1)  # as if read before a change
        return claim, status

    monkeypatch.setattr(annotations, "_lock_claim_with_status", lock_then_forget)
    with pytest.raises(StaleDataError):
        annotate(session, claim.id, {"status": "in_review"})
