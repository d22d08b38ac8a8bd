"""The function that answers one route and HTTP method, and what it declares about itself
(its role, whether it reads a JSON body or an upload)."""

from collections.abc import Callable
from typing import Any

from flask import current_app


def operation(endpoint: str, method: str) -> Callable[..., Any] | None:
    """For a MethodView, its method for this HTTP method (HEAD is answered by GET)."""
    view = current_app.view_functions[endpoint]
    if hasattr(view, "view_class"):
        return getattr(view.view_class, "get" if method == "HEAD" else method.lower(), None)
    return view


def takes_json_body(endpoint: str, method: str) -> bool:
    """flask-smorest records each `@blp.arguments` of an operation in its `_apidoc`."""
    parameters = getattr(operation(endpoint, method), "_apidoc", {}).get("arguments", {})
    return any(parameter.get("in") == "json" for parameter in parameters.get("parameters", []))


def upload(limit_setting: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declares an operation that reads a body other than JSON itself (a file upload), checks
    its media type itself, and takes bodies up to the config value `limit_setting` rather than
    MAX_CONTENT_LENGTH: the JSON body rules let it through, and raise the limit before any
    hook reads the body."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        func.upload_limit_setting = limit_setting  # type: ignore[attr-defined]
        return func

    return decorator


def upload_limit_setting(endpoint: str, method: str) -> str | None:
    """For an upload operation, the name of the setting that limits its body; else None."""
    return getattr(operation(endpoint, method), "upload_limit_setting", None)
