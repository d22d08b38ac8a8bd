"""`Idempotency-Key` on every POST: a retry of a request replays its first answer, so an
integration that times out and retries creates nothing twice (services.idempotency).

Before the view: the body is read once (hashed, and spooled to a file that spills to disk past
1 MiB, so a 50 MB import is never held in memory) and handed back to the request as its input.
A key already used for this request replays the stored answer, with `Idempotent-Replayed: true`;
used for another, 422. After the view: a 2xx answer is stored in the request's own transaction,
so it commits with the write or not at all. Answers of 400 and up are not stored (their writes
were rolled back): the client may retry them with the same key. Nor are streamed answers.
"""

import json
import tempfile
from datetime import timedelta

from apispec import BasePlugin
from flask import Flask, Response, current_app, g, request
from sqlalchemy.exc import IntegrityError

from api.errors import PROBLEM_JSON, from_domain_error, problem, problem_type
from api.transaction import db_session
from db.base import utcnow
from services import idempotency
from services.errors import RuleViolation

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
# The headers that belong to the answer itself; the others (rate limits, security) are each
# response's own and are added again by their hooks.
STORED_HEADERS = ("Content-Type", "Location", "ETag", "Last-Modified", "Cache-Control", "Link",
                  "Content-Location", "Content-Language", "Content-Disposition")
_CHUNK = 64 * 1024
_IN_MEMORY = 1024 * 1024


def init_app(app: Flask) -> None:
    # Registered after auth and request_rules, so this runs once the caller is known and the
    # request's shape checked; its after_request hook runs before api.transaction's commit
    # (Flask runs after_request hooks last-registered first).
    app.before_request(_replay_or_go_on)
    app.after_request(_remember)
    app.teardown_request(_close_spool)


def _replay_or_go_on() -> Response | None:
    if request.method != "POST" or HEADER not in request.headers or request.url_rule is None:
        return None
    # Two such headers reach us joined: by werkzeug as "a, b" (invalid: the space), by gunicorn
    # as "a,b" (a valid key of its own).
    key = request.headers[HEADER]
    if not idempotency.is_valid_key(key):
        return problem(400, title="Invalid Idempotency-Key",
                       type_=problem_type("idempotency-key-invalid"),
                       detail=f"Send one {HEADER} of 1 to 255 visible ASCII characters, "
                              "such as a UUID.")
    if g.principal.anonymous:  # no key to scope it to (no POST is open to anonymous callers)
        return None
    attempt = idempotency.Attempt(g.principal.key_id, key, request.method, request.path,
                                  _digest_and_spool_body())
    stored = idempotency.first_response(db_session(), attempt, utcnow())
    if stored is not None:
        return _replay(stored)
    g.idempotent_attempt = attempt
    return None


def _digest_and_spool_body() -> str:
    """Read the body through `request.stream`, hashing it, into a spooled file that then becomes
    the request's input, so the view reads the same bytes. The stream enforces
    `request.max_content_length` (413): a route with a larger limit must raise it before this
    hook runs. Nothing has read the stream before: earlier hooks look at headers only."""
    digest = idempotency.request_digest(request.query_string, request.mimetype)
    # Closed at teardown (_close_spool): the view reads it after this returns.
    spool = g.idempotency_spool = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)  # noqa: SIM115
    size = 0
    while chunk := request.stream.read(_CHUNK):
        digest.update(chunk)
        spool.write(chunk)
        size += len(chunk)
    spool.seek(0)
    environ = request.environ
    environ["wsgi.input"] = spool
    environ["CONTENT_LENGTH"] = str(size)
    environ.pop("HTTP_TRANSFER_ENCODING", None)  # no longer chunked: its length is known
    # werkzeug caches both; the next read makes them again from the environ.
    request.__dict__.pop("stream", None)
    request.__dict__.pop("content_length", None)
    return digest.hexdigest()


