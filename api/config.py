"""Configuration from environment variables; the README's table lists each one."""

import os
from typing import Any

from db.engine import default_database_url


def from_environment(instance_path: str) -> dict[str, Any]:
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or default_database_url(instance_path),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").upper(),
        # Bodies over 1 MiB get 413 before they are read.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(1024 * 1024))),
        "SQL_ECHO": os.environ.get("SQL_ECHO", "0") == "1",
        # flask-smorest: the OpenAPI document is generated from the schemas at /openapi.json.
        "API_TITLE": "quotecheck",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
