"""Fewer garbage collections while a bulk job allocates millions of short-lived objects.

CPython's cyclic garbage collector runs its youngest generation every 700 net allocations of
container objects (dicts, lists, tuples, dataclass instances), and older generations every 10
and 100 of those. A bulk import allocates a dozen containers a claim (its checked fields, search
tokens, rows and audit snapshot), all freed by reference counting a batch later, so the
collector ran thousands of times an import and found next to nothing. Raising the youngest
generation's threshold to 10,000 while an import runs cut the request's main thread from about
105 to 81 µs of CPU a claim, and receiving the helper process's results from about 24 to 10 µs
(bench/import_cpu.py, docs/PERFORMANCE.md). Reference counting still frees everything at once;
only cycles wait a little longer to be collected.

The thresholds belong to the process, and a gunicorn worker serves requests in several threads:
the first of any overlapping bulk jobs raises them, the last one to end puts them back.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The youngest generation's threshold during a bulk job (CPython's default is 700).
BULK_THRESHOLD = 10_000

_lock = threading.Lock()
_jobs = 0
_saved: tuple[int, ...] = ()


@contextmanager
def collecting_less(threshold: int = BULK_THRESHOLD) -> Iterator[None]:
    """Run the block with the youngest generation collected every `threshold` allocations
    (never more often than the process was set to)."""
    global _jobs, _saved
    with _lock:
        if _jobs == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(threshold, _saved[0]), *_saved[1:])
        _jobs += 1
    try:
        yield
    finally:
        with _lock:
            _jobs -= 1
            if _jobs == 0:
                gc.set_threshold(*_saved)


def collect_less_for_good(threshold: int = BULK_THRESHOLD) -> None:
    """For a process that does nothing but bulk work (an import's helper process)."""
    first, *older = gc.get_threshold()
    gc.set_threshold(max(threshold, first), *older)
