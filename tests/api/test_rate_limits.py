"""Rate limits: exact budgets per client IP and per key, in memory, in Redis and across gunicorn workers."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from api import create_app
from api.transaction import session_factory
from db import migrate
from tests.conftest import client_with_key, make_key

ROOT = Path(__file__).resolve().parents[2]
REDIS_SKIP_REASON = ("Redis-backed rate limits not run: set TEST_REDIS_URL "
                     "(e.g. redis://127.0.0.1:6379/0) to run them")
# Small budgets, so a test reaches the limit in a few requests.
LIMITS = {"RATELIMIT_ANONYMOUS": "3 per minute", "RATELIMIT_PER_KEY": "5 per minute"}
RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
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

GUNICORN_BUDGET = 10
GUNICORN_REQUESTS = 30


@pytest.fixture
def gunicorn_server(backend, redis_url, redis_prefix, tmp_path) -> Iterator[tuple[str, Path]]:
    """A gunicorn with two workers on a fresh migrated database; yields its base URL and its
    access log, whose lines read `<pid> status path`."""
    url = backend.new_database_url()
    migrate.upgrade(url)
    port = free_port()
    access_log = tmp_path / "access.log"
    server_log = tmp_path / "gunicorn.log"
    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port), "HOST": "127.0.0.1",
           "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "1", "LOG_LEVEL": "WARNING",
           "PUBLIC_READ": "true", "TRUSTED_PROXIES": "0", "RATELIMIT_ENABLED": "true",
           "RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": redis_prefix,
           "RATELIMIT_ANONYMOUS": f"{GUNICORN_BUDGET} per minute"}
    command = [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
               "--access-logfile", str(access_log), "--access-logformat", "%(p)s %(s)s %(U)s",
               "api:create_app()"]
    with server_log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_both_workers(process, base, access_log, server_log)
        yield base, access_log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_both_workers(process, base: str, access_log: Path, server_log: Path) -> None:
    """Until each worker has answered a probe (probes spend no budget)."""
    deadline = time.monotonic() + 20
    while len(pids_in(access_log, "/healthz")) < 2:
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"gunicorn did not start two workers:\n{server_log.read_text()}")
        if 0 in burst(f"{base}/healthz", 8):
            time.sleep(0.2)  # not listening yet


def burst(url: str, requests: int) -> list[int]:
    """`requests` GETs at once, each on a connection of its own; their statuses (0: no answer)."""
    start = threading.Barrier(requests)
    got: list[int] = []
    lock = threading.Lock()

    def get() -> None:
        start.wait()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        with lock:
            got.append(status)

    threads = [threading.Thread(target=get) for _ in range(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return got


def pids_in(access_log: Path, path: str) -> set[str]:
    if not access_log.exists():
        return set()
    return {line.split()[0] for line in access_log.read_text().splitlines()
            if line.split()[2:3] == [path]}


def test_gunicorn_workers_share_one_budget_through_redis(gunicorn_server):
    base, access_log = gunicorn_server
    got = burst(f"{base}/v1/claims", GUNICORN_REQUESTS)
    assert Counter(got) == {200: GUNICORN_BUDGET, 429: GUNICORN_REQUESTS - GUNICORN_BUDGET}
    # Both workers answered the burst, so the count above was shared, not one worker's own.
    assert len(pids_in(access_log, "/v1/claims")) == 2
