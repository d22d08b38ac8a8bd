"""What a key costs: the same reads through gunicorn, anonymous and with a key, and a keyed write,
with p50 and p95 latencies, on SQLite and PostgreSQL.

    make bench-auth
    .venv/bin/python bench/auth.py --backend sqlite --requests 500

PostgreSQL: BENCH_DATABASE_URL (default: the database quotecheck_bench_auth on 127.0.0.1, made
if missing, emptied first). Rate limits are off, so the numbers are the key check alone.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from bench.databases import fresh_database  # noqa: E402
from bench.search import serve  # noqa: E402
from db import migrate  # noqa: E402


def flask(url: str, *args: str) -> str:
    done = subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "api", *args],
                          cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip()


def request(base: str, path: str, key: str | None, body: bytes | None) -> float:
    headers = {"Content-Type": "application/json"} if body else {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(base + path, data=body,
                                                       headers=headers)) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def run(backend: str, requests: int) -> dict[str, dict]:
    url = fresh_database(backend, "auth")
    migrate.upgrade(url)
    flask(url, "sample-data", "load")
    key = flask(url, "keys", "create", "--name", "Bench", "--role", "admin", "--quiet")
    os.environ["RATELIMIT_ENABLED"] = "false"
    process, base = serve(url, workers=2)
    cases = {
        "GET /v1/claims/1, anonymous": ("/v1/claims/1", None, None),
        "GET /v1/claims/1, with a key": ("/v1/claims/1", key, None),
        "GET /v1/audit?limit=20, with a key": ("/v1/audit?limit=20", key, None),
        "POST /v1/claims/1/annotations, with a key": (
            "/v1/claims/1/annotations", key, b'{"status": "in_review"}'),
    }
    timings: dict[str, list[float]] = {label: [] for label in cases}
    try:
        # Round-robin, so a slow moment of the machine costs every case alike; the first 20
        # rounds warm the workers and are not counted.
        for round_ in range(requests + 20):
            for label, (path, with_key, body) in cases.items():
                elapsed = request(base, path, with_key, body)
                if round_ >= 20:
                    timings[label].append(elapsed)
    finally:
        process.terminate()
        process.wait(timeout=10)
    return {label: {"p50": statistics.median(values),
                    "p95": sorted(values)[int(len(values) * 0.95) - 1]}
            for label, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print("| Backend | Request | p50 ms | p95 ms |\n| --- | --- | --- | --- |")
    for backend in backends:
        for label, result in run(backend, args.requests).items():
            print(f"| {backend} | {label} | {result['p50']:.2f} | {result['p95']:.2f} |",
                  flush=True)


if __name__ == "__main__":
    main()
