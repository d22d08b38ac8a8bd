"""Sending the webhook outbox: take the deliveries that are due, POST each one signed, record
what happened, retry failures with backoff, and turn off a subscription that keeps failing.

No delivery goes out twice from two workers at once. A worker takes its deliveries in one short
write transaction and marks them with a lease (`locked_until`) before it commits; it sends
outside any transaction, then records the outcome. Another worker skips leased rows:
- PostgreSQL: `SELECT ... FOR UPDATE SKIP LOCKED` passes over rows another worker is taking
  right now, and the lease, re-checked on the newest row version, over rows it took already.
- SQLite has no row locks, but writers are serialised (BEGIN IMMEDIATE, db.engine
  intends_to_write): a worker's select-and-lease runs whole before the next one's begins, so the
  next one sees the lease.
A worker that dies mid-send leaves a lease that runs out; the delivery is then sent again, with
the same X-Quotecheck-Delivery id, which receivers can drop as a repeat.

Order: a delivery waits while an earlier one for the same subscription and claim is pending
(being sent, or waiting for a retry), so a receiver hears of one claim's changes in order. A
worker takes a claim's due deliveries together, as a run, and sends them one after the other,
stopping at the first failure: a busy claim does not wait a round for each of its events.
"""

import hashlib
import hmac
import json
import logging
import random
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.orm import Session, sessionmaker

from db.base import utcnow
from db.engine import intends_to_write
from db.models import WebhookDelivery, WebhookSubscription
from services import audit

log = logging.getLogger(__name__)
USER_AGENT = "quotecheck-webhooks/1"


@dataclass(frozen=True)
class DeliverySettings:
    timeout_seconds: float = 5.0
    retry_hours: float = 24.0
    max_failures: int = 20
    # The n-th retry waits about base * 2**n seconds (0.5x to 1.5x), at most max_delay.
    retry_base_seconds: float = 1.0
    max_delay_seconds: float = 3600.0
    batch_size: int = 20
    concurrency: int = 4

    @property
    def lease(self) -> timedelta:
        # Longer than a send can take (the timeout holds for each socket operation).
        return timedelta(seconds=max(60.0, self.timeout_seconds * 4))


@dataclass(frozen=True)
class Job:
    """A delivery taken by this worker, with what sending it needs."""

    id: int
    uuid: str
    event: str
    payload: dict[str, Any]
    url: str
    secret: str
    subscription_id: int
    lease: datetime


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of "timestamp.body" under the secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirected POST would arrive as a GET without its body: a 3xx is a failure instead.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def post(job: Job, timeout: float) -> Outcome:
    """POST the delivery; any 2xx is a success, anything else (or no answer) a failure."""
    body = encode(job.payload)
    timestamp = str(int(time.time()))
    request = urllib.request.Request(job.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": USER_AGENT,
        "X-Quotecheck-Event": job.event, "X-Quotecheck-Delivery": job.uuid,
        "X-Quotecheck-Timestamp": timestamp,
        "X-Quotecheck-Signature": sign(job.secret, timestamp, body)})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(65536)
            return Outcome(response.status)
    except urllib.error.HTTPError as error:
        return Outcome(error.code, f"HTTP {error.code}")
    except Exception as error:  # noqa: BLE001 - refused, timed out, unreachable, a bad answer or URL
        # Whatever went wrong is this delivery's failure, recorded and retried, never the
        # worker's: one bad subscription must not stall the others.
        return Outcome(None, f"{type(error).__name__}: {error}"[:500])


def claim_due(session: Session, settings: DeliverySettings, now: datetime) -> list[list[Job]]:
    """Take up to batch_size due deliveries, leased to this worker (commit right after), in
    runs: each run holds one subscription's deliveries for one claim, oldest first, to be sent
    one after the other. A run starts with the oldest pending delivery of its claim, or is not
    taken at all: an earlier one is waiting for a retry, or in another worker's hands."""
    query = (
        select(WebhookDelivery, WebhookSubscription.url, WebhookSubscription.secret)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(WebhookDelivery.state == "pending", WebhookDelivery.next_attempt_at <= now,
               or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until < now),
               WebhookSubscription.active.is_(True))
        .order_by(WebhookDelivery.id).limit(settings.batch_size))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=WebhookDelivery)
    runs: dict[tuple[int, int | None, int], list[tuple[WebhookDelivery, str, str]]] = {}
    for delivery, url, secret in session.execute(query).all():
        # Deliveries about no claim need no order: each is a run of its own.
        key = (delivery.subscription_id, delivery.claim_id,
               0 if delivery.claim_id is not None else delivery.id)
        runs.setdefault(key, []).append((delivery, url, secret))
    heads = _oldest_pending(session, {(sub, claim) for sub, claim, _ in runs if claim is not None})
    lease = now + settings.lease
    taken = []
    for (subscription_id, claim_id, _), rows in runs.items():
        if claim_id is not None and heads.get((subscription_id, claim_id)) != rows[0][0].id:
            continue
        for delivery, _url, _secret in rows:
            delivery.locked_until = lease
        taken.append([Job(delivery.id, delivery.uuid, delivery.event, delivery.payload, url,
                          secret, delivery.subscription_id, lease)
                      for delivery, url, secret in rows])
    return taken


