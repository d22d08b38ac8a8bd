"""gunicorn's access log, with any API key blotted out: a client that puts its key in a URL by
mistake (where it is refused) must not leave it in the log. gunicorn.conf.py names this class."""

import re
from typing import Any

from gunicorn.glogging import Logger

KEY_IN_TEXT = re.compile(r"qc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def redact(text: str) -> str:
    """`qc_3f9a1b2c4d5e_<secret>` becomes `qc_3f9a1b2c4d5e_[redacted]`: the public prefix stays."""
    return KEY_IN_TEXT.sub(lambda match: match.group(0)[:16] + "[redacted]", text)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        # Every atom: the request line, the query, the path, and any header a format names.
        return {name: redact(value) if isinstance(value, str) else value
                for name, value in super().atoms(resp, req, environ, request_time).items()}
