"""`flask --app api webhooks worker`: the process that delivers the webhook outbox."""

import dataclasses
import logging
import signal
import threading

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from api.transaction import session_factory
from services import audit
from services.webhook_delivery import DeliverySettings, DeliveryWorker

webhooks_cli = AppGroup("webhooks", help="Webhook deliveries.")
log = logging.getLogger(__name__)


def settings_from(config) -> DeliverySettings:
    return DeliverySettings(
        timeout_seconds=float(config["WEBHOOK_TIMEOUT_SECONDS"]),
        retry_hours=float(config["WEBHOOK_RETRY_HOURS"]),
        max_failures=int(config["WEBHOOK_MAX_FAILURES"]),
        retry_base_seconds=float(config["WEBHOOK_RETRY_BASE_SECONDS"]),
    )


@webhooks_cli.command("worker")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.option("--poll", "poll_seconds", type=click.FloatRange(0.05, 60),
              default=lambda: float(current_app.config["WEBHOOK_POLL_SECONDS"]),
              show_default="0.5", help="Seconds between looks at an empty outbox.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Deliveries sent at once.")
def worker(once: bool, poll_seconds: float, concurrency: int) -> None:
    """Deliver webhooks until SIGTERM or Ctrl-C; run more than one at will."""
    settings = dataclasses.replace(settings_from(current_app.config), concurrency=concurrency)
    delivery = DeliveryWorker(session_factory(current_app), settings,
                              actor=audit.command_line_actor())
    try:
        if once:
            click.echo(f"Sent {delivery.drain()} deliveries.")
            return
        stop = threading.Event()

        def _stop(signum, _frame):
            log.info("webhook worker: %s, stopping after the deliveries in hand",
                     signal.Signals(signum).name)
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        log.info("webhook worker: polling every %ss", poll_seconds)
        delivery.run(stop, poll_seconds)
    finally:
        delivery.close()


def init_app(app: Flask) -> None:
    app.cli.add_command(webhooks_cli)