def _oldest_pending(session: Session, keys: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    if not keys:
        return {}
    rows = session.execute(
        select(WebhookDelivery.subscription_id, WebhookDelivery.claim_id,
               func.min(WebhookDelivery.id))
        .where(WebhookDelivery.state == "pending",
               tuple_(WebhookDelivery.subscription_id, WebhookDelivery.claim_id).in_(keys))
        .group_by(WebhookDelivery.subscription_id, WebhookDelivery.claim_id))
    return {(sub, claim): oldest for sub, claim, oldest in rows}


def release(session: Session, job: Job) -> None:
    """Hand back a delivery taken but not sent (an earlier one of its run failed)."""
    delivery = session.get(WebhookDelivery, job.id, with_for_update=True, populate_existing=True)
    if delivery is not None and delivery.locked_until == job.lease:
        delivery.locked_until = None


def retry_delay(attempts: int, settings: DeliverySettings,
                rng: Callable[[], float] = random.random) -> timedelta:
    """Exponential backoff with jitter, after `attempts` failed attempts."""
    base = min(settings.retry_base_seconds * 2 ** min(attempts, 32), settings.max_delay_seconds)
    return timedelta(seconds=base * (0.5 + rng()))


def record_outcome(session: Session, job: Job, outcome: Outcome, settings: DeliverySettings,
                   now: datetime, rng: Callable[[], float] = random.random) -> None:
    delivery = session.get(WebhookDelivery, job.id, with_for_update=True, populate_existing=True)
    if delivery is None or delivery.state != "pending" or delivery.locked_until != job.lease:
        return  # its subscription was deleted, or the lease ran out and another worker took it
    subscription = session.get(WebhookSubscription, job.subscription_id, with_for_update=True,
                               populate_existing=True)
    assert subscription is not None  # deliveries go with their subscription
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    delivery.locked_until = None
    if outcome.ok:
        delivery.state = "delivered"
        delivery.delivered_at = now
        if subscription.failure_count:
            subscription.failure_count = 0
        return
    subscription.failure_count += 1
    next_attempt = now + retry_delay(delivery.attempts, settings, rng)
    if next_attempt > delivery.created_at + timedelta(hours=settings.retry_hours):
        delivery.state = "failed"  # abandoned: its retry window has passed
    else:
        delivery.next_attempt_at = next_attempt
    if subscription.active and subscription.failure_count >= settings.max_failures:
        before = audit.snapshot(subscription)
        subscription.active = False
        subscription.disabled_reason = (
            f"{subscription.failure_count} failed deliveries in a row; the last: "
            f"{outcome.error or outcome.status_code}")
        audit.record(session, "webhook.disabled", subscription, before=before)


class DeliveryWorker:
    """Delivers the outbox: `run_once` sends what is due now; `run` keeps at it until stopped."""

    def __init__(self, make_session: sessionmaker[Session], settings: DeliverySettings, *,
                 actor: audit.Actor, clock: Callable[[], datetime] = utcnow,
                 send: Callable[[Job, float], Outcome] = post,
                 rng: Callable[[], float] = random.random) -> None:
        self.make_session = make_session
        self.settings = settings
        self.actor = actor
        self.clock = clock
        self.send = send
        self.rng = rng
        self._pool = ThreadPoolExecutor(max_workers=settings.concurrency,
                                        thread_name_prefix="webhook-send")

    def run_once(self) -> int:
        """Take one batch of due deliveries and send it; the number sent (or tried)."""
        runs = self._claim()
        return sum(self._pool.map(self._deliver, runs))

    def drain(self, max_rounds: int = 1000) -> int:
        """Send batches until nothing is due (a delivery that fails is due again only after its
        backoff); the number sent (or tried)."""
        total = 0
        for _ in range(max_rounds):
            if not (sent := self.run_once()):
                break
            total += sent
        return total

    def run(self, stop: threading.Event, poll_seconds: float) -> None:
        """Until `stop` is set: a batch right after a busy one, else a pause of poll_seconds.
        A batch being sent when `stop` is set is finished and recorded first."""
        while not stop.is_set():
            try:
                busy = self.run_once()
            except Exception:  # the database is down, say: log it and try again
                log.exception("webhook worker: a round failed")
                busy = 0
            if not busy:
                stop.wait(poll_seconds)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def _claim(self) -> list[list[Job]]:
        with intends_to_write(), self.make_session() as session, session.begin():
            return claim_due(session, self.settings, self.clock())

    def _deliver(self, run: list[Job]) -> int:
        """Send a run in order, up to its first failure; record the outcomes in one
        transaction. The number tried."""
        outcomes: list[tuple[Job, Outcome, datetime]] = []
        for job in run:
            outcome = self.send(job, self.settings.timeout_seconds)
            outcomes.append((job, outcome, self.clock()))
            if not outcome.ok:
                log.info("webhook delivery %s to %s failed: %s", job.uuid, job.url,
                         outcome.error or outcome.status_code)
                break
        with intends_to_write(), self.make_session() as session, session.begin():
            audit.act_as(session, self.actor)
            for job, outcome, at in outcomes:
                record_outcome(session, job, outcome, self.settings, at, self.rng)
            for job in run[len(outcomes):]:
                release(session, job)
        return len(outcomes)
