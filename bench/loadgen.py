"""The load generator bench/load.py falls back on where wrk cannot be installed: keep-alive HTTP/1.1
connections in threads across a few processes, reporting what wrk reports. It is much slower than
wrk (Python spends a core making requests), so the numbers it gives are lower bounds, and
bench/load.py labels them so."""

import http.client
import multiprocessing
import os
import statistics
import threading
import time
from urllib.parse import urlsplit


def _connection_loop(base: str, method: str, paths: list[str], headers: dict[str, str],
                     bodies: list[bytes], deadline: float, offset: int,
                     latencies: list[float], errors: dict[str, int]) -> None:
    host = urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    position = offset
    while time.perf_counter() < deadline:
        position += 1
        body = bodies[position % len(bodies)] if bodies else None
        started = time.perf_counter()
        try:
            connection.request(method, paths[position % len(paths)], body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors["read"] += 1
            connection.close()
            connection = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
            continue
        latencies.append(time.perf_counter() - started)
        if response.status >= 400:
            errors["status"] += 1
    connection.close()


def _process(args: tuple) -> tuple[list[float], dict[str, int]]:
    base, method, paths, headers, bodies, seconds, connections, first = args
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = {"read": 0, "status": 0}
    threads = [threading.Thread(target=_connection_loop, args=(
        base, method, paths, headers, bodies, deadline, (first + n) * 7919 % len(paths),
        latencies, errors)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def run(base: str, method: str, paths: list[str], headers: dict[str, str], bodies: list[bytes],
        seconds: float, connections: int) -> dict:
    """`connections` keep-alive connections for `seconds`; the same keys as bench/wrk/report.lua."""
    processes = max(1, min(connections, os.cpu_count() or 1))
    shares = [connections // processes + (n < connections % processes) for n in range(processes)]
    firsts = [sum(shares[:n]) for n in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        parts = pool.map(_process, [(base, method, paths, headers, bodies, seconds, share, first)
                                    for share, first in zip(shares, firsts, strict=True)])
    latencies = sorted(value for part, _ in parts for value in part)
    if not latencies:
        latencies = [0.0]

    def percentile(p: float) -> int:
        return int(latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1e6)

    return {"requests": len(latencies), "duration_us": int(seconds * 1e6),
            "p50_us": int(statistics.median(latencies) * 1e6), "p90_us": percentile(90),
            "p99_us": percentile(99), "max_us": int(latencies[-1] * 1e6), "connect_errors": 0,
            "read_errors": sum(errors["read"] for _, errors in parts),
            "write_errors": 0, "status_errors": sum(errors["status"] for _, errors in parts),
            "timeouts": 0}
