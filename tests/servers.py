"""Helpers for tests that start a real server: gunicorn with the production settings, on a
database of their own, and the command line that makes its keys."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database_url: str, port: int, log: Path, *, workers: int,
                   options: tuple[str, ...] = (), **popen: object) -> subprocess.Popen:
    """gunicorn with gunicorn.conf.py (rate limits off), once it answers /readyz; its output
    is appended to `log`, shown if it never starts."""
    env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port),
           "WEB_CONCURRENCY": str(workers), "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLED": "false"}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", *options, "api:create_app()"],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, **popen)
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1).read()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(log.read_text())
            time.sleep(0.2)


def cli_key(database_url: str, name: str, role: str) -> str:
    """A key made by `flask --app api keys create --quiet`, as an operator would."""
    done = subprocess.run([str(BIN / "flask"), "--app", "api", "keys", "create", "--name", name,
                           "--role", role, "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          check=True, env={**os.environ, "DATABASE_URL": database_url,
                                           "LOG_LEVEL": "ERROR"})
    return done.stdout.strip()
