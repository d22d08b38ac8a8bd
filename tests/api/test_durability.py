"""Durability: kill -9 the gunicorn master and its workers in the middle of a write load; after a
restart every write that got a 201 is there, nothing half-written is visible, and the database
passes its integrity check."""

import json
import os
import signal
import sqlite3
import threading
import time
import urllib.error
import urllib.request

from sqlalchemy import func, select, text

from db import migrate
from db.engine import make_engine
from db.models import Claim, ClaimSearch, ClaimTag
from tests.servers import cli_key, free_port, start_gunicorn

WRITERS = 4


def test_every_acknowledged_write_survives_kill_9(backend, tmp_path):
    url = backend.new_database_url()
    migrate.upgrade(url)
    key = cli_key(url, "Load", "editor")
    port = free_port()
    log = tmp_path / "gunicorn.log"
    # A session of its own, so the whole group (master and workers) can be killed at once.
    process = start_gunicorn(url, port, log, workers=2, start_new_session=True)
    acknowledged: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n: int) -> None:
        i = 0
        while not stop.is_set():
            body = json.dumps({"text": f"부하 {n}-{i}: 기온이 {i}도 올랐다", "said_on": "2025-05-03",
                               "speaker": {"name": f"화자 {n}"}, "tags": ["load", f"w{n}"]})
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/v1/claims", data=body.encode(), method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 201:
                        with lock:
                            acknowledged.append(json.loads(response.read())["id"])
            except (OSError, urllib.error.HTTPError, ValueError):
                pass  # the server died mid-request: not acknowledged, may or may not be there
            i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    os.killpg(process.pid, signal.SIGKILL)  # the master and every worker, at once
    process.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    assert len(acknowledged) > 20, log.read_text()

    # Restarted on the same database, it serves, and every acknowledged claim is whole.
    restarted = start_gunicorn(url, port, log, workers=2)
    try:
        for claim_id in acknowledged:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/claims/{claim_id}") as found:
                assert json.loads(found.read())["tags"][0] == "load"
    finally:
        restarted.terminate()
        restarted.wait(timeout=10)

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            claims = connection.scalar(select(func.count()).select_from(Claim))
            # Nothing half-written: every claim has its search document and its tags.
            indexed = connection.scalar(select(func.count()).select_from(ClaimSearch))
            tagged = connection.scalar(select(func.count(func.distinct(ClaimTag.claim_id))))
            assert claims == indexed == tagged >= len(acknowledged)
            audited = connection.scalar(text(
                "SELECT count(*) FROM audit_log WHERE action = 'claim.created'"))
            assert audited == claims
    finally:
        engine.dispose()
    if backend.name == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite:///")) as database:
            assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
