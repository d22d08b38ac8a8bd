"""The migrations build the schema the models describe, on both backends, and come back down."""

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from api import create_app
from db import migrate
from db.base import Base
from db.engine import make_engine
from db.models import Status
from db.search_schema import include_object


def test_upgrade_from_empty_to_head_leaves_no_autogenerate_diff(backend):
    url = backend.new_database_url()
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include_object})
            assert compare_metadata(context, Base.metadata) == []
            codes = connection.scalars(select(Status.code)).all()
            assert {"unverified", "in_review", "false", "true", "misleading"} <= set(codes)
    finally:
        engine.dispose()


def test_downgrade_to_base_removes_every_table(backend):
    url = backend.new_database_url()
    migrate.upgrade(url)
    migrate.downgrade(url, revision="base")
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_the_search_migration_indexes_the_claims_already_there(backend):
    url = backend.new_database_url()
    migrate.upgrade(url, revision="0001")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            now = datetime.now(UTC)
            connection.execute(text(
                "INSERT INTO speakers (id, name, name_key, version, created_at, updated_at) "
                "VALUES (1, '마크 저커버그', '마크 저커버그', 1, :now, :now)"), {"now": now})
            connection.execute(text(
                "INSERT INTO speaker_aliases (speaker_id, name, name_key) "
                "VALUES (1, 'Mark Zuckerberg', 'mark zuckerberg')"))
            connection.execute(text(
                "INSERT INTO claims (id, text, text_key, speaker_id, said_on, language, "
                "status_code, version, created_at, updated_at) VALUES (1, :text, 'k', 1, "
                "'2025-04-29', 'ko', 'unverified', 1, :now, :now)"),
                {"text": "'증류(distillation)'는 오픈소스의 가장 강력한 기능", "now": now})
    finally:
        engine.dispose()

    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
    try:
        client = app.test_client()
        for q in ("증류", "distilling", "zuckerberg 오픈소스"):
            items = client.get("/v1/claims", query_string={"q": q}).get_json()["items"]
            assert [item["id"] for item in items] == [1], q
    finally:
        app.extensions["quotecheck.engine"].dispose()


def test_downgrading_the_access_migration_lifts_the_append_only_triggers(backend):
    url = backend.new_database_url()
    migrate.upgrade(url)
    migrate.downgrade(url, revision="0002")
    engine = make_engine(url)
    try:
        assert {"api_keys", "audit_log"}.isdisjoint(inspect(engine).get_table_names())
        with engine.begin() as connection:  # annotations may be corrected by hand again
            connection.execute(text("UPDATE annotations SET note = 'x'"))
            connection.execute(text("DELETE FROM annotations"))
    finally:
        engine.dispose()
    migrate.upgrade(url)  # and back up again


def test_the_verdict_dates_migration_fills_them_from_the_history(backend):
    url = backend.new_database_url()
    migrate.upgrade(url, revision="0005")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            times = [datetime(2025, 5, day, tzinfo=UTC) for day in (1, 2, 3, 4)]
            connection.execute(text(
                "INSERT INTO speakers (id, name, name_key, version, created_at, updated_at) "
                "VALUES (1, '한덕수', '한덕수', 1, :now, :now)"), {"now": times[0]})
            for claim_id in (1, 2):
                connection.execute(text(
                    "INSERT INTO claims (id, text, text_key, speaker_id, said_on, language, "
                    "status_code, version, created_at, updated_at) VALUES (:id, '말', :key, 1, "
                    "'2025-05-03', 'ko', 'unverified', 1, :now, :now)"),
                    {"id": claim_id, "key": f"k{claim_id}", "now": times[0]})
            # Claim 1: in review, a verdict, pending again, then a correction. Claim 2: pending.
            for claim_id, status, correction, at in ((1, "in_review", False, times[0]),
                                                     (1, "false", False, times[1]),
                                                     (1, "in_review", False, times[2]),
                                                     (1, "true", True, times[3]),
                                                     (2, "in_review", False, times[1])):
                connection.execute(text(
                    "INSERT INTO annotations (claim_id, status_code, previous_status_code, "
                    "is_correction, evidence, author, created_at) VALUES (:claim, :status, "
                    "'unverified', :correction, '[]', 'tests', :at)"),
                    {"claim": claim_id, "status": status, "correction": correction, "at": at})
        migrate.upgrade(url)
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT id, first_verdict_at, verdict_changed_at FROM claims ORDER BY id")).all()
        dates = {row.id: (row.first_verdict_at, row.verdict_changed_at) for row in rows}
        assert [as_utc(value) for value in (*dates[1], *dates[2])] == [
            times[1], times[3], None, None]
    finally:
        engine.dispose()


def as_utc(value):
    """A timestamp as plain SQL reads it back: SQLite gives text, PostgreSQL a datetime."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
