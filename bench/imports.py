"""Bulk import and export benchmark: N synthetic claims (Korean, English, mixed) across 1,000
speakers, posted as one NDJSON upload to POST /v1/imports through gunicorn, then exported
again with `Accept: text/csv` and `application/x-ndjson`, with claims/s and the gunicorn
worker's peak RSS during the export.

    make bench-imports                      # 100,000 claims on PostgreSQL and on SQLite
    .venv/bin/python bench/imports.py --backend postgresql --rows 100000
    .venv/bin/python bench/imports.py --backend postgresql --export-rows 1000000 [--reuse]

--export-rows loads that many claims with SQL (as bench/search.py does) instead of importing
them, then measures the export alone. PostgreSQL: BENCH_DATABASE_URL (default: the database
quotecheck_bench_imports on 127.0.0.1, made afresh). SQLite: a file under /tmp.
"""

import argparse
import json
import random
import signal
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from bench.auth import flask  # noqa: E402
from bench.databases import database_url, fresh_database  # noqa: E402
from bench.search import SPEAKERS, Corpus, load, serve  # noqa: E402
from db import migrate  # noqa: E402

TAGS = ["economy", "ai", "politics", "health", "climate", "선거", "경제", "외교"]


def write_upload(path: Path, rows: int) -> None:
    """One claim a line, as POST /v1/claims takes it: inline speakers (1,000 of them), a source
    on half (by url, or by outlet and title), tags on most, a language on half (the other half
    is detected)."""
    corpus, rng = Corpus(rows, seed=11), random.Random(5)
    first_day = date(2020, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        for n in range(rows):
            speaker = rng.randrange(1, SPEAKERS + 1)
            claim = {"text": corpus.claim_text(n),
                     "said_on": (first_day + timedelta(days=rng.randrange(2000))).isoformat(),
                     "speaker": {"name": f"화자 {speaker}", "title": "의원"}}
            kind = rng.random()
            if kind < 0.3:
                claim["source"] = {"url": f"https://news.example.org/{rng.randrange(5000)}",
                                   "outlet": "예시일보"}
            elif kind < 0.5:
                claim["source"] = {"outlet": "KBS", "title": f"뉴스 {rng.randrange(500)}"}
            claim["tags"] = rng.sample(TAGS, rng.randrange(4))
            if n % 2:
                claim["language"] = "ko" if n % 5 < 2 else "en"
            out.write(json.dumps(claim, ensure_ascii=False) + "\n")


def post_file(base: str, key: str, path: Path, query: str = "") -> tuple[float, dict]:
    started = time.perf_counter()
    with path.open("rb") as body:
        request = urllib.request.Request(
            f"{base}/v1/imports{query}", data=body, method="POST",
            headers={"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {key}",
                     "Content-Length": str(path.stat().st_size)})
        with urllib.request.urlopen(request, timeout=3600) as response:
            report = json.loads(response.read())
    return time.perf_counter() - started, report


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def memory_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def measure_export(url: str, media_type: str) -> dict:
    """A fresh gunicorn with one worker (so the export is surely its request): the worker's
    resident memory before, its peak (VmHWM) after, the time and the size."""
    process, base = serve(url, workers=1)  # gunicorn.conf.py's settings (gthread: no timeout
    # cuts a long request short), as in production
    try:
        urllib.request.urlopen(f"{base}/v1/claims?limit=100").read()  # warm the worker
        worker = workers_of(process.pid)[0]
        before = memory_kib(worker, "VmRSS")
        started, size, lines = time.perf_counter(), 0, 0
        request = urllib.request.Request(f"{base}/v1/claims", headers={"Accept": media_type})
        with urllib.request.urlopen(request, timeout=3600) as response:
            while chunk := response.read(1 << 20):
                size += len(chunk)
                lines += chunk.count(b"\n")
        elapsed = time.perf_counter() - started
        peak = memory_kib(worker, "VmHWM")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    return {"media_type": media_type, "seconds": round(elapsed, 1), "lines": lines,
            "mb": round(size / 2**20, 1), "rows_per_second": round(lines / elapsed),
            "worker_rss_before_mb": round(before / 1024, 1),
            "worker_peak_rss_mb": round(peak / 1024, 1)}


def run_import(backend: str, rows: int, upload: Path) -> dict:
    url = fresh_database(backend, "imports")
    migrate.upgrade(url)
    key = flask(url, "keys", "create", "--name", "Bench", "--role", "editor", "--quiet")
    process, base = serve(url, workers=2)  # the default settings: gunicorn.conf.py, limits on
    try:
        seconds, report = post_file(base, key, upload)
        again_seconds, again = post_file(base, key, upload, "?dry_run=true")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert report["created"] + report["duplicate"] == rows and report["invalid"] == 0, report
    result = {"backend": backend, "rows": rows, "upload_mb": round(upload.stat().st_size / 2**20, 1),
              "created": report["created"], "duplicate": report["duplicate"],
              "seconds": round(seconds, 1), "claims_per_second": round(rows / seconds),
              "dry_run_again_seconds": round(again_seconds, 1),
              "dry_run_again_duplicates": again["duplicate"]}
    result["exports"] = [measure_export(url, kind) for kind in ("text/csv", "application/x-ndjson")]
    return result


def run_export(backend: str, rows: int, reuse: bool) -> dict:
    if reuse:  # the database the last --export-rows run loaded
        url = database_url(backend, "imports")
        loaded = {"reused_database": True}
    else:
        url = fresh_database(backend, "imports")
        print(f"{backend}: loading {rows:,} claims with SQL", file=sys.stderr)
        loaded = load(url, Corpus(rows))
    return {"backend": backend, "rows": rows, **loaded,
            "exports": [measure_export(url, kind) for kind in ("text/csv", "application/x-ndjson")]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--export-rows", type=int,
                        help="measure the export alone, of this many claims loaded with SQL")
    parser.add_argument("--reuse", action="store_true",
                        help="with --export-rows: export the database of the last run again")
    args = parser.parse_args()
    backends = ["postgresql", "sqlite"] if args.backend == "both" else [args.backend]
    results = []
    if args.export_rows:
        results = [run_export(backend, args.export_rows, args.reuse) for backend in backends]
    else:
        with tempfile.TemporaryDirectory() as folder:
            upload = Path(folder) / "claims.ndjson"
            write_upload(upload, args.rows)
            for backend in backends:
                print(f"{backend}: importing {args.rows:,} claims", file=sys.stderr)
                results.append(run_import(backend, args.rows, upload))
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