def _secretless(response: Response) -> idempotency.StoredResponse | None:
    """An answer marked `Cache-Control: no-store` holds a secret (a new API key, a webhook's
    secret) that is kept nowhere, so not here either: a retry is told the request was done,
    and where its result is, but not the secret."""
    if "no-store" not in response.headers.get("Cache-Control", ""):
        return None
    location = response.headers.get("Location")
    body = {"type": problem_type("idempotency-secret-not-kept"), "title": "Conflict",
            "status": 409, "detail": "This request was done already. Its answer held a secret, "
                                     "which is not kept: the record is at `location`."}
    headers = {"Content-Type": PROBLEM_JSON}
    if location:
        body["location"] = headers["Location"] = location
    return idempotency.StoredResponse(409, headers, json.dumps(body).encode())


def _replay(stored: idempotency.StoredResponse) -> Response:
    response = Response(stored.body, status=stored.status_code, headers=stored.headers)
    response.headers[REPLAYED] = "true"
    return response


def _remember(response: Response) -> Response:
    attempt: idempotency.Attempt | None = g.pop("idempotent_attempt", None)
    # A streamed answer (an export, a file) cannot be read without consuming it: not stored.
    if (attempt is None or not 200 <= response.status_code < 300 or response.is_streamed
            or response.direct_passthrough):
        return response
    stored = _secretless(response) or idempotency.StoredResponse(
        response.status_code,
        {name: response.headers[name] for name in STORED_HEADERS if name in response.headers},
        response.get_data())
    session, now = db_session(), utcnow()
    try:
        idempotency.remember(session, attempt, stored, now=now,
                             lifetime=timedelta(hours=current_app.config["IDEMPOTENCY_HOURS"]))
    except IntegrityError:
        # A twin with the same key committed first (the lock in first_response should prevent
        # this; the unique constraint is the last line): undo this request's write, answer the
        # twin's answer.
        session.rollback()
        try:
            twin = idempotency.first_response(session, attempt, now)
        except RuleViolation as error:
            return from_domain_error(error)
        if twin is None:
            return problem(409, title="Conflict", type_=problem_type("conflict"),
                           detail="The request clashed with another one; retry it.")
        return _replay(twin)
    return response


def _close_spool(_error: BaseException | None) -> None:
    spool = g.pop("idempotency_spool", None)
    if spool is not None:
        spool.close()


class IdempotencyKeyPlugin(BasePlugin):
    """Documents the Idempotency-Key header on every POST operation in the OpenAPI document,
    and the 422 a reused key gets where the operation documents no 422 of its own (pass it to
    the Api: `spec_kwargs={"extra_plugins": [IdempotencyKeyPlugin()]}`)."""

    PARAMETER = {
        "name": HEADER, "in": "header", "required": False,
        "schema": {"type": "string", "minLength": 1, "maxLength": 255,
                   "pattern": "^[\\x21-\\x7e]+$"},
        "description": "Makes a retry safe: within IDEMPOTENCY_HOURS (24 by default) the same "
                       "key with the same request replays the first 2xx answer (with "
                       f"`{REPLAYED}: true`); with another request it gets 422. Keys are "
                       "scoped to the API key. Failed answers are not kept: retry them with "
                       "the same key.",
    }

    REUSED = {"description": f"This {HEADER} was first sent with another request.",
              "content": {PROBLEM_JSON: {"schema": "Problem"}}}

    def init_spec(self, spec) -> None:  # type: ignore[no-untyped-def]
        super().init_spec(spec)
        spec.components.parameter("IdempotencyKey", "header", dict(self.PARAMETER))

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        post = (operations or {}).get("post")
        if post is not None:
            post.setdefault("parameters", []).append("IdempotencyKey")
            responses = post.setdefault("responses", {})
            if not {422, "422"} & responses.keys():  # flask-smorest's codes are ints here
                responses["422"] = dict(self.REUSED)
