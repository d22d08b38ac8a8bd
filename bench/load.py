"""Load benchmark (issue 6): the API under 16 connections, through gunicorn with the production
settings, on 100,000 claims, next to the ceilings the same gunicorn and database allow.

    make bench        # = .venv/bin/python bench/load.py --backend both
    .venv/bin/python bench/load.py --backend postgresql --seconds 10 --keep
    .venv/bin/python bench/load.py --backend postgresql --reuse --config sync:3:1 --config gthread:2:4

Per backend: a fresh database (PostgreSQL: BENCH_DATABASE_URL, default quotecheck_bench_load on
127.0.0.1, dropped at the end unless --keep; SQLite: a file under /tmp) with 100,000 claims
(bench/search.py's loader, plus sources, tags and a spread of statuses). Then gunicorn serves
bench/ceiling.py and measures its three ceilings, and serves the API (`api:create_app()`) and
measures its endpoints, each after a warm-up, for a fixed time, with wrk (bench/wrk/*.lua), or a
Python load generator where wrk is missing (labelled in the output).

The API runs with its production defaults (auth, rate limiting in memory, request ids, metrics,
the audit log, JSON logs at INFO, the access log), but for the rate limits' numbers: the
benchmark's 16 connections come from one IP, so RATELIMIT_ANONYMOUS and RATELIMIT_PER_KEY are
raised to 100,000,000 per minute. Every request is still counted against its budget.
"""

import argparse
import json
import os
import platform
import random
import runpy
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench import loadgen  # noqa: E402
from bench.databases import database_url, fresh_database  # noqa: E402
from bench.search import SPEAKERS, Corpus, load  # noqa: E402
from db.engine import make_engine  # noqa: E402

WRK_DIR = ROOT / "bench" / "wrk"
NAME = "load"
RATE_LIMIT = "100000000 per minute"
STATUSES = ("false", "unverified", "in_review", "mostly_true")
SOURCES = 500
# What annotators send, in turn: a claim goes into review, then gets a verdict, with its why and
# its evidence (a verdict replacing another is a correction, which needs the note).
ANNOTATIONS = [
    '{"status": "in_review"}',
    '{"status": "false", "note": "The statistics office\'s figures say otherwise.", '
    '"evidence": [{"url": "https://stats.example/2024/prices", "title": "Consumer prices"}]}',
    '{"status": "in_review", "note": "A reader sent a newer source."}',
    '{"status": "mostly_true", "note": "Right on the trend, off on the number.", '
    '"evidence": [{"url": "https://stats.example/2025/prices", "title": "Consumer prices"}]}',
]


@dataclass
class Case:
    """One row of the table: what is requested, of which app, and what it should reach."""

    label: str
    app: str  # "ceiling" or "api"
    method: str
    paths: list[str]
    key: str | None = None
    bodies: list[str] | None = None
    # (ceiling the target is measured against, the share of it to reach); None: no ratio target.
    target: tuple[str, float] | None = None
    read: bool = True
    runs: list[dict] = field(default_factory=list)
    result: dict = field(default_factory=dict)


def enrich(url: str) -> None:
    """What bench/search.py's loader leaves out: a source on half the claims, tags on a third,
    and four statuses, 25 of each speaker's 100 claims apiece (so two filters find a page)."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO sources (id, url, outlet, outlet_key, title, language, version, "
            "created_at, updated_at) VALUES (:id, :url, :outlet, :outlet_key, :title, 'ko', 1, "
            ":now, :now)"),
            [{"id": n, "url": f"https://news.example/{n}", "outlet": f"Outlet {n % 50}",
              "outlet_key": f"outlet {n % 50}", "title": f"Article {n}", "now": now}
             for n in range(1, SOURCES + 1)])
        conn.execute(text(f"UPDATE claims SET source_id = 1 + id % {SOURCES} WHERE id % 2 = 0"))
        cases = " ".join(f"WHEN {n} THEN '{code}'" for n, code in enumerate(STATUSES))
        conn.execute(text(
            f"UPDATE claims SET status_code = CASE (id / {SPEAKERS}) % {len(STATUSES)} {cases} END"))
        conn.execute(text("INSERT INTO claim_tags (claim_id, tag) "
                          "SELECT id, 'economy' FROM claims WHERE id % 3 = 0"))
        conn.execute(text("INSERT INTO claim_tags (claim_id, tag) "
                          "SELECT id, 'election' FROM claims WHERE id % 5 = 0"))
        conn.execute(text("ANALYZE"))
    engine.dispose()


def make_keys(url: str) -> dict[str, str]:
    from services import audit, keys

    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        audit.act_as(session, audit.command_line_actor())
        made = {role: keys.create_key(session, name=f"Bench {role}", role=role).secret
                for role in ("reader", "annotator")}
    engine.dispose()
    return made


def drop_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    admin = make_engine(parsed.set(database="postgres").render_as_string(hide_password=False),
                        isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    base: str
    pid: int

    def workers_cpu_seconds(self) -> float:
        """User and system time of the master's children (the workers), from /proc: what the
        app costs per request, less disturbed than req/s by other work on the machine."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.pid:  # ppid
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks


