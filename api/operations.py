"""The function that answers one route and HTTP method, and what it declares about itself
(its role, whether it reads a JSON body)."""

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
