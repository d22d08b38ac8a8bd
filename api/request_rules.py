"""Rules every request follows before a view sees it: JSON bodies, text that every database can
store, and strict argument parsing."""

import json
from typing import Any

from flask import Flask, current_app, request
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser, abort
from werkzeug.exceptions import BadRequest, UnsupportedMediaType
from werkzeug.routing import IntegerConverter

from api.operations import takes_json_body, upload_limit_setting
from db.models import MAX_ID
from services.text import unstorable

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_BAD_TEXT = "Text may not contain NUL characters or unpaired surrogates."


def _is_json(mimetype: str) -> bool:
    return mimetype == "application/json" or mimetype.endswith("+json")


def _first_unstorable(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string (key or value) in a JSON document that cannot be
    stored, or None."""
    if isinstance(value, str):
        return path or "_schema" if unstorable(value) else None
    if isinstance(value, dict):
        for key, inner in value.items():
            where = f"{path}.{key}" if path else str(key)
            if unstorable(str(key)):
                return path or "_schema"
            found = _first_unstorable(inner, where)
            if found:
                return found
    if isinstance(value, list):
        for index, inner in enumerate(value):
            found = _first_unstorable(inner, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


class StrictParser(FlaskParser):
    # Unknown query arguments are refused like unknown body fields: a mistyped filter must not
    # silently answer the unfiltered list.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE}

    def _raw_load_json(self, req):  # type: ignore[override]
        try:
            data = super()._raw_load_json(req)
        except json.JSONDecodeError:
            raise  # webargs answers these: 400, or "no body"
        except RecursionError:
            abort(400, messages={"json": {"_schema": ["The JSON is nested too deeply."]}})
        except ValueError as error:  # e.g. an integer of more than 4300 digits
            abort(400, messages={"json": {"_schema": [f"The JSON cannot be read: {error}."]}})
        where = _first_unstorable(data)
        if where:
            abort(422, messages={"json": {where: [_BAD_TEXT]}})
        return data


class IdConverter(IntegerConverter):
    """`<id:claim_id>`: 1 to MAX_ID, ASCII digits only. Anything else cannot name a row: 404."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's name
        super().__init__(map, min=1, max=MAX_ID)


def require_json_bodies() -> None:
    """A write that takes a JSON body needs one: 400 without it, 415 for one that is not JSON
    (which webargs would otherwise read as 'no body'). One that takes none refuses one: 400."""
    if request.method not in _BODY_METHODS or request.url_rule is None:
        return
    limit = upload_limit_setting(request.url_rule.endpoint, request.method)
    if limit is not None:  # it reads its own body (api.operations.upload)
        # Before any hook reads the stream (api.idempotency does): werkzeug applies the limit
        # when the stream is first made.
        request.max_content_length = current_app.config[limit]
        return
    has_body = bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", "").lower()
    if not takes_json_body(request.url_rule.endpoint, request.method):
        if has_body:  # ignoring it would hide a client's mistake
            raise BadRequest("This request takes no body.")
        return
    if not has_body:
        raise BadRequest("This request needs a JSON body ('{}' changes nothing on PATCH).")
    if not _is_json(request.mimetype):
        raise UnsupportedMediaType(
            f"Send JSON with 'Content-Type: application/json' (got {request.mimetype or 'none'!r}).")


def refuse_unstorable_url_text() -> None:
    if unstorable(request.path) or any(unstorable(key) or unstorable(value)
                                       for key, value in request.args.items(multi=True)):
        raise BadRequest(f"The URL is not acceptable. {_BAD_TEXT}")


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
    app.before_request(refuse_unstorable_url_text)
    app.before_request(require_json_bodies)