@contextmanager
def serve(app: str, url: str, config: tuple[str, int, int] | None, log: Path):
    """gunicorn with gunicorn.conf.py serving the API or the ceilings; `config` (worker class,
    workers, threads) overrides its defaults, for tuning."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port),
           "RATELIMIT_ANONYMOUS": RATE_LIMIT, "RATELIMIT_PER_KEY": RATE_LIMIT}
    options = []
    if config is not None:
        worker_class, workers, threads = config
        options = ["--worker-class", worker_class, "--workers", str(workers),
                   "--threads", str(threads)]
    target = "api:create_app()" if app == "api" else "bench.ceiling:create_app()"
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"),
         *options, target], cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    ready = "/readyz" if app == "api" else "/ceiling/json"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + ready, timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit(f"gunicorn ({app}) did not start; see {log}") from None
            time.sleep(0.2)
    try:
        yield Server(base, process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def drive(base: str, case: Case, seconds: float, connections: int, wrk_threads: int,
          paths_file: Path) -> dict:
    paths_file.write_text("\n".join(case.paths) + "\n")
    if shutil.which("wrk") is None:
        headers = {"Authorization": f"Bearer {case.key}"} if case.key else {}
        if case.bodies is not None:
            headers["Content-Type"] = "application/json"
        return loadgen.run(base, case.method, case.paths, headers,
                           [body.encode() for body in case.bodies or []], seconds, connections)
    script = WRK_DIR / ("post.lua" if case.method == "POST" else "get.lua")
    command = ["wrk", f"-t{wrk_threads}", f"-c{connections}", f"-d{round(seconds)}s",
               "--timeout", "10s", "-s", str(script), base, "--", str(paths_file), case.key or ""]
    if case.bodies is not None:
        bodies_file = paths_file.with_suffix(".bodies")
        bodies_file.write_text("\n".join(case.bodies) + "\n")
        command.append(str(bodies_file))
    done = subprocess.run(command, capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))
    raise SystemExit(f"wrk gave no summary:\n{done.stdout}\n{done.stderr}")


def cases_for(rows: int, claims_keys: dict[str, str], corpus: Corpus) -> list[Case]:
    rng = random.Random(6)
    ids = [rng.randint(1, rows) for _ in range(5000)]
    by_id = [f"/v1/claims/{i}" for i in ids]
    lists = [f"/v1/claims?speaker_id={rng.randint(1, SPEAKERS)}&status={rng.choice(STATUSES)}"
             for _ in range(2000)]
    searches = [f"/v1/claims?q={urllib.parse.quote(rng.choice(corpus.rare))}"
                for _ in range(2000)]
    annotate = [f"/v1/claims/{i}/annotations" for i in ids]
    return [
        Case("bare Flask JSON (ceiling)", "ceiling", "GET", ["/ceiling/json"]),
        Case("Core primary-key read (DB ceiling)", "ceiling", "GET",
             [f"/ceiling/claims/{i}" for i in ids]),
        Case("Core primary-key read, no BEGIN/ROLLBACK", "ceiling", "GET",
             [f"/ceiling/claims/{i}/autocommit" for i in ids]),
        Case("Core single-row insert (write ceiling)", "ceiling", "POST",
             [f"/ceiling/claims/{i}/annotations" for i in ids], bodies=ANNOTATIONS, read=False),
        Case("GET /v1/claims/{id}, anonymous", "api", "GET", by_id, target=("pk", 0.70)),
        Case("GET /v1/claims/{id}, reader key", "api", "GET", by_id, key=claims_keys["reader"],
             target=("pk", 0.70)),
        Case("GET /v1/claims?speaker_id&status (keyset)", "api", "GET", lists,
             target=("pk", 0.50)),
        Case("GET /v1/claims?q= (search, selective word)", "api", "GET", searches),
        Case("POST /v1/claims/{id}/annotations, annotator key", "api", "POST", annotate,
             key=claims_keys["annotator"], bodies=ANNOTATIONS, target=("insert", 0.40),
             read=False),
    ]


def with_second_pages(base: str, case: Case) -> None:
    """Half the list requests ask for the second page, by the cursor the first one gave."""
    second = []
    for path in case.paths[: len(case.paths) // 2]:
        with urllib.request.urlopen(base + path) as response:
            link = response.headers.get("Link")
        if link:
            second.append(link.split(">")[0].lstrip("<"))
    case.paths = case.paths + second
    random.Random(2).shuffle(case.paths)


def measure(backend: str, url: str, rows: int, args: argparse.Namespace,
            config: tuple[str, int, int] | None, corpus: Corpus) -> list[Case]:
    cases = cases_for(rows, make_keys(url), corpus)
    if args.only:
        cases = [case for case in cases if case.app == "ceiling" or any(
            word in case.label for word in args.only)]
    paths_file = Path(f"/tmp/quotecheck-bench-load-{backend}.paths")
    log = Path(f"/tmp/quotecheck-bench-load-{backend}.log")
    # Both servers at once (the idle one costs nothing), and the endpoints in turn, round after
    # round: a burst of other work on the machine then falls on the API and its ceilings alike.
    with (serve("ceiling", url, config, log) as ceiling, serve("api", url, config, log) as api):
        servers = {"ceiling": ceiling, "api": api}
        for case in cases:
            if "keyset" in case.label:
                with_second_pages(api.base, case)
        for round_ in range(args.rounds):
            for case in cases:
                server = servers[case.app]
                if round_ == 0:
                    drive(server.base, case, args.warmup, args.connections, args.wrk_threads,
                          paths_file)
                cpu = server.workers_cpu_seconds()
                run = drive(server.base, case, args.seconds, args.connections, args.wrk_threads,
                            paths_file)
                run["cpu_us"] = ((server.workers_cpu_seconds() - cpu) * 1e6
                                 / max(run["requests"], 1))
                case.runs.append(run)
                print(f"  {backend}, round {round_ + 1}: {case.label}: {rate(run):,.0f} req/s, "
                      f"{run['cpu_us']:,.0f} µs of worker CPU a request",
                      file=sys.stderr, flush=True)
    for case in cases:
        # The round with the median req/s stands for the endpoint (its p50 and p99 with it).
        case.result = sorted(case.runs, key=rate)[len(case.runs) // 2]
    return cases


def rate(case_or_run: "Case | dict") -> float:
    run = case_or_run.result if isinstance(case_or_run, Case) else case_or_run
    return run["requests"] / (run["duration_us"] / 1e6)


def table(backend: str, cases: list[Case]) -> str:
    ceilings = dict(zip(("bare", "pk", "pk_autocommit", "insert"), cases, strict=False))
    lines = [f"| {backend} | req/s (rounds' range) | p50 ms | p99 ms | ÷ bare Flask | "
             "÷ Core PK read | ÷ PK read, no BEGIN | ÷ Core insert | worker CPU µs/req | target "
             "| result |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for case in cases:
        r = case.result
        failed = sum(run[kind] for run in case.runs for kind in (
            "status_errors", "read_errors", "connect_errors", "timeouts"))
        low, high = min(map(rate, case.runs)), max(map(rate, case.runs))
        cells = [f"{rate(case) / rate(ceilings[name]):.0%}"
                 for name in ("bare", "pk", "pk_autocommit", "insert")]
        for hidden in ((3,) if case.read else (1, 2)):
            cells[hidden] = "–"
        p99 = r["p99_us"] / 1000
        goals, met = [], True
        if case.target is not None:
            ceiling, share = case.target
            ratio = rate(case) / rate(ceilings[ceiling])
            goals.append(f"≥ {share:.0%} of {'PK read' if ceiling == 'pk' else 'insert'}")
            met = met and ratio >= share
        if case.app == "api" and case.read:
            goals.append("p99 < 50 ms")
            met = met and p99 < 50
        verdict = ("PASS" if met else "MISS") if goals else ""
        if failed:
            verdict += f" ({failed} errors of {sum(run['requests'] for run in case.runs)})"
        lines.append(f"| {case.label} | {rate(case):,.0f} ({low:,.0f}–{high:,.0f}) | "
                     f"{r['p50_us'] / 1000:.1f} | "
                     f"{p99:.1f} | {' | '.join(cells)} | {r['cpu_us']:,.0f} | "
                     f"{', '.join(goals) or '–'} | {verdict} |")
    return "\n".join(lines)


def gunicorn_settings(config: tuple[str, int, int] | None) -> str:
    if config is not None:
        return f"{config[0]}, {config[1]} workers, {config[2]} threads (--config)"
    env = dict(os.environ)
    try:
        settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        made = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if made and made != env.get("PROMETHEUS_MULTIPROC_DIR"):
            shutil.rmtree(made, ignore_errors=True)
        os.environ.clear()
        os.environ.update(env)
    return (f"{settings['worker_class']}, {settings['workers']} workers, {settings['threads']} "
            "threads (gunicorn.conf.py)")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return (f"{os.cpu_count()} CPUs ({cpu}), {memory / 2**20:.0f} GiB RAM, Python "
            f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def postgresql_version(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as conn:
        version = conn.scalar(text("SHOW server_version"))
    engine.dispose()
    return f"PostgreSQL {version}"


def load_generator(args: argparse.Namespace) -> str:
    if shutil.which("wrk") is None:
        return (f"Python load generator (bench/loadgen.py), {args.connections} connections: "
                "WRK IS MISSING, these numbers are lower bounds, not comparable with wrk's")
    version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return (f"{version.split(' [')[0].strip() or 'wrk'}, {args.wrk_threads} threads, "
            f"{args.connections} connections")


def parse_config(value: str) -> tuple[str, int, int]:
    worker_class, workers, threads = value.split(":")
    return worker_class, int(workers), int(threads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=5, help="measured, per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3, help="every endpoint once a round")
    parser.add_argument("--warmup", type=int, default=3, help="not measured, per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--config", type=parse_config, action="append",
                        help="CLASS:WORKERS:THREADS instead of gunicorn.conf.py's (repeatable)")
    parser.add_argument("--only", action="append",
                        help="only the API endpoints whose label holds this (the ceilings always)")
    parser.add_argument("--keep", action="store_true", help="keep the database for --reuse")
    parser.add_argument("--reuse", action="store_true", help="measure the kept database again")
    args = parser.parse_args()
    started = time.monotonic()
    backends = ["postgresql", "sqlite"] if args.backend == "both" else [args.backend]
    corpus = Corpus(args.rows)
    print(f"# Load benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n\n"
          f"- machine: {machine()}\n- load generator: {load_generator(args)}\n"
          f"- per endpoint: {args.warmup:g} s warm-up, then {args.rounds} rounds of "
          f"{args.seconds:g} s measured, the endpoints in turn; each row is its median round, "
          "with the lowest and highest req/s of the rounds\n"
          f"- load average before: {os.getloadavg()[0]:.2f}", flush=True)
    for backend in backends:
        if args.reuse:
            url = database_url(backend, NAME)
        else:
            url = fresh_database(backend, NAME)
            print(f"{backend}: loading {args.rows:,} claims", file=sys.stderr, flush=True)
            load(url, corpus)
            enrich(url)
        try:
            about = postgresql_version(url) if backend == "postgresql" else "SQLite, WAL"
            for config in args.config or [None]:
                cases = measure(backend, url, args.rows, args, config, corpus)
                generator = "" if shutil.which("wrk") else ", PYTHON LOAD GENERATOR (no wrk)"
                print(f"\n## {backend} ({about}), {args.rows:,} claims{generator}, gunicorn "
                      f"{gunicorn_settings(config)}, load average {os.getloadavg()[0]:.2f}\n\n"
                      f"{table(backend, cases)}", flush=True)
        finally:
            if not (args.keep or args.reuse):
                drop_database(url)
    print(f"\nTotal: {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
