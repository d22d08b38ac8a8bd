"""services.annotations: the correction rule and the history, without HTTP."""

import pytest

from services.annotations import annotate, history, latest_verdict
from services.claims import retract_claim
from services.errors import Gone, RuleViolation
from tests.factories import ClaimFactory


def test_the_first_verdict_needs_no_note(session):
    claim = ClaimFactory()
    annotation = annotate(session, claim.id, {"status": "mostly_false"})
    assert (annotation.previous_status, annotation.is_correction) == ("unverified", False)
    assert claim.status == "mostly_false"


def test_a_different_verdict_needs_a_note_even_across_pending_statuses(session):
    claim = ClaimFactory()
    annotate(session, claim.id, {"status": "false", "note": "First reading."})
    annotate(session, claim.id, {"status": "in_review"})
    assert latest_verdict(session, claim.id) == "false"
    with pytest.raises(RuleViolation) as refused:
        annotate(session, claim.id, {"status": "mixed", "note": "  "})
    assert refused.value.slug == "correction-needs-note"
    correction = annotate(session, claim.id, {"status": "mixed", "note": "New figures."})
    assert correction.is_correction is True
    assert [a.status for a in history(session, claim.id)] == ["false", "in_review", "mixed"]


def test_a_retracted_claim_takes_no_annotation_but_keeps_its_history(session):
    claim = ClaimFactory()
    annotate(session, claim.id, {"status": "true"})
    retract_claim(session, claim, "Misattributed.")
    with pytest.raises(Gone):
        annotate(session, claim.id, {"status": "false", "note": "x"})
    assert [a.status for a in history(session, claim.id)] == ["true"]
