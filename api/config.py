"""Configuration from environment variables; the README's table lists each one."""

import os
from typing import Any

from db.engine import default_database_url


def from_environment(instance_path: str) -> dict[str, Any]:
    env = os.environ.get
    return {
        "DATABASE_URL": env("DATABASE_URL") or default_database_url(instance_path),
        "LOG_LEVEL": env("LOG_LEVEL", "INFO").upper(),
        # json (one object a line, with the request id) or text.
        "LOG_FORMAT": env("LOG_FORMAT", "json").lower(),
        # A log line for every SQL statement slower than this.
        "SLOW_QUERY_MS": float(env("SLOW_QUERY_MS", "200")),
        # Bodies over 1 MiB get 413 before they are read.
        "MAX_CONTENT_LENGTH": int(env("MAX_CONTENT_LENGTH", str(1024 * 1024))),
        "SQL_ECHO": env("SQL_ECHO", "0") == "1",
        # Access (api.auth): anonymous callers may read unless this is off.
        "PUBLIC_READ": _flag(env("PUBLIC_READ", "true")),
        # Rate limits (api.limits, with the `limits` library).
        "RATELIMIT_ENABLED": _flag(env("RATELIMIT_ENABLED", "true")),
        "RATELIMIT_STORAGE_URI": env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ANONYMOUS": env("RATELIMIT_ANONYMOUS", "120 per minute"),
        "RATELIMIT_PER_KEY": env("RATELIMIT_PER_KEY", "600 per minute"),
        "RATELIMIT_STRATEGY": env("RATELIMIT_STRATEGY", "fixed-window"),
        "RATELIMIT_KEY_PREFIX": env("RATELIMIT_KEY_PREFIX", "quotecheck"),
        # A storage that is down must not take the API down: count in memory until it is back.
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # Hardening (api.hardening).
        "TRUSTED_PROXIES": int(env("TRUSTED_PROXIES", "0")),
        "CORS_ORIGINS": [origin.strip() for origin in env("CORS_ORIGINS", "").split(",")
                         if origin.strip()],
        # Integrations (issue 5). ClaimReview: where claims are published, and by whom.
        "PUBLIC_BASE_URL": env("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        "ORG_NAME": env("ORG_NAME", "quotecheck"),
        "ORG_URL": env("ORG_URL", "http://127.0.0.1:8000"),
        # Bulk import: the largest upload (other bodies stay under MAX_CONTENT_LENGTH).
        "IMPORT_MAX_BYTES": int(env("IMPORT_MAX_BYTES", str(50 * 1024 * 1024))),
        # Helper processes that check a large upload's lines while the request writes (0: none).
        "IMPORT_CHECK_PROCESSES": int(env("IMPORT_CHECK_PROCESSES", "1")),
        # Claim extraction's Korean morphology: `auto` (kiwipiepy when installed), `kiwipiepy`
        # or `rules`.
        "EXTRACTION_ANALYZER": env("EXTRACTION_ANALYZER", "auto"),
        # Webhooks: a delivery's timeout, how long failed deliveries are retried, and how many
        # failures in a row disable a subscription.
        "WEBHOOK_TIMEOUT_SECONDS": float(env("WEBHOOK_TIMEOUT_SECONDS", "5")),
        "WEBHOOK_RETRY_HOURS": float(env("WEBHOOK_RETRY_HOURS", "24")),
        "WEBHOOK_MAX_FAILURES": int(env("WEBHOOK_MAX_FAILURES", "20")),
        # The first retry's delay (doubled each time, with jitter) and the worker's poll.
        "WEBHOOK_RETRY_BASE_SECONDS": float(env("WEBHOOK_RETRY_BASE_SECONDS", "1")),
        "WEBHOOK_POLL_SECONDS": float(env("WEBHOOK_POLL_SECONDS", "0.5")),
        # Idempotency-Key: how long a first answer is kept for replay.
        "IDEMPOTENCY_HOURS": float(env("IDEMPOTENCY_HOURS", "24")),
        # flask-smorest: the OpenAPI document is generated from the schemas at /openapi.json.
        "API_TITLE": "quotecheck",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
    }


def _flag(value: str) -> bool:
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise RuntimeError(f"{value!r} is not a yes or no: write true or false")
