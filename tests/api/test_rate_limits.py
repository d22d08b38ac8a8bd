"""Rate limits: exact budgets per client IP and per key, in memory and in Redis, shared by two
apps (two workers); test_rate_limits_gunicorn.py does the same through a real server."""

import time
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from api import create_app
from api.transaction import session_factory
from tests.conftest import client_with_key, make_key
from tests.servers import free_port

# Small budgets, so a test reaches the limit in a few requests.
LIMITS = {"RATELIMIT_ANONYMOUS": "3 per minute", "RATELIMIT_PER_KEY": "5 per minute"}
RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


@pytest.fixture
def make_app(database_url: str, connection: Connection) -> Iterator[Callable[..., Flask]]:
    """Apps with LIMITS (and the config given), each with its own limiter, their request
    sessions bound to this test's connection like conftest's `app`. Two of them are two workers."""
    apps: list[Flask] = []

    def make(**config) -> Flask:
        app = create_app({"TESTING": True, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING",
                          **LIMITS, **config})
        session_factory(app).configure(bind=connection, join_transaction_mode="create_savepoint")
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["quotecheck.engine"].dispose()


@pytest.fixture(params=["memory", "redis"])
def limited_app(request, make_app: Callable[..., Flask]) -> Flask:
    """An app with LIMITS, counting in this process's memory or in Redis."""
    if request.param == "memory":
        return make_app(RATELIMIT_STORAGE_URI="memory://")
    return make_app(RATELIMIT_STORAGE_URI=request.getfixturevalue("redis_url"),
                    RATELIMIT_KEY_PREFIX=request.getfixturevalue("redis_prefix"))


def statuses(client: FlaskClient, times: int, path: str = "/v1/claims", **kwargs) -> list[int]:
    return [client.get(path, **kwargs).status_code for _ in range(times)]


def assert_too_many_requests(response) -> None:
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 429
    assert body["title"] == "Too Many Requests"
    assert body["type"] == "urn:quotecheck:problem:rate-limited"
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert response.headers["X-RateLimit-Remaining"] == "0"


def test_anonymous_callers_get_their_budget_with_remaining_counting_down(limited_app):
    client = limited_app.test_client()
    for remaining in (2, 1, 0):
        response = client.get("/v1/claims")
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit"] == "3"
        assert response.headers["X-RateLimit-Remaining"] == str(remaining)
        # An epoch time within the one-minute window.
        assert time.time() <= int(response.headers["X-RateLimit-Reset"]) <= time.time() + 61
        assert "Retry-After" not in response.headers


def test_past_the_limit_is_429_problem_with_retry_after(limited_app):
    client = limited_app.test_client()
    assert statuses(client, 3) == [200, 200, 200]

    response = client.get("/v1/claims")
    assert_too_many_requests(response)
    assert response.headers["X-RateLimit-Limit"] == "3"
    assert int(response.headers["X-RateLimit-Reset"]) >= time.time()
    # Every route shares the one budget: another route, or a write, is refused too.
    assert_too_many_requests(client.get("/v1/speakers"))
    assert_too_many_requests(client.post("/v1/claims", json={}))


def test_each_key_has_a_budget_of_its_own_apart_from_the_ip(limited_app, session):
    anonymous = limited_app.test_client()
    assert statuses(anonymous, 4) == [200, 200, 200, 429]

    desk = client_with_key(limited_app, make_key(session, "editor", "Desk"))
    for remaining in (4, 3, 2, 1, 0):
        response = desk.get("/v1/claims")
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit"] == "5"
        assert response.headers["X-RateLimit-Remaining"] == str(remaining)
    assert_too_many_requests(desk.get("/v1/claims"))

    reader = client_with_key(limited_app, make_key(session, "reader", "Reader"))
    assert statuses(reader, 6) == [200, 200, 200, 200, 200, 429]
    assert statuses(anonymous, 1) == [429]


