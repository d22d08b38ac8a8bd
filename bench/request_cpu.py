"""CPU and database round trips per request, in-process (issue 6): the API's hot endpoints called
through its WSGI app (no gunicorn, no network), timed with CPU time, which other work on the
machine disturbs far less than req/s (still ±10% between identical runs on a busy machine: use
--rounds).

    .venv/bin/python bench/request_cpu.py --backend postgresql --prepare        # once: the data
    .venv/bin/python bench/request_cpu.py --backend postgresql                  # this code
    .venv/bin/python bench/request_cpu.py --backend postgresql --ab /tmp/before # A/B, interleaved
    .venv/bin/python bench/request_cpu.py --backend postgresql --drop           # remove the data

The data is bench/load.py's (bench/search.py's loader, then sources, tags and four statuses) with
--rows claims (100,000 by default), and a reader and an annotator key; PostgreSQL:
BENCH_DATABASE_URL, default quotecheck_bench_request_cpu on 127.0.0.1; SQLite: a file under /tmp.

The app runs as gunicorn runs it (production defaults: auth, rate limits in memory with the
budgets raised as bench/load.py raises them, request ids, metrics in a multiprocess folder, the
audit log and the outbox). Each measurement runs in a fresh process; `--ab OTHER_TREE` alternates
processes of another copy of the code (its path first on sys.path) and of this one, `--rounds`
times (the order swapped each round), and reports the median of each. Round trips are counted
at the driver: on PostgreSQL every exchange psycopg has with the server (the pool's pre-ping,
BEGIN, each statement, COMMIT); on SQLite, which has no server, the statements and COMMITs.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "request_cpu"
# What annotators send (bench/load.py's bodies): a pending status, and a verdict with its why.
PENDING = '{"status": "in_review"}'
VERDICTS = [
    '{"status": "false", "note": "The statistics office\'s figures say otherwise.", '
    '"evidence": [{"url": "https://stats.example/2024/prices", "title": "Consumer prices"}]}',
    '{"status": "mostly_true", "note": "Right on the trend, off on the number.", '
    '"evidence": [{"url": "https://stats.example/2025/prices", "title": "Consumer prices"}]}',
]
CASES = ("ceiling: Core PK read", "GET claim, anonymous", "GET claim, reader key",
         "GET list, speaker_id+status", "ceiling: Core insert", "POST annotation, pending",
         "POST annotation, verdict")


def keys_file(backend: str) -> Path:
    return Path(f"/tmp/quotecheck-bench-{NAME}-{backend}.json")


def prepare(backend: str, rows: int) -> None:
    from bench.databases import fresh_database
    from bench.load import enrich, make_keys
    from bench.search import Corpus, load

    url = fresh_database(backend, NAME)
    load(url, Corpus(rows))
    enrich(url)
    keys_file(backend).write_text(json.dumps({"url": url, "rows": rows, "keys": make_keys(url)}))


class RoundTrips:
    """Counts the database exchanges of the process (see the module's docstring)."""

    def __init__(self) -> None:
        self.count = 0

    def install(self, backend: str) -> None:
        if backend == "postgresql":
            import psycopg._cursor_base
            import psycopg._server_cursor_base
            import psycopg.generators

            original = psycopg.generators.execute

            def counted(pgconn):  # type: ignore[no-untyped-def]
                self.count += 1
                return original(pgconn)

            psycopg.generators.execute = counted
            psycopg._cursor_base.execute = counted
            psycopg._server_cursor_base.execute = counted
            return
        from sqlalchemy import Engine, event

        def statement(*_args):  # type: ignore[no-untyped-def]
            self.count += 1

        event.listen(Engine, "before_cursor_execute", statement)
        event.listen(Engine, "commit", statement)


def measure(backend: str, requests: int, seed: int) -> dict[str, dict[str, float]]:
    """Per case: CPU µs and round trips a request, over `requests` requests."""
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR",
                          tempfile.mkdtemp(prefix="quotecheck-bench-metrics-"))
    setup = json.loads(keys_file(backend).read_text())
    os.environ.update({"DATABASE_URL": setup["url"], "LOG_LEVEL": "WARNING",
                       "RATELIMIT_ANONYMOUS": "100000000 per minute",
                       "RATELIMIT_PER_KEY": "100000000 per minute"})
    from werkzeug.test import EnvironBuilder

    from api import create_app
    from bench import ceiling
    from bench.load import STATUSES
    from bench.search import SPEAKERS

    trips = RoundTrips()
    trips.install(backend)
    api, bare = create_app(), ceiling.create_app()
    rng = random.Random(seed)
    rows, keys = setup["rows"], setup["keys"]

    def environ(path: str, key: str | None = None, body: str | None = None) -> dict:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        builder = EnvironBuilder(path=path, method="POST" if body else "GET", headers=headers,
                                 data=body, content_type="application/json" if body else None)
        return builder.get_environ()

    def call(env: dict, app=api) -> tuple[str, dict[str, str]]:  # type: ignore[no-untyped-def]
        answer: list = []

        def start_response(status, headers, exc_info=None):  # type: ignore[no-untyped-def]
            answer.extend([status, dict(headers)])

        body = app(env, start_response)
        try:
            for _chunk in body:
                pass
        finally:
            if hasattr(body, "close"):
                body.close()
        return answer[0], answer[1]

    def claim_ids(n: int) -> list[int]:
        return [rng.randint(1, rows) for _ in range(n)]

    def lists(n: int) -> list[str]:
        paths = [f"/v1/claims?speaker_id={rng.randint(1, SPEAKERS)}&status={rng.choice(STATUSES)}"
                 for _ in range(n)]
        # Half of them the second page, as bench/load.py asks (its cursor from the first).
        for index in range(0, n, 2):
            _status, headers = call(environ(paths[index]))
            if "Link" in headers:
                paths[index] = headers["Link"].split(">")[0].lstrip("<")
        return paths

    def workload(case: str, n: int) -> list[dict]:
        if case == "ceiling: Core PK read":
            return [environ(f"/ceiling/claims/{i}") for i in claim_ids(n)]
        if case == "ceiling: Core insert":
            return [environ(f"/ceiling/claims/{i}/annotations", body=rng.choice([PENDING, *VERDICTS]))
                    for i in claim_ids(n)]
        if case == "GET claim, anonymous":
            return [environ(f"/v1/claims/{i}") for i in claim_ids(n)]
        if case == "GET claim, reader key":
            return [environ(f"/v1/claims/{i}", keys["reader"]) for i in claim_ids(n)]
        if case == "GET list, speaker_id+status":
            return [environ(path) for path in lists(n)]
        if case == "POST annotation, pending":
            return [environ(f"/v1/claims/{i}/annotations", keys["annotator"], PENDING)
                    for i in claim_ids(n)]
        return [environ(f"/v1/claims/{i}/annotations", keys["annotator"], rng.choice(VERDICTS))
                for i in claim_ids(n)]

    results = {}
    for case in CASES:
        app = bare if case.startswith("ceiling") else api
        for env in workload(case, 30):  # warm-up: caches, the pool, the statement cache
            call(env, app)
        environs = workload(case, requests)
        before, started = trips.count, time.process_time()
        statuses = [call(env, app)[0] for env in environs]
        spent = time.process_time() - started
        failed = [status for status in statuses if not status.startswith(("200", "201"))]
        if failed:
            raise SystemExit(f"{case}: {len(failed)} answers were not 2xx, e.g. {failed[0]}")
        results[case] = {"cpu_us": spent / requests * 1e6,
                         "round_trips": (trips.count - before) / requests}
    return results


