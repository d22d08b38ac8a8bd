"""The audit log's coverage: every column of every model is either logged or left out on
purpose, so a new column cannot go unaudited by accident."""

import pytest
from sqlalchemy import inspect

from db.base import Base
from db.models import (
    ApiKey,
    Claim,
    ClaimSearch,
    ClaimTag,
    IdempotencyRecord,
    SpeakerAlias,
    Status,
    WebhookDelivery,
    WebhookSubscription,
)
from services import audit

# Columns the log leaves out, and why: row identity (the event's target names it), bookkeeping
# every write moves, derived keys, and what must never be written down.
LEFT_OUT = {"id", "version", "created_at", "updated_at", "text_key", "name_key", "outlet_key"}
LEFT_OUT_BY_MODEL = {
    # Changed by annotations, whose events carry them.
    Claim: {"status_code", "first_verdict_at", "verdict_changed_at"},
    Status: {"code"},  # the target id
    ApiKey: {"secret_hash",  # never logged
             "created_by", "last_used_at"},  # the event's actor; use, not a write
    WebhookSubscription: {"secret",  # never logged
                          "created_by", "failure_count"},  # the event's actor; the worker's count
}
# Columns logged under the name the API gives them.
API_NAMES = {"status_code": "status", "previous_status_code": "previous_status"}
# Rows that are part of another record's log entry, derived, or the log itself.
NOT_TARGETS = {ClaimTag, SpeakerAlias, ClaimSearch, audit.AuditEvent, IdempotencyRecord,
               WebhookDelivery}  # the outbox and delivery log


def test_every_model_written_through_the_api_is_audited():
    models = {mapper.class_ for mapper in Base.registry.mappers}
    assert models - NOT_TARGETS == set(audit.AUDITED_FIELDS)


@pytest.mark.parametrize("model", list(audit.AUDITED_FIELDS), ids=lambda m: m.__name__)
def test_every_column_is_logged_or_left_out_on_purpose(model):
    logged = set(audit.AUDITED_FIELDS[model])
    for column in inspect(model).column_attrs:
        name = column.key
        assert (API_NAMES.get(name, name) in logged or name in LEFT_OUT
                or name in LEFT_OUT_BY_MODEL.get(model, set())), f"{model.__name__}.{name}"


def test_a_write_without_an_actor_fails_loudly(session):
    session.info.pop("actor")
    with pytest.raises(RuntimeError, match="no actor"):
        audit.record(session, "status.created", Status(code="x", label="x", kind="pending"))


def test_the_command_line_actor_names_the_user():
    assert audit.command_line_actor().name.startswith("cli:")



def test_the_roles_the_database_allows_are_the_roles_access_knows():
    from db.models import ROLES
    from services.access import Role
    assert tuple(Role.__members__) == ROLES
