"""One database transaction per request: committed when the request succeeds, rolled back on
any error, so a write happens wholly or not at all.

A request that only reads (GET, HEAD, OPTIONS) has nothing to commit: its session refuses to
write (RuntimeError, so no write can slip past the all-or-nothing rule) and is just closed. On
PostgreSQL it runs each statement on its own (autocommit): at READ COMMITTED, PostgreSQL's
default, which quotecheck keeps, every statement of a transaction takes a snapshot of its own
anyway, so the reads see exactly what they would inside one, and BEGIN and COMMIT, two of a
read's four or five round trips, are saved. On SQLite a read transaction's snapshot spans all
its statements and BEGIN costs no round trip: reads keep their transaction there.
"""

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from api.errors import from_database_error
from db.engine import reset_write_intent, set_write_intent

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_EXTENSION = "quotecheck.sessionmaker"
_READS = "quotecheck.autocommit_engine"
_READS_ONLY = "quotecheck.reads_only"


def init_app(app: Flask, make_session: sessionmaker[Session]) -> None:
    app.extensions[_EXTENSION] = make_session
    event.listen(make_session, "before_flush", _refuse_writes_in_reads)
    app.before_request(_declare_intent)
    app.after_request(_commit_or_rollback)
    app.teardown_request(_close)


def db_session() -> Session:
    """The current request's session, opened on first use."""
    if "db_session" not in g:
        session = g.db_session = current_app.extensions[_EXTENSION]()
        if g.get("reads_only"):
            session.info[_READS_ONLY] = True
            # Not begun yet: its first statement runs on the autocommit engine.
            session.bind = _autocommit_engine(session.bind)
    return g.db_session


def session_factory(app: Flask) -> sessionmaker[Session]:
    return app.extensions[_EXTENSION]


def reads_only() -> bool:
    """The current request only reads (GET, HEAD, OPTIONS)."""
    return g.get("reads_only", False)


def _autocommit_engine(bind: Engine | Connection | None) -> Engine | Connection | None:
    """A PostgreSQL engine in autocommit; any other bind as it is (SQLite, a server whose
    default isolation is stricter than READ COMMITTED, or the connection the tests bind
    sessions to, inside a transaction of their own)."""
    if (not isinstance(bind, Engine) or bind.dialect.name != "postgresql"
            or getattr(bind.dialect, "default_isolation_level", None) != "READ COMMITTED"):
        return bind
    made = current_app.extensions.get(_READS)
    if made is None or made[0] is not bind:
        made = current_app.extensions[_READS] = (
            bind, bind.execution_options(isolation_level="AUTOCOMMIT"))
    return made[1]


def _refuse_writes_in_reads(session: Session, _context: object, _instances: object) -> None:
    # Called only when something is pending: a session with nothing to write skips its flush.
    if session.info.get(_READS_ONLY):
        raise RuntimeError("A request that only reads (GET, HEAD, OPTIONS) may not write.")


def _declare_intent() -> None:
    g.reads_only = request.method in _SAFE_METHODS
    g.write_intent_token = set_write_intent(not g.reads_only)


def _commit_or_rollback(response: Response) -> Response:
    session: Session | None = g.get("db_session")
    if session is None or session.info.get(_READS_ONLY):
        return response  # a read has nothing to commit: _close ends it
    if response.status_code >= 400:
        session.rollback()
        return response
    try:
        session.commit()
    except (StaleDataError, IntegrityError, OperationalError) as error:
        session.rollback()
        return _turn_into(response, from_database_error(error))
    return response


def _turn_into(response: Response, failure: Response) -> Response:
    """The success answer becomes the failure, keeping the headers other hooks gave it (rate
    limits, CORS, security) but none that described the write that did not happen."""
    for name in ("ETag", "Location", "Last-Modified"):
        response.headers.pop(name, None)
    response.status_code = failure.status_code
    response.set_data(failure.get_data())
    for name, value in failure.headers.items():
        if name.lower() != "content-length":
            response.headers[name] = value
    return response


def _close(_error: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()
    token = g.pop("write_intent_token", None)
    if token is not None:
        reset_write_intent(token)
