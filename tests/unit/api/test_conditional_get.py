"""A GET's answer with an ETag is made conditional (api/__init__.py): its shortcut for requests
that ask no condition leaves the answer as werkzeug's make_conditional would."""

import pytest
from flask import Flask, Response

from api import _conditional_get

ETAG = '"v3-0a1b"'


def _answer() -> Response:
    response = Response(b'{"id": 1}', mimetype="application/json")
    response.headers["ETag"] = ETAG
    return response


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("headers", [
    {}, {"Range": "bytes=0-1"}, {"If-Range": ETAG, "Range": "bytes=0-1"},
    {"If-None-Match": ETAG}, {"If-None-Match": '"other"'}, {"If-Match": ETAG},
    {"If-Modified-Since": "Sat, 28 Nov 2026 00:00:00 GMT"},
])
def test_answer_is_what_make_conditional_gives(method, headers):
    app = Flask(__name__)
    with app.test_request_context("/v1/claims/1", method=method, headers=headers) as context:
        ours = _conditional_get(_answer())
        theirs = _answer().make_conditional(context.request)
    assert ours.status_code == theirs.status_code
    # Date is the time of answering: both have one (they may fall in two different seconds).
    assert "Date" in ours.headers and "Date" in theirs.headers
    assert (sorted((name, value) for name, value in ours.headers.items() if name != "Date")
            == sorted((name, value) for name, value in theirs.headers.items() if name != "Date"))
    assert ours.get_data() == theirs.get_data()
