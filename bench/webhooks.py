"""Webhook latency under load: from a write's answer (its commit) to the receiver, with p50 and
p95, on SQLite and PostgreSQL.

    .venv/bin/python bench/webhooks.py --backend both --seconds 20 --threads 4

gunicorn serves the API (2 workers), one `flask --app api webhooks worker` delivers, and a
receiver in this process notes when each delivery arrives. Writer threads annotate claims (one
claim each) as fast as they can; each annotation's `annotation.created` event is matched to its
write by the annotation id in the payload. PostgreSQL: BENCH_DATABASE_URL (default: the database
quotecheck_bench_webhooks on 127.0.0.1, made if missing, emptied first).
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from bench.databases import fresh_database  # noqa: E402
from bench.search import serve  # noqa: E402
from db import migrate  # noqa: E402


def flask_command(url: str, *args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "flask"), "--app", "api", *args]


def call(base: str, path: str, key: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {key}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"{}")


class Arrivals:
    """When each annotation's webhook arrived, by annotation id."""

    def __init__(self) -> None:
        self.times: dict[int, float] = {}
        self.lock = threading.Lock()


def start_receiver(arrivals: Arrivals) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            arrived = time.perf_counter()
            payload = json.loads(body)
            with arrivals.lock:
                arrivals.times[payload["annotation"]["id"]] = arrived
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/hook"


def run(backend: str, seconds: float, threads: int, poll: float) -> dict:
    url = fresh_database(backend, "webhooks")
    migrate.upgrade(url)
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLED": "false"}
    key = subprocess.run(flask_command(url, "keys", "create", "--name", "Bench", "--role", "admin",
                                       "--quiet"), cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout.strip()
    os.environ["RATELIMIT_ENABLED"] = "false"
    arrivals = Arrivals()
    receiver, hook_url = start_receiver(arrivals)
    gunicorn, base = serve(url, workers=2)
    worker = subprocess.Popen(flask_command(url, "webhooks", "worker", "--poll", str(poll)),
                              cwd=ROOT, env=env)
    answered: dict[int, float] = {}
    lock = threading.Lock()
    try:
        call(base, "/v1/webhooks", key, {"url": hook_url, "events": ["annotation.created"]})
        claims = [call(base, "/v1/claims", key, {
            "text": f"벤치마크 발언 {n}", "said_on": "2025-04-29", "language": "ko",
            "speaker": {"name": "벤치마크 화자"}})["id"] for n in range(threads)]
        # Warm up: the worker is up (importing the app takes a second or two) when the first
        # event arrives; the measured writes start after that.
        warm_up = call(base, f"/v1/claims/{claims[0]}/annotations", key, {"status": "in_review"})
        while warm_up["id"] not in arrivals.times:
            time.sleep(0.05)
        deadline = time.perf_counter() + seconds

        def write(claim_id: int) -> None:
            while time.perf_counter() < deadline:
                annotation = call(base, f"/v1/claims/{claim_id}/annotations", key,
                                  {"status": "in_review"})
                done = time.perf_counter()
                with lock:
                    answered[annotation["id"]] = done

        writers = [threading.Thread(target=write, args=(claim_id,)) for claim_id in claims]
        for thread in writers:
            thread.start()
        for thread in writers:
            thread.join()
        wait_until = time.perf_counter() + 30
        while time.perf_counter() < wait_until:
            with arrivals.lock:
                if len(arrivals.times) >= len(answered):
                    break
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
        receiver.shutdown()
    # A webhook can arrive before its write's answer does: that counts as no wait at all.
    latencies = sorted(max(0.0, arrivals.times[id_] - at) * 1000
                       for id_, at in answered.items() if id_ in arrivals.times)
    return {"writes": len(answered), "delivered": len(latencies),
            "writes_per_s": len(answered) / seconds,
            "p50": statistics.median(latencies), "p95": latencies[int(len(latencies) * 0.95) - 1],
            "max": latencies[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--poll", type=float, default=0.5, help="The worker's --poll.")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(f"Worker --poll {args.poll}, {args.threads} writer threads, {args.seconds:.0f} s\n\n"
          "| Backend | Writes | Writes/s | Delivered | p50 ms | p95 ms | max ms |\n"
          "| --- | --- | --- | --- | --- | --- | --- |")
    for backend in backends:
        r = run(backend, args.seconds, args.threads, args.poll)
        print(f"| {backend} | {r['writes']} | {r['writes_per_s']:.0f} | {r['delivered']} | "
              f"{r['p50']:.0f} | {r['p95']:.0f} | {r['max']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
