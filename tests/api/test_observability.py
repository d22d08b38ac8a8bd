"""A request id on every answer and log line, JSON logs, and a log line for each slow query."""

import io
import json
import logging
import re

import pytest

from api import create_app
from api.observability import JsonFormatter, RequestIdFilter
from db import migrate


@pytest.mark.parametrize(("method", "url", "status"), [
    ("GET", "/v1/claims", 200), ("GET", "/nowhere", 404), ("POST", "/v1/claims", 401),
    ("GET", "/healthz", 200),
])
def test_every_answer_carries_a_request_id(anonymous_client, method, url, status):
    response = anonymous_client.open(url, method=method)
    assert response.status_code == status
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_a_sane_request_id_is_kept_and_any_other_replaced(anonymous_client):
    kept = anonymous_client.get("/v1/claims", headers={"X-Request-ID": "lb-7f3a.42:x"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a.42:x"
    for offered in ("two words", "a" * 129, "x\tINFO forged", "한글"):
        response = anonymous_client.get("/v1/claims", headers={"X-Request-ID": offered})
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"]), offered


@pytest.fixture
def logged():
    """The JSON lines of the app's loggers, as the configured handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_slow_queries_are_logged_as_json_with_the_request_id_and_no_parameters(backend, logged):
    url = backend.new_database_url()
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING", "SLOW_QUERY_MS": 0})
    try:
        app.test_client().get("/v1/claims?speaker_id=424242", headers={"X-Request-ID": "req-1"})
    finally:
        app.extensions["quotecheck.engine"].dispose()
    lines = [line for line in logged() if line["logger"] == "quotecheck.slow_query"]
    assert lines, "with a threshold of 0 ms every query is slow"
    for line in lines:
        assert line["level"] == "WARNING" and line["request_id"] == "req-1"
        assert isinstance(line["duration_ms"], float)
        assert line["message"].startswith("slow query: ")
        assert "424242" not in line["message"]  # the statement, never its parameters
    assert any("FROM claims" in line["message"] for line in lines)


def test_fast_queries_are_not_logged(backend, logged):
    url = backend.new_database_url()
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING", "SLOW_QUERY_MS": 60_000})
    try:
        app.test_client().get("/v1/claims")
    finally:
        app.extensions["quotecheck.engine"].dispose()
    assert not [line for line in logged() if line["logger"] == "quotecheck.slow_query"]


def test_a_log_line_is_one_json_object_with_time_level_and_extras():
    record = logging.LogRecord("quotecheck.test", logging.ERROR, __file__, 1, "claim %s", (7,),
                               None)
    record.request_id = "r-1"
    record.claim_id = 7
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "claim 7" and line["level"] == "ERROR"
    assert line["request_id"] == "r-1" and line["claim_id"] == 7
    assert line["time"].endswith("+00:00")


def test_an_unknown_log_format_stops_the_app(database_url):
    with pytest.raises(RuntimeError, match="LOG_FORMAT"):
        create_app({"DATABASE_URL": database_url, "LOG_FORMAT": "xml"})
