"""The HTTP API: the app factory. `gunicorn 'api:create_app()'` serves it."""

import logging
from typing import Any

from flask import Flask, request
from flask_swagger_ui import get_swaggerui_blueprint
from werkzeug.http import http_date

from api import (
    auth,
    cli,
    errors,
    hardening,
    idempotency,
    limits,
    metrics,
    observability,
    request_rules,
    transaction,
)
from api.config import from_environment
from api.openapi import ProblemApi
from db.engine import make_engine, make_sessionmaker


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(from_environment(app.instance_path))
    # Korean stays readable in curl output, and fields keep the order the schemas give them.
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    if test_config:
        app.config.from_mapping(test_config)
    observability.configure_logging(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])

    if app.config["SQL_ECHO"]:
        # Through the app's logging (one line per statement), not SQLAlchemy's own handler.
        logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["quotecheck.engine"] = engine
    # First, so every later hook's log lines carry the request id, and every answer is counted.
    observability.init_app(app, engine)
    metrics.init_app(app, engine)
    hardening.init_app(app)
    transaction.init_app(app, make_sessionmaker(engine))
    # In this order: read the key, count the request against its rate limit, then answer 401 or
    # 403 if it may not go on; only then look at the request's body.
    app.before_request(auth.identify)
    limits.init_app(app)
    app.before_request(auth.authorize)
    request_rules.init_app(app)
    # A retried POST with the same Idempotency-Key gets the first answer again.
    idempotency.init_app(app)

    api = ProblemApi(app)
    errors.register(app)
    from api import (
        annotations,
        audit,
        claimreview,
        claims,
        extractions,
        health,
        imports,
        keys,
        sources,
        speakers,
        statuses,
        webhooks,
    )

    for module in (claims, annotations, claimreview, imports, extractions, speakers, sources,
                   statuses, keys, webhooks, audit, health, metrics):
        api.register_blueprint(module.blp)
    app.register_blueprint(get_swaggerui_blueprint(
        "/docs", "/openapi.json",
        # validatorUrl: null, or Swagger UI sends the spec's URL to validator.swagger.io.
        # showExtensions: each operation shows the role it needs (x-required-role).
        config={"app_name": "quotecheck API", "validatorUrl": None, "showExtensions": True}))
    auth.check_every_operation_declares_a_role(app)
    app.after_request(_conditional_get)
    app.after_request(_no_body_no_type)
    cli.init_app(app)
    return app


def _no_body_no_type(response):
    if response.status_code == 204:
        del response.headers["Content-Type"]
    return response


# The request headers that can make an answer 304 or 412 (werkzeug's is_resource_modified; no
# Accept-Ranges is offered, so Range and If-Range play no part).
_CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE")


def _conditional_get(response):
    # A GET whose ETag matches If-None-Match becomes 304 Not Modified (werkzeug does the match).
    if request.method in ("GET", "HEAD") and response.status_code == 200 and "ETag" in response.headers:
        environ = request.environ
        if any(name in environ for name in _CONDITIONS):
            response.make_conditional(request)
        else:
            _unconditional(response)
    return response


def _unconditional(response):
    """What make_conditional does to an answer no condition applies to, without its parsing of
    conditions that are not there (~20 µs a read): a Date, and the Content-Length."""
    headers = response.headers
    if "date" not in headers:
        headers["Date"] = http_date()
    if response.automatically_set_content_length and "content-length" not in headers:
        length = response.calculate_content_length()
        if length is not None:
            headers["Content-Length"] = str(length)
