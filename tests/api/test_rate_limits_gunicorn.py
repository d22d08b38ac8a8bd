"""Two gunicorn workers share one rate-limit budget through Redis: a real server, started by the
test, and a burst of concurrent requests."""

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from db import migrate
from tests.servers import ROOT, free_port

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
            process.wait(timeout=30)
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
