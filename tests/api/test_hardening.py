"""Defences on every answer: security headers, a CSP that still lets /docs run, the CORS
allow-list, and no key in any log line."""

import base64
import hashlib
import logging
import re

import pytest

from api import create_app
from api.transaction import session_factory
from db import migrate
from tests.conftest import client_with_key

ORIGIN = "https://desk.example-news.kr"


@pytest.mark.parametrize(("method", "url", "status"), [
    ("GET", "/v1/claims", 200), ("GET", "/v1/claims/2147483647", 404),
    ("POST", "/v1/claims", 401), ("GET", "/nowhere", 404), ("GET", "/openapi.json", 200),
])
def test_every_answer_carries_the_security_headers(anonymous_client, method, url, status):
    response = anonymous_client.open(url, method=method)
    assert response.status_code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_the_docs_page_may_run_its_own_scripts_and_exactly_its_one_inline_script(
        anonymous_client):
    response = anonymous_client.get("/docs/")
    policy = dict(part.strip().split(" ", 1)
                  for part in response.headers["Content-Security-Policy"].split(";"))
    inline = re.findall(r"<script>(.*?)</script>", response.get_data(as_text=True), re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert policy["script-src"] == f"'self' 'sha256-{digest}'"
    assert "unsafe-inline" not in policy["script-src"]
    assert policy["connect-src"] == "'self'"  # the spec, and "try it out", from this server only
    assert policy["default-src"] == "'none'"
    # Everything the page loads comes from this server.
    for asset in re.findall(r'(?:src|href)="([^"]+)"', response.get_data(as_text=True)):
        assert asset.startswith("/docs/"), asset
        assert anonymous_client.get(asset).status_code == 200, asset


def test_every_file_of_the_docs_is_served(anonymous_client):
    from pathlib import Path

    import flask_swagger_ui
    dist = Path(flask_swagger_ui.__file__).parent / "dist"
    for path in sorted(dist.iterdir()):
        response = anonymous_client.get(f"/docs/{path.name}")
        assert response.status_code == 200, path.name
        assert response.headers["X-Content-Type-Options"] == "nosniff", path.name


@pytest.fixture
def cors_app(database_url, connection):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING",
                      "CORS_ORIGINS": [ORIGIN]})
    session_factory(app).configure(bind=connection, join_transaction_mode="create_savepoint")
    yield app
    app.extensions["quotecheck.engine"].dispose()


def test_an_allowed_front_end_may_call_with_its_key(cors_app):
    client = cors_app.test_client()
    preflight = client.options("/v1/claims", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, if-match"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == ORIGIN
    allowed = preflight.headers["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "content-type", "if-match"} <= set(allowed.split(", "))
    answer = client.get("/v1/claims", headers={"Origin": ORIGIN})
    assert answer.headers["Access-Control-Allow-Origin"] == ORIGIN
    exposed = answer.headers["Access-Control-Expose-Headers"]
    assert {"ETag", "X-RateLimit-Remaining", "Link", "WWW-Authenticate"} <= set(
        exposed.split(", "))
    # A refusal is readable by the front-end too.
    refused = client.post("/v1/claims", headers={"Origin": ORIGIN}, json={})
    assert refused.status_code == 401
    assert refused.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_an_origin_not_on_the_list_gets_no_cors_headers(cors_app, anonymous_client):
    other = cors_app.test_client().get("/v1/claims", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    # And with no list at all (the default), nobody does.
    default = anonymous_client.get("/v1/claims", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in default.headers


@pytest.fixture
def sql_logger_restored():
    """SQL_ECHO sets the (process-wide) SQLAlchemy logger's level; later tests get it back."""
    logger = logging.getLogger("sqlalchemy.engine")
    level = logger.level
    yield
    logger.setLevel(level)


def test_no_key_reaches_a_log_line(backend, caplog, sql_logger_restored):
    """Every log, at DEBUG, with SQL echo on, on a database of its own (real commits): making
    keys, using them, failing with them."""
    url = backend.new_database_url()
    migrate.upgrade(url)
    caplog.set_level(logging.DEBUG)
    app = create_app({"DATABASE_URL": url, "LOG_LEVEL": "DEBUG", "SQL_ECHO": True})
    cli = app.test_cli_runner()
    admin_key = cli.invoke(args=["keys", "create", "--name", "Admin", "--role", "admin",
                                 "--quiet"]).output.strip()
    admin = client_with_key(app, admin_key)
    made = admin.post("/v1/keys", json={"name": "Bot", "role": "editor"}).get_json()["key"]
    bot = client_with_key(app, made)
    bot.post("/v1/speakers", json={"name": "한덕수"}).close()
    bot.get("/v1/claims").close()
    client_with_key(app, made[:-2] + "xx").get("/v1/claims")
    admin.delete(f"/v1/keys/{made.split('_')[1]}")  # a 404: not an id
    admin.get("/v1/keys").close()
    app.extensions["quotecheck.engine"].dispose()

    logged = caplog.text
    assert "INSERT INTO api_keys" in logged  # the echo was on: the check looked at real logs
    for secret in (admin_key, made):
        assert secret not in logged
        assert secret[16:] not in logged  # nor the secret half alone (after "qc_<12 hex>_")
    assert "Bearer" not in logged
