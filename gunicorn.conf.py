"""gunicorn settings; PORT, HOST, WEB_CONCURRENCY and GUNICORN_THREADS override the defaults."""

import os
import tempfile

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Measured with bench/load.py on 2 cores shared with PostgreSQL (docs/PERFORMANCE.md): a request
# is CPU-bound Python plus waits on the database, so one worker per core, each with 4 threads
# that overlap one request's database waits with another's Python. More workers than cores
# only added context switches (4 or 6 workers: fewer req/s, more CPU a request); 4 threads
# against 2 served as many reads and about a fifth more annotations (a write waits on ~10
# round trips and its row lock). On a bigger machine set WEB_CONCURRENCY to its cores.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# gthread, even with one thread: its timeout is about a worker that stops answering, not about
# a long request, so a bulk import or a streamed export of a million claims is not killed at
# GUNICORN_TIMEOUT (the sync worker would kill it). The sync worker also closes the connection
# after every answer, which cost a read 40% more CPU under load.
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Each worker writes its metrics here, and /metrics sums them (api/metrics.py): a fresh folder
# per start, unless one is given.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="quotecheck-metrics-"))
# Access log to stdout; the app's own logging goes to stderr. Keys are blotted out of it.
accesslog = "-"
logger_class = "api.access_log.RedactingLogger"
# Each worker builds its own app and engine after the fork: no DB connections shared across forks.
preload_app = False
# gunicorn 24+ opens a control socket in $HOME; the container's user has no writable home and
# nothing here uses it.
control_socket_disable = True
# The longest request line gunicorn accepts (its maximum); longer ones get gunicorn's own
# plain-text 414 before the app could answer problem+json.
limit_request_line = 8190


def post_worker_init(worker):
    """Load the language model before the first request, not during it (a claim posted without
    a language is classified by py3langid, whose model takes about a second to load)."""
    from services.text import detect_language

    detect_language("warm up the language model")


def child_exit(server, worker):
    """A worker that is gone no longer counts in the live numbers (connections in use)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
