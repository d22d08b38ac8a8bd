"""Fixtures: every database test runs on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.

The schema comes from the real migrations, once per backend. Each test then runs inside an outer
transaction on one connection that is rolled back afterwards; the app's own commits become
savepoint releases on that connection, so tests never see each other's data.
"""

import os
import uuid
from collections.abc import Iterator

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api import create_app
from api.transaction import session_factory
from db import migrate
from db.engine import make_engine
from services import audit, keys
from tests import factories

REDIS_SKIP_REASON = ("Redis-backed rate limits not run: set TEST_REDIS_URL "
                     "(e.g. redis://127.0.0.1:6379/0) to run them")
PG_SKIP_REASON = ("PostgreSQL half not run: set TEST_DATABASE_URL "
                  "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run it")


class Backend:
    """A database for one test session: a temporary SQLite file, or a throwaway schema in the
    PostgreSQL database TEST_DATABASE_URL names (nothing else in that database is touched)."""

    def __init__(self, name: str, tmp_dir) -> None:
        self.name = name
        self.tmp_dir = tmp_dir
        self._schemas: list[str] = []

    def new_database_url(self) -> str:
        """A URL to a database (or schema) with nothing in it."""
        if self.name == "sqlite":
            return f"sqlite:///{self.tmp_dir / f'{uuid.uuid4().hex}.db'}"
        schema = f"qc_test_{uuid.uuid4().hex[:12]}"
        with self._admin_engine().begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        self._schemas.append(schema)
        url = make_url(os.environ["TEST_DATABASE_URL"])
        return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)

    def drop_all(self) -> None:
        if not self._schemas:
            return
        engine = self._admin_engine()
        with engine.begin() as conn:
            for schema in self._schemas:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()

    def _admin_engine(self) -> Engine:
        return make_engine(os.environ["TEST_DATABASE_URL"])


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request, tmp_path_factory) -> Iterator[Backend]:
    if request.param == "postgresql" and not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip(PG_SKIP_REASON)
    backend = Backend(request.param, tmp_path_factory.mktemp(request.param))
    yield backend
    backend.drop_all()


@pytest.fixture(scope="session")
def database_url(backend: Backend) -> str:
    url = backend.new_database_url()
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


# The actor of writes made through the test session (factories, services called directly).
TEST_ACTOR = audit.Actor("tests")


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    """A session for service-level tests; its commits are savepoints inside the test's
    transaction. Factories write through it."""
    with Session(bind=connection, join_transaction_mode="create_savepoint",
                 expire_on_commit=False) as session:
        audit.act_as(session, TEST_ACTOR)
        factories.bind(session)
        yield session


@pytest.fixture(scope="session")
def session_app(database_url: str) -> Flask:
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"})


@pytest.fixture
def app(session_app: Flask, connection: Connection, session: Session) -> Iterator[Flask]:
    """The app, its request sessions bound to this test's connection."""
    make_session = session_factory(session_app)
    make_session.configure(bind=connection, join_transaction_mode="create_savepoint")
    # Each test starts with full rate-limit budgets.
    for limiter in session_app.extensions["limiter"]:
        limiter.reset()
    yield session_app
    make_session.configure(bind=session_app.extensions["quotecheck.engine"],
                           join_transaction_mode="conservative_savepoint")


def make_key(session: Session, role: str, name: str | None = None, **options) -> str:
    """A new key with `role`, stored in the test's transaction; returns the key itself."""
    new = keys.create_key(session, name=name or f"Test {role}", role=role, **options)
    session.flush()
    return new.secret


def client_with_key(app: Flask, key: str | None) -> FlaskClient:
    client = app.test_client()
    if key is not None:
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


@pytest.fixture
def client(app: Flask, session: Session) -> FlaskClient:
    """A client with an editor's key: it may write claims, speakers, sources and annotations."""
    return client_with_key(app, make_key(session, "editor", "Test desk"))


@pytest.fixture
def admin_client(app: Flask, session: Session) -> FlaskClient:
    return client_with_key(app, make_key(session, "admin", "Test admin"))


@pytest.fixture
def anonymous_client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """TEST_REDIS_URL; unset, the Redis tests are skipped. Set, Redis must answer: a CI that
    means to test Redis should fail, not skip, when it is down (as with TEST_DATABASE_URL)."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip(REDIS_SKIP_REASON)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.fail(f"TEST_REDIS_URL={url} does not answer: {error}")
    return url


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A RATELIMIT_KEY_PREFIX of this test's own, so runs sharing one Redis never meet; its keys
    are deleted afterwards."""
    prefix = f"quotecheck-test-{uuid.uuid4().hex}"
    yield prefix
    store = redis.Redis.from_url(redis_url)
    stale = list(store.scan_iter(match=f"*{prefix}*"))
    if stale:
        store.delete(*stale)
    store.close()


def keyed_client(key: str) -> type[FlaskClient]:
    """A test client class whose every request carries `key`."""

    class KeyedClient(FlaskClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {key}"

    return KeyedClient


@pytest.fixture
def live_app(backend: Backend) -> Iterator[Flask]:
    """The app on a fresh database, committing for real (for races between clients), each of
    its test clients writing with an editor's key."""
    url = backend.new_database_url()
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
    with session_factory(app)() as session, session.begin():
        audit.act_as(session, audit.Actor("tests"))
        app.test_client_class = keyed_client(
            keys.create_key(session, name="Desk", role="editor").secret)
    yield app
    app.extensions["quotecheck.engine"].dispose()
