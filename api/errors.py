"""Every error as application/problem+json (RFC 9457), whatever raised it."""

import logging
from typing import Any

from flask import Flask, Response, current_app
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from services.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Gone,
    NotFound,
    PreconditionFailed,
    RuleViolation,
    Unauthenticated,
)

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)

_STATUS_OF: dict[type[DomainError], int] = {
    NotFound: 404,
    Gone: 410,
    Conflict: 409,
    RuleViolation: 422,
    PreconditionFailed: 412,
    Unauthenticated: 401,
    Forbidden: 403,
}


# Where each kind of resource lives, for Location headers.
RESOURCE_PATHS = {
    "claim": "/v1/claims/{}",
    "speaker": "/v1/speakers/{}",
    "source": "/v1/sources/{}",
    "status": "/v1/statuses/{}",
    "key": "/v1/keys/{}",
}


def resource_path(kind: str, key: int | str) -> str:
    return RESOURCE_PATHS[kind].format(key)


def problem_type(slug: str) -> str:
    """The `type` URI of one of this API's problems; the README lists them."""
    return f"urn:quotecheck:problem:{slug}"


def problem(status: int, *, title: str, detail: str | None = None, type_: str = "about:blank",
            errors: dict[str, list[str]] | None = None, headers: dict[str, str] | None = None,
            **extra: Any) -> Response:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extra)
    # The app's JSON provider: compact, Korean unescaped, a trailing newline, like every answer.
    response = current_app.json.response(body)
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_http_exception(error: HTTPException) -> Response:
    """Flask's and werkzeug's own errors (404, 405, 413, 500, webargs' 422) as problems."""
    data = getattr(error, "data", None) or {}
    errors = _flatten(data.get("errors") or data.get("messages"))
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    headers.update(data.get("headers") or {})
    status = error.code or 500
    if status == 422:
        detail = "The request is well-formed but some fields are invalid; see `errors`."
    elif status == 400 and errors:
        # webargs' malformed-JSON error: say it plainly, there are no fields to point at.
        detail = " ".join(message for messages in errors.values() for message in messages)
        errors = None
    elif status >= 500:
        detail = "Something went wrong on our side. It has been logged."
    elif status == 429:  # api.limits' refusal; its description is the limit
        detail = (f"Too many requests: the limit is {error.description}. "
                  "Retry-After says when to come back.")
    else:
        detail = data.get("message") or error.description
    slug = {422: "validation-failed", 429: "rate-limited"}.get(status)
    return problem(status, title=error.name, detail=detail, errors=errors, headers=headers,
                   type_=problem_type(slug) if slug else "about:blank")


def from_domain_error(error: DomainError) -> Response:
    status = _STATUS_OF[next(cls for cls in type(error).__mro__ if cls in _STATUS_OF)]
    headers = {}
    extra = dict(error.extra)
    if isinstance(error, Conflict) and error.existing:
        headers["Location"] = extra["location"] = resource_path(*error.existing)
    if isinstance(error, Unauthenticated | Forbidden):
        headers["WWW-Authenticate"] = _bearer_challenge(error)
    errors = error.errors if isinstance(error, RuleViolation) else None
    return problem(status, title=_title(error.slug), detail=error.detail,
                   type_=problem_type(error.slug), errors=errors, headers=headers, **extra)


def from_database_error(error: Exception) -> Response:
    """Errors the database raises at flush or commit time, which input validation cannot see."""
    if isinstance(error, StaleDataError):
        return problem(412, title="Precondition failed", type_=problem_type("precondition-failed"),
                       detail="The resource changed while this request was writing; fetch it again.")
    if isinstance(error, IntegrityError):
        log.info("integrity error answered as 409: %s", error.orig)
        return problem(409, title="Conflict", type_=problem_type("conflict"),
                       detail="The write conflicts with data stored meanwhile; fetch and retry.")
    assert isinstance(error, OperationalError)
    log.warning("database unavailable: %s", error.orig)
    return problem(503, title="Service unavailable", type_=problem_type("database-busy"),
                   detail="The database is busy or unreachable; retry shortly.",
                   headers={"Retry-After": "1"})


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, from_domain_error)
    for error in (StaleDataError, IntegrityError, OperationalError):
        app.register_error_handler(error, from_database_error)


def _bearer_challenge(error: Unauthenticated | Forbidden) -> str:
    """RFC 6750: what a client should send. The detail is ours, never the key it sent."""
    challenge = 'Bearer realm="quotecheck"'
    if isinstance(error, Forbidden):
        return f'{challenge}, error="insufficient_scope"'
    if error.invalid:
        return f'{challenge}, error="invalid_token", error_description="{error.detail}"'
    return challenge


def _title(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _flatten(messages: Any) -> dict[str, list[str]] | None:
    """webargs nests messages by location ({"json": {"text": [...]}}); clients want field names.
    Nested fields join with dots: `speaker.name`, `evidence.0.url`."""
    if not messages:
        return None
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            flat.setdefault(prefix or "_schema", []).extend(value)
        else:
            flat.setdefault(prefix or "_schema", []).append(str(value))

    if isinstance(messages, dict) and set(messages) <= {"json", "query", "headers", "path"}:
        for inner in messages.values():
            walk("", inner)
    else:
        walk("", messages)
    return flat
