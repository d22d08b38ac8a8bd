"""Engine and session set-up for SQLite (the embedded default) and PostgreSQL (production)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

# How long a SQLite writer waits for another writer's lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 5000

# Set while a unit of work means to write; SQLite then takes the write lock when the transaction
# begins (BEGIN IMMEDIATE). A deferred transaction that reads and then writes cannot wait for the
# lock: if another writer committed since its read, SQLite fails it at once ("database is
# locked") whatever the busy timeout. Taking the lock up front makes writers queue instead.
_write_intent: ContextVar[bool] = ContextVar("quotecheck_write_intent", default=False)


@contextmanager
def intends_to_write(intent: bool = True) -> Iterator[None]:
    """Transactions begun inside take SQLite's write lock up front (or, with False, only read:
    BEGIN, whatever the request around them means to do)."""
    token = _write_intent.set(intent)
    try:
        yield
    finally:
        _write_intent.reset(token)


@contextmanager
def short_lock_wait(session: Session, milliseconds: int) -> Iterator[None]:
    """Inside the block, a statement waits at most `milliseconds` for another transaction's
    lock, then fails: for work that should rather be skipped than make anyone wait."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(milliseconds)}ms'")
        yield
        return
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(milliseconds)}")
    try:
        yield
    finally:  # the connection goes back to the pool: its usual patience with it
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")


def set_write_intent(value: bool) -> object:
    """For callers that cannot wrap their work in `intends_to_write` (a request's hooks);
    returns a token for `reset_write_intent`."""
    return _write_intent.set(value)


def reset_write_intent(token: object) -> None:
    _write_intent.reset(token)  # type: ignore[arg-type]


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; on SQLite, with foreign keys on, WAL and transactions that really begin."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine, in_memory=parsed.database in (None, "", ":memory:"))
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # psycopg prepares a statement after 5 runs, and PostgreSQL then may switch to one generic
    # plan: for a search, a scan of every match instead of the newest few (30 ms became 200 ms
    # from the 10th query on). Planning each query for its own parameters is cheaper here.
    kwargs.setdefault("connect_args", {}).setdefault("prepare_threshold", None)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine, *, in_memory: bool) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; the recipe from the
    # SQLAlchemy docs takes control of BEGIN so transactions and savepoints behave as on PostgreSQL.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")


def database_answers(session: Session) -> bool:
    """The readiness probe: a trivial query round-trips."""
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


def default_database_url(instance_dir: str) -> str:
    """The embedded default: a SQLite file in the instance folder, made on first use."""
    Path(instance_dir).mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(instance_dir).resolve() / "quotecheck.db")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit: views serialise them after the transaction ends.
    return sessionmaker(bind=engine, expire_on_commit=False)
