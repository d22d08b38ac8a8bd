"""Rules every request body follows before a view sees it: JSON, and not too large."""

from flask import Flask, request
from werkzeug.exceptions import UnsupportedMediaType

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _is_json(mimetype: str) -> bool:
    return mimetype == "application/json" or mimetype.endswith("+json")


def require_json_bodies() -> None:
    """415 for a body that is not JSON; webargs would otherwise read it as 'no body' (422)."""
    if request.method not in _BODY_METHODS:
        return
    has_body = bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", "").lower()
    if has_body and not _is_json(request.mimetype):
        raise UnsupportedMediaType(
            f"Send JSON with 'Content-Type: application/json' (got {request.mimetype or 'none'!r}).")


def init_app(app: Flask) -> None:
    app.before_request(require_json_bodies)
