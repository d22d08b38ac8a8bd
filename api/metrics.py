"""/metrics in Prometheus's text format: requests by route and status, their latency, and the
database connections in use. Under gunicorn every worker writes its numbers to
PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py sets it), and a scrape sums them all."""

import os
import time

from flask import Flask, Response, g, request
from flask.views import MethodView
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import Engine, event

from api.openapi import Blueprint
from services.access import Role

REQUESTS = Counter("quotecheck_http_requests", "Requests answered.",
                   ["method", "route", "status"])
LATENCY = Histogram("quotecheck_http_request_duration_seconds", "Time to answer a request.",
                    ["method", "route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
# livesum: across workers, the connections checked out right now (dead workers drop out).
POOL_IN_USE = Gauge("quotecheck_db_connections_in_use", "Database connections checked out.",
                    multiprocess_mode="livesum")

blp = Blueprint("metrics", __name__, description="Prometheus metrics.")


@blp.route("/metrics")
class Metrics(MethodView):
    @blp.requires(Role.reader)
    @blp.response(200, {"type": "string"}, content_type=CONTENT_TYPE_LATEST.split(";")[0])
    def get(self):
        """Prometheus metrics: requests by route and status, latency, DB connections in use"""
        return Response(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask, engine: Engine) -> None:
    app.before_request(_start_clock)
    app.after_request(_count)
    event.listen(engine, "checkout", lambda *_args: POOL_IN_USE.inc())
    event.listen(engine, "checkin", lambda *_args: POOL_IN_USE.dec())


def _registry() -> CollectorRegistry:
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        from prometheus_client import REGISTRY
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def _start_clock() -> None:
    g.metrics_started = time.perf_counter()


def _count(response: Response) -> Response:
    # The route's rule, not the path: /v1/claims/<id:claim_id>, so ids do not explode the labels.
    route = request.url_rule.rule if request.url_rule is not None else "unmatched"
    REQUESTS.labels(request.method, route, str(response.status_code)).inc()
    if "metrics_started" in g:
        LATENCY.labels(request.method, route).observe(time.perf_counter() - g.metrics_started)
    return response
