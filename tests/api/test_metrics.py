"""/metrics: requests by route and status, latency, and connections in use, in Prometheus's
text format; under gunicorn, summed over the workers."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from db import migrate
from tests.servers import ROOT, free_port


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def requests_of(metrics: dict, route: str, status: str) -> float:
    return metrics.get(("quotecheck_http_requests_total", frozenset(
        {"method": "GET", "route": route, "status": status}.items())), 0.0)


def test_requests_are_counted_by_route_template_and_status(anonymous_client):
    before = samples(anonymous_client.get("/metrics").get_data(as_text=True))
    for _ in range(3):
        anonymous_client.get("/v1/claims/2147483647")  # 404
    anonymous_client.get("/v1/claims")
    response = anonymous_client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    after = samples(response.get_data(as_text=True))
    item = "/v1/claims/<id:claim_id>"
    assert requests_of(after, item, "404") - requests_of(before, item, "404") == 3
    assert requests_of(after, "/v1/claims", "200") - requests_of(before, "/v1/claims", "200") == 1
    histogram = ("quotecheck_http_request_duration_seconds_count",
                 frozenset({"method": "GET", "route": item}.items()))
    assert after[histogram] - before.get(histogram, 0) == 3
    assert not any("2147483647" in str(labels) for _, labels in after)  # templates, not ids
    assert ("quotecheck_db_connections_in_use", frozenset()) in after


def test_metrics_follow_public_read(anonymous_client, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_READ", False)
    assert anonymous_client.get("/metrics").status_code == 401


def test_gunicorn_workers_are_summed_even_after_they_are_gone(backend, tmp_path):
    """Half the requests before a reload (SIGHUP: every worker replaced), half after: /metrics,
    answered by one new worker, counts all of them."""
    url = backend.new_database_url()
    migrate.upgrade(url)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port), "WEB_CONCURRENCY": "2",
           "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLED": "false",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    log, access = tmp_path / "gunicorn.log", tmp_path / "access.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
             "--access-logfile", str(access), "--access-logformat", "%(p)s %(U)s",
             "api:create_app()"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def pids() -> set[str]:
        return {line.split()[0] for line in access.read_text().splitlines()} \
            if access.exists() else set()

    def wait_for(condition) -> None:
        deadline = time.monotonic() + 30
        while not condition():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(log.read_text())
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
            time.sleep(0.2)

    try:
        wait_for(lambda: bool(pids()))
        for _ in range(20):
            urllib.request.urlopen(f"{base}/v1/claims", timeout=10).read()
        before = pids()
        process.send_signal(signal.SIGHUP)  # new workers; the old ones exit
        wait_for(lambda: bool(pids() - before))
        for _ in range(20):
            urllib.request.urlopen(f"{base}/v1/claims", timeout=10).read()
        text = urllib.request.urlopen(f"{base}/metrics", timeout=5).read().decode()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert requests_of(samples(text), "/v1/claims", "200") == 40
    assert re.search(r"^quotecheck_db_connections_in_use \d", text, flags=re.M)
