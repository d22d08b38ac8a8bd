"""Search benchmark: N synthetic claims (Korean, English, mixed), then search and /similar through
the HTTP API served by gunicorn, with p50 and p95 latencies, index build time and index size.

    make bench-search                       # 1,000,000 claims on PostgreSQL and on SQLite
    .venv/bin/python bench/search.py --backend postgresql --rows 100000

PostgreSQL: BENCH_DATABASE_URL (default: the database quotecheck_bench_search on 127.0.0.1, made if
missing, emptied first). SQLite: a file under /tmp. Results go to stdout as a Markdown table.
"""

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.databases import database_url, fresh_database  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import make_engine  # noqa: E402
from db.search_schema import (  # noqa: E402
    FTS_TABLE,
    GIN_INDEX,
    POSTGRESQL_CREATE,
    POSTGRESQL_DROP,
    SQLITE_CREATE,
    SQLITE_DROP,
    tsvector_literal,
)
from services.search.analyzer import ANALYZER_VERSION, GAPS, document_tokens  # noqa: E402
from services.search.engine import matching_ids  # noqa: E402
from services.search.query import parse  # noqa: E402
from services.text import dedupe_key  # noqa: E402

COMMON = ["경제", "market"]          # each planted in 30% of claims
MIXED_PARTNER = "inflation"          # planted in 10%: "경제 inflation" is a two-script query
RARE_WORDS = 200                     # planted in 5% of claims together: 0.025% each
SPEAKERS = 1000


def hangul_word(rng: random.Random, syllables: int) -> str:
    return "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(syllables))


def latin_word(rng: random.Random) -> str:
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))


class Corpus:
    def __init__(self, rows: int, seed: int = 42) -> None:
        rng = random.Random(seed)
        self.rng = rng
        self.rows = rows
        self.korean = [hangul_word(rng, rng.choice((2, 2, 3, 4))) for _ in range(20000)]
        self.english = [latin_word(rng) for _ in range(20000)]
        self.weights = list(_zipf_cumulative(20000))
        self.particles = ["", "", "은", "는", "이", "가", "의", "를", "에서", "로"]
        self.rare = [hangul_word(rng, 3) if i % 2 else latin_word(rng) + "x"
                     for i in range(RARE_WORDS)]

    def claim_text(self, n: int) -> str:
        rng = self.rng
        kind = n % 5  # 0-1 Korean, 2-3 English, 4 mixed
        words = []
        for _ in range(rng.randint(8, 20)):
            if kind < 2 or (kind == 4 and rng.random() < 0.5):
                words.append(rng.choices(self.korean, cum_weights=self.weights)[0]
                             + rng.choice(self.particles))
            else:
                words.append(rng.choices(self.english, cum_weights=self.weights)[0])
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), COMMON[0] + rng.choice(self.particles))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), COMMON[1])
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), MIXED_PARTNER)
        if rng.random() < 0.05:
            words.insert(rng.randrange(len(words)), rng.choice(self.rare))
        return " ".join(words)


def _zipf_cumulative(size: int):
    total = 0.0
    for rank in range(1, size + 1):
        total += 1 / rank
        yield total


