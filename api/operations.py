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


def upload(func: Callable[..., Any]) -> Callable[..., Any]:
    """Declares an operation that reads a body other than JSON itself (a file upload), and
    checks its media type and size itself: the JSON body rules let it through."""
    func.takes_upload = True  # type: ignore[attr-defined]
    return func


def takes_upload(endpoint: str, method: str) -> bool:
    return getattr(operation(endpoint, method), "takes_upload", False)
