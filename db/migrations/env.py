"""Alembic environment: migrates the database named by the caller, or by DATABASE_URL."""

import os

from alembic import context

from db import models  # noqa: F401  (registers the tables on Base.metadata)
from db.base import Base, UTCDateTime
from db.engine import default_database_url, make_engine
from db.search_schema import include_object

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    # `flask --app api db upgrade` passes the app's URL; a developer's `alembic` run from the
    # project folder gets DATABASE_URL or the same default as the app (instance/quotecheck.db).
    return (config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL")
            or default_database_url("instance"))


def _render_item(type_, obj, autogen_context):
    # Migrations stay free of app code: UTCDateTime is a timestamptz column to the database.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
