"""The migrations build the schema the models describe, on both backends, and come back down."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

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