def run_tree(tree: Path, backend: str, requests: int, seed: int) -> dict[str, dict[str, float]]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--backend", backend, "--tree", str(tree),
         "--requests", str(requests), "--seed", str(seed), "--json"],
        cwd=tree, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--prepare", action="store_true", help="make the database and keys")
    parser.add_argument("--drop", action="store_true", help="remove the database and keys")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400, help="per case")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the code to measure")
    parser.add_argument("--ab", type=Path, help="another copy of the code, measured in turn")
    parser.add_argument("--json", action="store_true", help="one measurement, as JSON")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    if args.prepare:
        prepare(args.backend, args.rows)
        return
    if args.drop:
        from bench.load import drop_database

        drop_database(json.loads(keys_file(args.backend).read_text())["url"])
        keys_file(args.backend).unlink()
        return
    if args.json:
        print(json.dumps(measure(args.backend, args.requests, args.seed)))
        return
    trees = {"before": args.ab, "after": ROOT} if args.ab else {"this": args.tree}
    runs: dict[str, list] = {label: [] for label in trees}
    for round_ in range(args.rounds):
        # Each round in the other order: whichever runs second ran a little faster here.
        order = list(trees.items()) if round_ % 2 == 0 else list(trees.items())[::-1]
        for label, tree in order:
            runs[label].append(run_tree(tree, args.backend, args.requests, args.seed + round_))
            print(f"round {round_ + 1}, {label}: " + ", ".join(
                f"{case} {result['cpu_us']:,.0f} µs" for case, result in runs[label][-1].items()),
                file=sys.stderr, flush=True)
    print(f"| {args.backend}, {args.requests} requests a case, median of {args.rounds} | "
          + " | ".join(f"{label} µs CPU (round trips)" for label in trees)
          + (" | change |" if args.ab else " |"))
    print("| --- |" + " ---: |" * (len(trees) + (1 if args.ab else 0)))
    for case in CASES:
        cells, medians = [], []
        for label in trees:
            cpu = statistics.median(run[case]["cpu_us"] for run in runs[label])
            trips = statistics.median(run[case]["round_trips"] for run in runs[label])
            medians.append(cpu)
            cells.append(f"{cpu:,.0f} ({trips:.1f})")
        if args.ab:
            cells.append(f"{medians[1] / medians[0] - 1:+.0%}")
        print(f"| {case} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