def load(url: str, corpus: Corpus) -> dict:
    migrate.upgrade(url)
    engine = make_engine(url)
    postgresql = engine.dialect.name == "postgresql"
    now = datetime.now(UTC)
    report = {}
    started = time.perf_counter()
    with engine.begin() as conn:
        for statement in POSTGRESQL_DROP if postgresql else SQLITE_DROP:
            conn.execute(text(statement))
        conn.execute(text(
            "INSERT INTO speakers (id, name, name_key, version, created_at, updated_at) "
            "VALUES (:id, :name, :name, 1, :now, :now)"),
            [{"id": i, "name": f"화자 {i}", "now": now} for i in range(1, SPEAKERS + 1)])
    batch = 20000
    first_day = date(2020, 1, 1)
    for offset in range(0, corpus.rows, batch):
        claims, documents = [], []
        for n in range(offset, min(offset + batch, corpus.rows)):
            claim_text = corpus.claim_text(n)
            speaker = 1 + n % SPEAKERS
            claims.append({"id": n + 1, "text": claim_text, "key": dedupe_key(claim_text) + str(n),
                           "speaker": speaker, "said_on": first_day + timedelta(days=n % 2000),
                           "language": "ko" if n % 5 < 2 else "en", "now": now})
            tokens = document_tokens([f"화자 {speaker}", claim_text])
            documents.append({"id": n + 1, "document": " ".join(tokens),
                              "vector": tsvector_literal(tokens, GAPS) if postgresql else None,
                              "version": ANALYZER_VERSION})
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO claims (id, text, text_key, speaker_id, said_on, language, "
                "status_code, version, created_at, updated_at) VALUES (:id, :text, "
                "substr(:key, 1, 64), :speaker, :said_on, :language, 'unverified', 1, :now, :now)"),
                claims)
            conn.execute(text(
                "INSERT INTO claim_search (claim_id, document, vector, analyzer_version) VALUES "
                + ("(:id, :document, CAST(:vector AS tsvector), :version)" if postgresql
                   else "(:id, :document, NULL, :version)")), documents)
        print(f"  loaded {min(offset + batch, corpus.rows):,} claims", file=sys.stderr, flush=True)
    report["load_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    with engine.begin() as conn:
        for statement in POSTGRESQL_CREATE if postgresql else SQLITE_CREATE:
            conn.execute(text(statement))
        if postgresql:
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
            conn.execute(text("ANALYZE"))
    report["index_build_seconds"] = round(time.perf_counter() - started, 1)
    with engine.connect() as conn:
        if postgresql:
            report["index_size_mb"] = round(conn.scalar(text(
                f"SELECT pg_relation_size('{GIN_INDEX}')")) / 2**20, 1)
            report["search_table_mb"] = round(conn.scalar(text(
                "SELECT pg_total_relation_size('claim_search')")) / 2**20, 1)
        else:
            report["database_file_mb"] = round(Path(make_url(url).database).stat().st_size
                                               / 2**20, 1)
            try:
                report["index_size_mb"] = round(conn.scalar(text(
                    f"SELECT SUM(pgsize) FROM dbstat WHERE name LIKE '{FTS_TABLE}%'")) / 2**20, 1)
            except Exception:  # noqa: BLE001 - dbstat is an optional SQLite extension
                report["index_size_mb"] = None
    engine.dispose()
    return report


def serve(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port), "WEB_CONCURRENCY": str(workers),
           "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
         "--access-logfile", "/dev/null", "api:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/readyz", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def measure(base: str, paths: list[str]) -> dict:
    for path in paths[:5]:  # warm caches and the workers
        urllib.request.urlopen(base + path).read()
    timings, sizes = [], []
    for path in paths:
        started = time.perf_counter()
        with urllib.request.urlopen(base + path) as response:
            body = json.loads(response.read())
        timings.append((time.perf_counter() - started) * 1000)
        sizes.append(len(body["items"]))
    timings.sort()
    return {"requests": len(paths), "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
            "mean_hits": round(statistics.mean(sizes), 1)}


def count(url: str, q: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        total = session.scalar(select(func.count()).select_from(
            matching_ids(session, parse(q)).subquery()))
    engine.dispose()
    return total


def run(backend: str, rows: int, requests: int, workers: int, reuse: bool) -> dict:
    corpus = Corpus(rows)
    if reuse:  # measure again on the database the last run loaded
        url = database_url(backend, "search")
        report = {"backend": backend, "rows": rows, "reused_database": True}
    else:
        url = fresh_database(backend, "search")
        print(f"{backend}: loading {rows:,} claims", file=sys.stderr)
        report = {"backend": backend, "rows": rows, **load(url, corpus)}
    rng = random.Random(7)
    queries = {
        "selective": [rng.choice(corpus.rare) for _ in range(requests)],
        "common": [rng.choice(COMMON) for _ in range(requests)],
        "mixed": [rng.choice([f"경제 {MIXED_PARTNER}", f"{MIXED_PARTNER} 경제"])
                  for _ in range(requests)],
    }
    report["share_of_rows"] = {kind: round(count(url, qs[0]) / rows * 100, 3)
                               for kind, qs in queries.items()}
    process, base = serve(url, workers)
    try:
        for kind, qs in queries.items():
            paths = ["/v1/claims?" + urllib.parse.urlencode({"q": q, "limit": 20}) for q in qs]
            report[kind] = measure(base, paths)
        ids = [rng.randint(1, rows) for _ in range(requests)]
        report["similar"] = measure(base, [f"/v1/claims/{i}/similar" for i in ids])
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true",
                        help="skip loading: measure on the database of the last run")
    args = parser.parse_args()
    backends = ["postgresql", "sqlite"] if args.backend == "both" else [args.backend]
    reports = [run(backend, args.rows, args.requests, args.workers, args.reuse)
               for backend in backends]
    print(json.dumps(reports, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
