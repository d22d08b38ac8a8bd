"""Webhooks end to end: a real HTTP receiver (pytest-httpserver), the worker against a database
with real commits, signatures checked the way the README tells receivers to, a receiver that
goes down and comes back, ordering per claim, disabling, redelivery, and two workers at once."""

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import delete
from werkzeug import Request, Response

from api import create_app
from api.transaction import session_factory
from db import migrate
from db.models import WebhookSubscription
from services import audit, keys
from services.webhook_delivery import DeliverySettings, DeliveryWorker
from tests.servers import ROOT

SETTINGS = DeliverySettings(timeout_seconds=2, retry_hours=24, max_failures=5,
                            retry_base_seconds=1, batch_size=5)
TOLERANCE_SECONDS = 300


def verify(secret: str, headers, body: bytes) -> bool:
    """The README's receiver check: the HMAC of "timestamp.body", compared in constant time,
    and a timestamp no older than five minutes."""
    timestamp = headers["X-Quotecheck-Timestamp"]
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(f"sha256={expected.hexdigest()}",
                               headers["X-Quotecheck-Signature"])


class Receiver:
    """An HTTP endpoint that records every delivery and answers `status`."""

    def __init__(self) -> None:
        self.server = HTTPServer(host="127.0.0.1", port=0)
        self.status = 204
        self.received: list[dict] = []
        self.lock = threading.Lock()
        self.server.expect_request("/hook", method="POST").respond_with_handler(self._handle)
        self.server.start()
        self.url = self.server.url_for("/hook")

    def _handle(self, request: Request) -> Response:
        with self.lock:
            self.received.append({"headers": dict(request.headers), "body": request.get_data(),
                                  "answered": self.status})
        return Response(status=self.status)

    def delivered(self) -> list[dict]:
        with self.lock:
            return [item for item in self.received if 200 <= item["answered"] < 300]


class Clock:
    """Real time, plus however far a test moves it on."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **delta) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture(scope="module")
def live(backend):
    """An app on a database of its own, with real commits, and an admin's client."""
    url = backend.new_database_url()
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLED": False})
    with session_factory(app)() as session, session.begin():
        audit.act_as(session, audit.Actor("tests"))
        key = keys.create_key(session, name="Desk admin", role="admin").secret
    app.config["TEST_KEY"] = key
    yield app
    app.extensions["quotecheck.engine"].dispose()


@pytest.fixture
def admin(live):
    client = live.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {live.config['TEST_KEY']}"
    yield client
    with session_factory(live)() as session, session.begin():  # the next test starts empty
        session.execute(delete(WebhookSubscription))


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    if receiver.server.is_running():
        receiver.server.stop()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def worker(live, clock):
    worker = DeliveryWorker(session_factory(live), SETTINGS, actor=audit.Actor("cli:worker"),
                            clock=clock)
    yield worker
    worker.close()


_claims = iter(range(1, 10**6))


def new_claim(admin) -> int:
    response = admin.post("/v1/claims", json={
        "text": f"올해 안에 코드의 {next(_claims)}%를 AI가 쓸 것", "said_on": "2025-04-29",
        "speaker": {"name": "Mark Zuckerberg"}})
    assert response.status_code == 201
    return response.get_json()["id"]


def subscribe(admin, receiver, **fields) -> dict:
    response = admin.post("/v1/webhooks", json={
        "url": receiver.url, "events": ["claim.created", "claim.updated", "annotation.created",
                                        "verdict.changed"], **fields})
    assert response.status_code == 201
    return response.get_json()


def log(admin, hook) -> list[dict]:
    return admin.get(f"/v1/webhooks/{hook['id']}/deliveries?limit=100").get_json()["items"][::-1]


