"""Where a bulk import's CPU goes, per claim: the checks (services.import_checks, in a helper
process), the request's own process, and the PostgreSQL backend that writes. CPU time, unlike
claims/s, hardly moves when other work shares the machine, so these numbers say what a quiet
machine could do: two cores give at most 2 / (sum of the three) claims per second.

    .venv/bin/python bench/import_cpu.py --rows 100000

It imports bench/imports.py's synthetic file in-process into a fresh PostgreSQL database
(BENCH_DATABASE_URL, default quotecheck_bench_import_cpu on 127.0.0.1, which must be local for
the backend's CPU to be read from /proc), then checks the same lines again alone, timed.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bench.databases import fresh_database  # noqa: E402
from bench.imports import write_upload  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import make_engine, make_sessionmaker  # noqa: E402
from services import audit, import_checks, import_resolution, imports  # noqa: E402
from services.import_formats import NDJSON, read_lines  # noqa: E402

# The request process's steps, timed in its main thread.
STEPS = [(import_resolution.Resolver, "resolve", "resolving speakers and sources"),
         (imports._Importer, "_ready", "making rows and search documents"),
         (imports._Importer, "_drop_duplicates", "the dedupe query"),
         (imports._Importer, "_write", "COPY (claims, tags, search, audit)"),
         (imports._Importer, "_audit", "audit rows (building)"),
         (audit, "record_created", "new speakers and sources: INSERT, audit")]


def timed_steps() -> Counter:
    spent: Counter = Counter()

    def timed(step, label):  # type: ignore[no-untyped-def]
        def timer(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.thread_time()
            try:
                return step(*args, **kwargs)
            finally:
                spent[label] += time.thread_time() - started
        return timer

    for owner, name, label in STEPS:
        setattr(owner, name, timed(getattr(owner, name), label))
    return spent


def backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=1, help="helper processes (default 1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        upload = Path(folder) / "claims.ndjson"
        write_upload(upload, args.rows)
        url = fresh_database("postgresql", "import_cpu")
        migrate.upgrade(url)
        spent = timed_steps()
        with make_sessionmaker(make_engine(url))() as session, session.begin():
            audit.act_as(session, audit.command_line_actor())
            backend = session.scalar(text("SELECT pg_backend_pid()"))
            backend_before = backend_cpu(backend)
            wall, thread, process = time.perf_counter(), time.thread_time(), time.process_time()
            with upload.open("rb") as lines:
                report = imports.import_claims(session, read_lines(lines, NDJSON),
                                               processes=args.processes)
            wall = time.perf_counter() - wall
            thread, process = time.thread_time() - thread, time.process_time() - process
            backend_spent = backend_cpu(backend) - backend_before
        with upload.open("rb") as lines:
            everything = list(read_lines(lines, NDJSON))
        import_checks.start_helper()  # as in the helper process: its GC setting, the model loaded
        checks = time.process_time()
        for start in range(0, len(everything), imports.BATCH_SIZE):
            import_checks.check_batch(everything[start:start + imports.BATCH_SIZE])
        checks = time.process_time() - checks
    per_claim = {"checks (helper process)": checks,
                 "request process, main thread": thread,
                 "request process, other threads (results from the helper)": process - thread,
                 "PostgreSQL backend": backend_spent}
    total = sum(per_claim.values())
    print(json.dumps({
        "rows": args.rows, "created": report.created, "seconds": round(wall, 1),
        "claims_per_second": round(args.rows / wall),
        "cpu_us_per_claim": {k: round(v / args.rows * 1e6) for k, v in per_claim.items()},
        "main_thread_steps_us_per_claim": {k: round(v / args.rows * 1e6, 1)
                                           for k, v in spent.most_common()},
        "total_cpu_us_per_claim": round(total / args.rows * 1e6),
        "two_core_ceiling_claims_per_second": round(2 * args.rows / total),
    }, indent=2))


if __name__ == "__main__":
    main()
