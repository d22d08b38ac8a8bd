"""Who is calling, and may they: API keys sent as `Authorization: Bearer <key>`, and the role
each operation needs.

Every operation declares its role with `@blp.requires(Role.editor)` (or `@blp.public`); the app
refuses to start if one does not, so no route can slip through unprotected. The check has two
steps with the rate limiter between them: `identify` reads the key, so limits count per key,
and `authorize` answers 401 or 403 after the limiter, so failed attempts are limited too (per
client IP).
"""

import logging
from datetime import datetime

from flask import Flask, Response, after_this_request, current_app, g, request
from sqlalchemy.exc import SQLAlchemyError

from api.operations import operation
from api.transaction import db_session, reads_only, session_factory
from db.base import utcnow
from db.engine import intends_to_write, short_lock_wait
from services import access, audit, keys
from services.access import ANONYMOUS, Principal, Role
from services.errors import Unauthenticated

log = logging.getLogger(__name__)

# An operation anyone may call, whatever PUBLIC_READ says (health probes, the docs).
PUBLIC = "public"
# How long recording a key's use may wait for another writer before it gives up.
TOUCH_LOCK_WAIT_MS = 50
# Endpoints that are not flask-smorest operations: the OpenAPI document and Swagger UI.
PUBLIC_ENDPOINTS = {"static", "api-docs.openapi_json", "swagger_ui.show"}


def required_role(endpoint: str | None, method: str) -> Role | str | None:
    """The role an endpoint's method needs, PUBLIC, or None where nothing is declared."""
    if endpoint is None or method == "OPTIONS" or endpoint in PUBLIC_ENDPOINTS:
        return PUBLIC  # unrouted (404, 405) or a CORS preflight: nothing to protect
    return getattr(operation(endpoint, method), "required_role", None)


def identify() -> None:
    """Read the caller's key, if one came; a bad one is answered in `authorize`."""
    g.principal, g.auth_error = ANONYMOUS, None
    header = request.headers.get("Authorization")
    if header is None or required_role(request.endpoint, request.method) == PUBLIC:
        return
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        g.auth_error = Unauthenticated("Send the key as `Authorization: Bearer <key>`.",
                                       invalid=True)
        return
    now = utcnow()
    try:
        g.principal, touch = _read_key(presented.strip(), now)
    except Unauthenticated as error:
        g.auth_error = error
        return
    audit.act_as(db_session(), audit.Actor(g.principal.name, g.principal.key_id))
    if touch:
        _touch_after_response(current_app._get_current_object(),  # type: ignore[attr-defined]
                              g.principal.key_id, now)


def _read_key(presented: str, now: datetime) -> tuple[Principal, bool]:
    """The key's holder, and whether its use is to be recorded. Read in the request's own
    session (one query, in the request's transaction, if it has one), but for a write on
    SQLite: its transaction takes the database's write lock as it begins (BEGIN IMMEDIATE), so
    its key is read in a short transaction of its own that only reads, and the lock is taken
    only once the caller has been let in. Either way the key is read from the database on every
    request: a revoked key is refused from the next request on."""
    session = db_session()
    if reads_only() or session.get_bind().dialect.name != "sqlite":
        key = keys.authenticate(session, presented, now)
        return keys.principal_of(key), keys.needs_touch(key, now)
    with intends_to_write(False), session_factory(current_app)() as lookup:
        key = keys.authenticate(lookup, presented, now)
        return keys.principal_of(key), keys.needs_touch(key, now)


def authorize() -> None:
    """Let the caller in, or answer 401 (no key where one is needed, or a bad one) or 403."""
    role = required_role(request.endpoint, request.method)
    if role == PUBLIC:
        return
    if g.auth_error is not None:
        raise g.auth_error
    # Nothing declared (a route added without @blp.requires) is for admins only.
    needed = role if isinstance(role, Role) else Role.admin
    access.authorize(g.principal, needed, public_read=current_app.config["PUBLIC_READ"])


def check_every_operation_declares_a_role(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            with app.test_request_context():
                role = required_role(rule.endpoint, method)
            if role is None:
                raise RuntimeError(f"{method} {rule.rule} declares no role: decorate it with "
                                   "@blp.requires(Role...) or @blp.public")


def _touch_after_response(app: Flask, key_id: int, now: datetime) -> None:
    """Record the key's use once the response is sent, in a transaction of its own: a read
    stays a read, and a failure here costs the client nothing."""

    def touch() -> None:
        # A plain BEGIN, and 50 ms of patience at most: when another writer holds the database,
        # this use goes unrecorded (a later one records it) rather than hold up this worker.
        try:
            with (intends_to_write(False), session_factory(app)() as session, session.begin(),
                  short_lock_wait(session, TOUCH_LOCK_WAIT_MS)):
                keys.touch(session, key_id, now)
        except SQLAlchemyError as error:
            log.info("use of key %s not recorded: %s", key_id, type(error).__name__)

    @after_this_request
    def register(response: Response) -> Response:
        response.call_on_close(touch)
        return response
