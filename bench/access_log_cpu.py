"""CPU a request of gunicorn's access log line (issue 6), which only gunicorn workers pay and
bench/request_cpu.py does not see: gunicorn's own Logger against api.access_log's, with a
GET's atoms (its headers, a gunicorn worker's environ), the line written to /dev/null.

    .venv/bin/python bench/access_log_cpu.py                    # this tree
    .venv/bin/python bench/access_log_cpu.py /tmp/other_tree    # another copy of the code
"""

import datetime
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY = "qc_0123456789ab_" + "A" * 43


class Answer:
    status = "200 OK"
    sent = 1234
    headers = [("Content-Type", "application/json"), ("Content-Length", "1234"),
               ("ETag", '"v3-0a1b"'), ("X-Request-ID", "a" * 32), ("X-RateLimit-Limit", "100"),
               ("X-RateLimit-Remaining", "99"), ("X-RateLimit-Reset", "1700000000"),
               ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
               ("Referrer-Policy", "no-referrer"), ("Content-Security-Policy", "default-src 'none'"),
               ("Date", "Sat, 28 Nov 2026 03:00:00 GMT")]


class Asked:
    headers = [("HOST", "127.0.0.1:8000"), ("USER-AGENT", "wrk"),
               ("AUTHORIZATION", f"Bearer {KEY}")]


ENVIRON = {
    "REQUEST_METHOD": "GET", "RAW_URI": "/v1/claims/123", "SERVER_PROTOCOL": "HTTP/1.1",
    "PATH_INFO": "/v1/claims/123", "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1",
    "REMOTE_PORT": "50000", "HTTP_HOST": "127.0.0.1:8000", "HTTP_USER_AGENT": "wrk",
    "HTTP_AUTHORIZATION": f"Bearer {KEY}", "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
    "wsgi.input": object(), "wsgi.errors": object(), "wsgi.multithread": True,
    "wsgi.multiprocess": True, "wsgi.run_once": False, "wsgi.file_wrapper": object,
    "wsgi.input_terminated": True, "SERVER_SOFTWARE": "gunicorn", "gunicorn.socket": object(),
    "SCRIPT_NAME": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
}


def main() -> None:
    tree = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    sys.path.insert(0, str(tree))
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from api.access_log import RedactingLogger

    config = Config()
    config.set("accesslog", "/dev/null")
    took = datetime.timedelta(microseconds=1500)
    for logger_class in (Logger, RedactingLogger):
        logger = logger_class(config)
        runs = [timeit.timeit(lambda: logger.access(Answer, Asked, ENVIRON, took),  # noqa: B023
                              number=20_000, timer=time.process_time) / 20_000 * 1e6
                for _ in range(5)]
        print(f"{logger_class.__module__}.{logger_class.__name__}: "
              f"{sorted(runs)[2]:.1f} µs a line (median of 5 x 20,000)")


if __name__ == "__main__":
    main()
