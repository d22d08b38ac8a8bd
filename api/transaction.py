"""One database transaction per request: committed when the request succeeds, rolled back on
any error, so a write happens wholly or not at all."""

from flask import Flask, Response, current_app, g, request
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from api.errors import from_database_error
from db.engine import reset_write_intent, set_write_intent

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_EXTENSION = "quotecheck.sessionmaker"


def init_app(app: Flask, make_session: sessionmaker[Session]) -> None:
    app.extensions[_EXTENSION] = make_session
    app.before_request(_declare_intent)
    app.after_request(_commit_or_rollback)
    app.teardown_request(_close)


def db_session() -> Session:
    """The current request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[_EXTENSION]()
    return g.db_session


def session_factory(app: Flask) -> sessionmaker[Session]:
    return app.extensions[_EXTENSION]


def _declare_intent() -> None:
    g.write_intent_token = set_write_intent(request.method not in _SAFE_METHODS)


def _commit_or_rollback(response: Response) -> Response:
    session: Session | None = g.get("db_session")
    if session is None:
        return response
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