def test_events_arrive_signed_with_their_headers(admin, receiver, worker):
    hook = subscribe(admin, receiver)
    claim_id = new_claim(admin)
    assert admin.post(f"/v1/claims/{claim_id}/annotations", json={"status": "false"}
                      ).status_code == 201
    assert worker.drain() == 3
    got = receiver.delivered()
    assert [item["headers"]["X-Quotecheck-Event"] for item in got] == [
        "claim.created", "annotation.created", "verdict.changed"]
    for item in got:
        assert verify(hook["secret"], item["headers"], item["body"])
        assert not verify("another secret entirely", item["headers"], item["body"])
        assert item["headers"]["Content-Type"] == "application/json"
        assert item["headers"]["User-Agent"].startswith("quotecheck-webhooks/")
        assert json.loads(item["body"])["claim"]["id"] == claim_id
    assert [item["delivery"] for item in log(admin, hook)] == [
        item["headers"]["X-Quotecheck-Delivery"] for item in got]
    assert {item["state"] for item in log(admin, hook)} == {"delivered"}
    assert {item["last_status_code"] for item in log(admin, hook)} == {204}
    assert worker.drain() == 0  # nothing twice


def test_a_tampered_or_old_delivery_fails_verification(admin, receiver, worker):
    hook = subscribe(admin, receiver)
    new_claim(admin)
    worker.drain()
    item = receiver.delivered()[0]
    assert not verify(hook["secret"], item["headers"], item["body"] + b" ")
    old = {**item["headers"], "X-Quotecheck-Timestamp": str(int(time.time()) - 3600)}
    assert not verify(hook["secret"], old, item["body"])


def test_a_receiver_that_goes_down_gets_every_event_later_in_order(admin, receiver, worker,
                                                                   clock):
    hook = subscribe(admin, receiver)
    receiver.server.stop()  # down: nothing listens
    claim_id = new_claim(admin)
    for status in ("in_review", "false"):
        admin.post(f"/v1/claims/{claim_id}/annotations", json={"status": status})
    other_claim = new_claim(admin)
    # Only the first event of each claim is tried: the others wait behind it.
    assert worker.drain() == 2
    first = log(admin, hook)[0]
    assert first["state"] == "pending" and first["attempts"] == 1
    assert first["last_status_code"] is None and "Error" in first["last_error"]
    assert worker.drain() == 0  # backing off
    receiver.server.start()
    receiver.status = 500  # up, but failing
    clock.advance(seconds=3)  # past the first backoff (1 s x 2, with jitter at most 3 s)
    assert worker.drain() == 2
    assert log(admin, hook)[0]["last_status_code"] == 500
    # Two deliveries failed twice each: four in a row for the subscription.
    assert admin.get(f"/v1/webhooks/{hook['id']}").get_json()["failure_count"] == 4
    receiver.status = 200
    clock.advance(minutes=1)
    assert worker.drain() == 5
    got = [json.loads(item["body"]) for item in receiver.delivered()]
    mine = [(body["event"], body.get("annotation", {}).get("status")) for body in got
            if body["claim"]["id"] == claim_id]
    assert mine == [("claim.created", None), ("annotation.created", "in_review"),
                    ("annotation.created", "false"), ("verdict.changed", "false")]
    assert [body["claim"]["id"] for body in got].count(other_claim) == 1
    assert log(admin, hook)[0]["attempts"] == 3
    assert admin.get(f"/v1/webhooks/{hook['id']}").get_json()["failure_count"] == 0


