"""The access log's lines: gunicorn's own, with API keys blotted out (api/access_log.py)."""

import datetime
import re

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger, SafeAtoms

from api.access_log import RedactingLogger, redact

KEY = "qc_0123456789ab_" + "Ab-_" * 10 + "xyz"
FORMATS = [
    Config().access_log_format,
    '%(h)s "%(r)s" %(U)s?%(q)s %(s)s %(b)s %(B)s %(D)s "%({authorization}i)s" '
    '"%({X-Request-ID}o)s" %({nope}i)s %(nope)s %({query_string}e)s %(p)s',
]


class Answer:
    status = "200 OK"
    sent = 321
    headers = [("Content-Type", "application/json"), ("X-Request-ID", 'say "hi"')]


class Asked:
    headers = [("HOST", "127.0.0.1"), ("USER-AGENT", 'curl "7"'), ("AUTHORIZATION", f"Bearer {KEY}")]


def _environ() -> dict:
    return {"REQUEST_METHOD": "GET", "RAW_URI": f"/v1/claims?api_key={KEY}&q=%22a%22",
            "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": "/v1/claims",
            "QUERY_STRING": f'api_key={KEY}&q="a"', "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": 'curl "7"', "HTTP_REFERER": f"https://x.example/?k={KEY}",
            "wsgi.input": object()}


class _Redacted(Logger):
    """The log as it was: every atom blotted out first, then gunicorn's SafeAtoms."""

    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        return {name: redact(value) if isinstance(value, str) else value
                for name, value in super().atoms(resp, req, environ, request_time).items()}


@pytest.mark.parametrize("log_format", FORMATS)
def test_access_line_is_gunicorns_with_keys_blotted_out(log_format):
    config = Config()
    config.set("access_log_format", log_format)
    lines = []
    for logger_class in (RedactingLogger, _Redacted):
        logger = logger_class(config)
        logger.now = lambda: "[28/Nov/2026:03:00:00 +0000]"  # type: ignore[method-assign]
        atoms = logger.atoms(Answer, Asked, _environ(), datetime.timedelta(microseconds=1500))
        lines.append(log_format % logger.atoms_wrapper_class(atoms))
    assert lines[0] == lines[1]
    assert KEY not in lines[0] and "qc_0123456789ab_[redacted]" in lines[0]
    raw = Logger(config).atoms(Answer, Asked, _environ(), datetime.timedelta(microseconds=1500))
    assert KEY in log_format % SafeAtoms(raw)  # the key was there to blot out


def test_redact_leaves_text_without_a_key_alone():
    assert redact("GET /v1/claims/1 HTTP/1.1") == "GET /v1/claims/1 HTTP/1.1"
    assert re.fullmatch(r"qc_0123456789ab_\[redacted\]", redact(KEY))
