"""What operators see: a request id on every request (X-Request-ID, taken from the client or a
proxy when it is sane, else made) and on every log line, logs as JSON lines, and a log line for
every SQL statement slower than SLOW_QUERY_MS."""

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import Engine, event

REQUEST_ID_HEADER = "X-Request-ID"
# Ids a client may choose: short, and nothing that could forge a log line.
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
slow_log = logging.getLogger("quotecheck.slow_query")


def init_app(app: Flask, engine: Engine) -> None:
    app.before_request(_take_request_id)
    app.after_request(_echo_request_id)
    _log_slow_queries(engine, app.config["SLOW_QUERY_MS"])


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def _take_request_id() -> None:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = offered if _SANE_ID.fullmatch(offered) else uuid.uuid4().hex


def _echo_request_id(response: Response) -> Response:
    if "request_id" in g:
        response.headers[REQUEST_ID_HEADER] = g.request_id
    return response


def _log_slow_queries(engine: Engine, threshold_ms: float) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _started(conn: Any, _cursor: Any, _statement: Any, _parameters: Any, _context: Any,
                 _executemany: Any) -> None:
        conn.info.setdefault("query_started", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _finished(conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any,
                  _executemany: Any) -> None:
        elapsed_ms = (time.perf_counter() - conn.info["query_started"].pop()) * 1000
        if elapsed_ms >= threshold_ms:
            # The statement, never its parameters: those hold claims' text and key hashes.
            slow_log.warning("slow query: %.1f ms: %s", elapsed_ms, " ".join(statement.split()),
                             extra={"duration_ms": round(elapsed_ms, 1)})


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, and any `extra`."""

    _STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        line.update({key: value for key, value in vars(record).items()
                     if key not in self._STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: str, log_format: str) -> None:
    """The root logger: JSON lines (LOG_FORMAT=json, the default) or plain text, with request
    ids. Applied again by each app made in one process (the tests make many)."""
    if log_format not in ("json", "text"):
        raise RuntimeError(f"LOG_FORMAT={log_format!r}: write json or text")
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "quotecheck", False)]:
        root.removeHandler(old)
    handler.quotecheck = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