def test_failed_authentication_counts_against_the_ip_budget(limited_app, session):
    guesser = client_with_key(limited_app, "qc_000000000000.not-a-real-key")
    for remaining in (2, 1, 0):
        response = guesser.get("/v1/claims")
        assert response.status_code == 401
        assert response.headers["X-RateLimit-Remaining"] == str(remaining)
    # Guessing stops at the IP's budget, and the IP's anonymous reads with it.
    assert_too_many_requests(guesser.get("/v1/claims"))
    assert_too_many_requests(limited_app.test_client().get("/v1/claims"))
    # A real key from the same address is not held up.
    desk = client_with_key(limited_app, make_key(session, "editor", "Desk"))
    assert statuses(desk, 1) == [200]


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/openapi.json", "/docs/"])
def test_health_probes_and_docs_are_never_limited(limited_app, path):
    client = limited_app.test_client()
    for _ in range(5):
        response = client.get(path)
        assert response.status_code == 200
        assert not set(RATE_HEADERS) & set(response.headers.keys())
    # They spent nothing: the budget is whole, and once it is spent they still answer.
    assert statuses(client, 4) == [200, 200, 200, 429]
    assert statuses(client, 3, path) == [200, 200, 200]


def test_cors_preflights_spend_nothing(limited_app):
    # A browser sends no key with a preflight: counted, they would spend the shared IP budget.
    client = limited_app.test_client()
    for _ in range(5):
        assert client.options("/v1/claims").status_code == 200
    assert statuses(client, 4) == [200, 200, 200, 429]


def test_without_trusted_proxies_x_forwarded_for_does_not_change_the_bucket(make_app):
    client = make_app().test_client()
    got = [client.get("/v1/claims", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
           for n in range(4)]
    assert got == [200, 200, 200, 429]


def test_with_one_trusted_proxy_each_forwarded_client_has_a_budget_of_its_own(make_app):
    client = make_app(TRUSTED_PROXIES=1).test_client()
    for address in ("203.0.113.1", "203.0.113.2"):
        assert statuses(client, 4, headers={"X-Forwarded-For": address}) == [200, 200, 200, 429]
    # Only the hop the proxy added is believed: a client naming another address before it
    # still spends its own budget.
    spoofed = statuses(client, 1, headers={"X-Forwarded-For": "198.51.100.9, 203.0.113.1"})
    assert spoofed == [429]


def test_an_ipv6_client_has_one_budget_for_its_whole_slash_64(make_app):
    client = make_app().test_client()
    first = {"REMOTE_ADDR": "2001:db8:1:2::1"}
    same_64 = {"REMOTE_ADDR": "2001:db8:1:2:ffff:ffff:ffff:ffff"}
    other_64 = {"REMOTE_ADDR": "2001:db8:1:3::1"}
    assert statuses(client, 2, environ_base=first) == [200, 200]
    assert statuses(client, 2, environ_base=same_64) == [200, 429]
    assert statuses(client, 1, environ_base=other_64) == [200]


def test_two_workers_share_one_budget_through_redis(make_app, redis_url, redis_prefix):
    config = {"RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": redis_prefix,
              "RATELIMIT_ANONYMOUS": "4 per minute"}
    worker_a, worker_b = make_app(**config).test_client(), make_app(**config).test_client()
    assert statuses(worker_a, 2) == [200, 200]
    response = worker_b.get("/v1/claims")
    assert response.status_code == 200
    assert response.headers["X-RateLimit-Remaining"] == "1"
    assert statuses(worker_b, 1) == [200]
    assert_too_many_requests(worker_a.get("/v1/claims"))
    assert_too_many_requests(worker_b.get("/v1/claims"))


def test_two_workers_in_memory_each_count_their_own(make_app):
    config = {"RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_ANONYMOUS": "4 per minute"}
    worker_a, worker_b = make_app(**config).test_client(), make_app(**config).test_client()
    assert statuses(worker_a, 5) == [200, 200, 200, 200, 429]
    assert statuses(worker_b, 5) == [200, 200, 200, 200, 429]


def test_a_redis_that_is_down_neither_breaks_the_api_nor_stops_limiting(make_app, session):
    # Nothing listens on a port just freed; refused at once, so no request waits on a timeout.
    app = make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    client = app.test_client()
    started = time.monotonic()
    assert statuses(client, 3) == [200, 200, 200]
    # The in-memory fallback counts from here: the same budget, the same 429.
    assert_too_many_requests(client.get("/v1/claims"))
    desk = client_with_key(app, make_key(session, "editor", "Desk"))
    assert statuses(desk, 6) == [200, 200, 200, 200, 200, 429]
    assert time.monotonic() - started < 5


# A real gunicorn: two sync workers, each its own process and its own app, sharing Redis.