def test_a_run_of_failures_disables_the_subscription_until_an_admin_turns_it_on(
        admin, receiver, worker, clock):
    hook = subscribe(admin, receiver)
    receiver.status = 503
    claim_id = new_claim(admin)
    for _ in range(SETTINGS.max_failures):
        assert worker.drain() == 1
        clock.advance(hours=1)
    shown = admin.get(f"/v1/webhooks/{hook['id']}").get_json()
    assert shown["active"] is False and shown["failure_count"] == 5
    assert "5 failed deliveries in a row; the last: HTTP 503" in shown["disabled_reason"]
    disabled = admin.get(f"/v1/audit?action=webhook.disabled&target_id={hook['id']}"
                         ).get_json()["items"]
    assert disabled[0]["after"]["active"] is False and disabled[0]["actor"] == "cli:worker"
    assert worker.drain() == 0  # off: nothing is sent
    admin.post(f"/v1/claims/{claim_id}/annotations", json={"status": "in_review"})
    assert len(log(admin, hook)) == 1  # off: nothing is queued either
    receiver.status = 200
    back = admin.patch(f"/v1/webhooks/{hook['id']}", json={"active": True}).get_json()
    assert back["active"] is True and back["failure_count"] == 0 and back["disabled_reason"] is None
    assert worker.drain() == 1
    assert log(admin, hook)[0]["state"] == "delivered"


def test_a_delivery_is_given_up_after_the_retry_window_then_the_next_one_goes(
        admin, receiver, worker, clock):
    hook = subscribe(admin, receiver)
    receiver.status = 500
    claim_id = new_claim(admin)
    worker.drain()
    admin.patch(f"/v1/claims/{claim_id}", json={"summary": "Half the code"})
    assert worker.drain() == 0  # the update waits behind the creation
    clock.advance(hours=24)
    # The creation is tried once more and given up; only then may the update go. It is 24
    # hours old too on this clock, so one failure gives it up as well.
    assert worker.drain() == 2
    first, second = log(admin, hook)
    assert (first["state"], first["attempts"]) == ("failed", 2)
    assert (second["state"], second["attempts"]) == ("failed", 1)
    receiver.status = 200
    copies = [admin.post(f"/v1/webhooks/{hook['id']}/deliveries/{item['id']}/redeliver")
              for item in (first, second)]
    assert [copy.status_code for copy in copies] == [201, 201]
    assert worker.drain() == 2
    got = receiver.delivered()
    assert [json.loads(item["body"])["event"] for item in got] == ["claim.created",
                                                                    "claim.updated"]
    assert [item["headers"]["X-Quotecheck-Delivery"] for item in got] == [
        copy.get_json()["delivery"] for copy in copies]
    assert got[0]["headers"]["X-Quotecheck-Delivery"] != first["delivery"]


def test_two_workers_deliver_every_event_exactly_once(live, admin, receiver):
    subscribe(admin, receiver, events=["claim.created"])
    claims = [new_claim(admin) for _ in range(40)]
    stop = threading.Event()
    workers = [DeliveryWorker(session_factory(live), SETTINGS, actor=audit.Actor("cli:worker"))
               for _ in range(2)]
    threads = [threading.Thread(target=w.run, args=(stop, 0.01)) for w in workers]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(receiver.delivered()) < len(claims) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # a double would arrive now
    stop.set()
    for thread, w in zip(threads, workers, strict=True):
        thread.join(timeout=10)
        w.close()
    ids = Counter(item["headers"]["X-Quotecheck-Delivery"] for item in receiver.received)
    assert len(ids) == len(claims) and set(ids.values()) == {1}
    assert sorted(json.loads(item["body"])["claim"]["id"] for item in receiver.received) == claims


def test_the_worker_command_delivers_and_stops_on_sigterm(live, admin, receiver):
    subscribe(admin, receiver)
    env = {**os.environ, "DATABASE_URL": live.config["DATABASE_URL"], "LOG_LEVEL": "INFO"}
    flask = str(Path(sys.executable).parent / "flask")
    new_claim(admin)
    once = subprocess.run([flask, "--app", "api", "webhooks", "worker", "--once"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)
    assert once.returncode == 0, once.stderr
    assert "Sent 1 deliveries." in once.stdout
    process = subprocess.Popen([flask, "--app", "api", "webhooks", "worker", "--poll", "0.1"],
                               cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        claim_id = new_claim(admin)
        deadline = time.monotonic() + 20
        while len(receiver.delivered()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert json.loads(receiver.delivered()[-1]["body"])["claim"]["id"] == claim_id
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "SIGTERM, stopping" in stderr
