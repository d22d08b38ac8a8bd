"""API keys: made over HTTP and on the command line, shown once, stored as a hash, revoked, and
their use recorded without a write on every request."""

import hashlib
import re

import pytest
from sqlalchemy import select

from db.models import ApiKey
from services import keys
from tests.conftest import client_with_key, make_key

KEY = re.compile(r"qc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def test_an_admin_makes_a_key_and_sees_it_once(admin_client, app, session):
    response = admin_client.post("/v1/keys", json={"name": "Politics desk", "role": "editor",
                                                   "expires_in": "90d"})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    created = response.get_json()
    assert KEY.fullmatch(created["key"])
    assert created["key"].startswith(created["prefix"] + "_")
    assert (created["name"], created["role"], created["state"]) == ("Politics desk", "editor",
                                                                     "active")
    assert created["created_by"] == "Test admin"
    assert created["expires_at"] is not None

    # Never again: not in the record, not in the list, not in the database.
    record = admin_client.get(response.headers["Location"]).get_json()
    assert "key" not in record
    assert all("key" not in item for item in admin_client.get("/v1/keys").get_json()["items"])
    stored = session.scalar(select(ApiKey).where(ApiKey.id == created["id"]))
    assert stored.secret_hash == hashlib.sha256(created["key"].encode()).hexdigest()
    assert created["key"] not in (stored.prefix, stored.secret_hash)

    # And it works, with its role.
    desk = client_with_key(app, created["key"])
    assert desk.post("/v1/speakers", json={"name": "한덕수"}).status_code == 201
    assert desk.get("/v1/keys").status_code == 403


def test_every_new_key_is_different(session):
    made = {make_key(session, "reader") for _ in range(20)}
    assert len(made) == 20
    assert len({key.split("_")[1] for key in made}) == 20


@pytest.mark.parametrize(("body", "field"), [
    ({"name": "x", "role": "superuser"}, "role"),
    ({"name": "x"}, "role"),
    ({"role": "reader"}, "name"),
    ({"name": "", "role": "reader"}, "name"),
    ({"name": "x", "role": "reader", "expires_in": "90"}, "expires_in"),
    ({"name": "x", "role": "reader", "expires_in": "0d"}, "expires_in"),
    ({"name": "x", "role": "reader", "expires_in": "3651d"}, "expires_in"),
    ({"name": "x", "role": "reader", "expires_in": "1w"}, "expires_in"),
    ({"name": "x", "role": "reader", "key": "qc_mine"}, "key"),
    ({"name": "cli:root", "role": "admin"}, "name"),  # the command line's actors
    # Names show up in listings and logs: nothing invisible, no forged lines or escapes.
    ({"name": "\u200b\u200b", "role": "reader"}, "name"),
    ({"name": "desk\nINFO key revoked", "role": "reader"}, "name"),
    ({"name": "\x1b[31mred", "role": "reader"}, "name"),
    ({"name": "x", "role": "reader", "expires_in": "٣d"}, "expires_in"),
    ({"name": "x", "role": "reader", "expires_in": " 5d"}, "expires_in"),
])
def test_invalid_keys_are_422(admin_client, body, field):
    response = admin_client.post("/v1/keys", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_keys_list_newest_first_with_their_state(admin_client, session):
    from datetime import timedelta

    from db.base import utcnow
    make_key(session, "reader", "Old", expires_in="1m", now=utcnow() - timedelta(hours=1))
    make_key(session, "reader", "Gone")
    gone = session.scalar(select(ApiKey).where(ApiKey.name == "Gone"))
    keys.revoke_key(session, gone)
    make_key(session, "reader", "New")
    items = admin_client.get("/v1/keys?limit=3").get_json()["items"]
    assert [(item["name"], item["state"]) for item in items] == [
        ("New", "active"), ("Gone", "revoked"), ("Old", "expired")]


def test_revoking_twice_is_still_204_and_a_missing_key_is_404(admin_client, session):
    make_key(session, "reader", "Once")
    key_id = session.scalar(select(ApiKey.id).where(ApiKey.name == "Once"))
    assert admin_client.delete(f"/v1/keys/{key_id}").status_code == 204
    revoked_at = admin_client.get(f"/v1/keys/{key_id}").get_json()["revoked_at"]
    assert admin_client.delete(f"/v1/keys/{key_id}").status_code == 204
    assert admin_client.get(f"/v1/keys/{key_id}").get_json()["revoked_at"] == revoked_at
    assert admin_client.delete("/v1/keys/2147483647").status_code == 404
    # It takes no body; one sent is a mistake, not ignored.
    with_body = admin_client.delete(f"/v1/keys/{key_id}", json={"reason": "left the desk"})
    assert with_body.status_code == 400
    assert with_body.get_json()["detail"] == "This request takes no body."


def test_last_used_is_recorded_after_the_response_and_not_on_every_request(app, session,
                                                                          monkeypatch):
    touches = []
    real_touch = keys.touch
    monkeypatch.setattr(keys, "touch", lambda *args: touches.append(args) or real_touch(*args))
    key = make_key(session, "reader", "Dashboard")
    record = session.scalar(select(ApiKey).where(ApiKey.name == "Dashboard"))
    client = client_with_key(app, key)

    first = client.get("/v1/claims")
    session.refresh(record)
    assert record.last_used_at is None  # the response is not sent yet
    first.close()
    session.refresh(record)
    used_at = record.last_used_at
    assert used_at is not None

    for _ in range(3):
        client.get("/v1/claims").close()
    session.refresh(record)
    assert record.last_used_at == used_at
    assert len(touches) == 1  # within LAST_USED_RESOLUTION, a request does not even try


def test_touch_writes_only_once_per_resolution(session):
    from db.base import utcnow
    make_key(session, "reader", "Touched")
    record = session.scalar(select(ApiKey).where(ApiKey.name == "Touched"))
    now = utcnow()
    keys.touch(session, record.id, now)
    keys.touch(session, record.id, now + keys.LAST_USED_RESOLUTION / 2)
    session.refresh(record)
    assert record.last_used_at == now
    later = now + keys.LAST_USED_RESOLUTION
    keys.touch(session, record.id, later)
    session.refresh(record)
    assert record.last_used_at == later


def test_the_command_line_makes_lists_and_revokes_keys(app, session):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["keys", "create", "--name", "Politics desk", "--role", "editor",
                               "--expires", "30d"])
    assert made.exit_code == 0, made.output
    key = KEY.search(made.output).group(0)
    assert "not shown again" in made.output
    assert client_with_key(app, key).post("/v1/speakers", json={"name": "x"}).status_code == 201

    quiet = runner.invoke(args=["keys", "create", "--name", "Script", "--role", "reader",
                                "--quiet"])
    assert KEY.fullmatch(quiet.output.strip())

    listed = runner.invoke(args=["keys", "list"])
    assert "Politics desk" in listed.output and "Script" in listed.output
    assert not KEY.search(listed.output)  # prefixes only

    key_id = session.scalar(select(ApiKey.id).where(ApiKey.name == "Politics desk"))
    revoked = runner.invoke(args=["keys", "revoke", str(key_id)])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert client_with_key(app, key).get("/v1/claims").status_code == 401

    assert runner.invoke(args=["keys", "create", "--name", "x", "--role", "boss"]).exit_code == 2
    for name in ("", "   ", "a\x00b", "x" * 201, "cli:root"):
        refused = runner.invoke(args=["keys", "create", "--name", name, "--role", "reader"])
        assert refused.exit_code == 1, name
        assert "name" in refused.output.lower(), name
    bad = runner.invoke(args=["keys", "create", "--name", "x", "--role", "reader",
                              "--expires", "soon"])
    assert bad.exit_code == 1
    assert bad.output == "Error: Invalid key: expires_in: Write a number and m, h or d, as in 90d.\n"


def test_keys_status_says_how_to_make_the_first_key_and_never_prints_one(app, session):
    runner = app.test_cli_runner()
    status = runner.invoke(args=["keys", "status"])
    assert "No API keys yet" in status.output and "make key" in status.output
    assert not KEY.search(status.output)
    make_key(session, "admin")
    make_key(session, "reader")
    assert runner.invoke(args=["keys", "status"]).output == "2 active API keys.\n"


@pytest.fixture
def sqlite_locked_by_another_writer(backend):
    """A fresh SQLite database (real commits), an app on it, a reader key and an editor key, and
    a way to hold the database's write lock from another connection."""
    import sqlite3
    from contextlib import contextmanager

    from api import create_app
    from db import migrate

    if backend.name != "sqlite":
        pytest.skip("the database-wide write lock is SQLite's; PostgreSQL locks rows")
    url = backend.new_database_url()
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
    runner = app.test_cli_runner()
    made = {role: runner.invoke(args=["keys", "create", "--name", role, "--role", role,
                                      "--quiet"]).output.strip() for role in ("reader", "editor")}

    @contextmanager
    def held():
        other = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()

    yield app, made, held
    app.extensions["quotecheck.engine"].dispose()


def test_a_refused_writer_never_waits_for_the_write_lock(sqlite_locked_by_another_writer):
    import time
    app, made, held = sqlite_locked_by_another_writer
    forged = "qc_000000000000_" + "A" * 43
    with held():
        for client, expected in ((client_with_key(app, forged), 401),
                                 (client_with_key(app, made["reader"]), 403),
                                 (app.test_client(), 401)):
            started = time.monotonic()
            assert client.post("/v1/claims", json={}).status_code == expected
            assert time.monotonic() - started < 1  # not the 5 s busy timeout


def test_recording_a_keys_use_gives_up_at_once_when_the_database_is_busy(
        sqlite_locked_by_another_writer):
    import time
    app, made, held = sqlite_locked_by_another_writer
    client = client_with_key(app, made["reader"])
    with held():
        started = time.monotonic()
        client.get("/v1/claims").close()  # the touch runs here, after the response
        assert time.monotonic() - started < 1
    assert last_used(app, "reader") == "never"  # not recorded, and not waited for
    client.get("/v1/claims").close()
    assert last_used(app, "reader") != "never"


def last_used(app, name: str) -> str:
    """The `last used` column of `keys list` for the key called `name`."""
    for line in app.test_cli_runner().invoke(args=["keys", "list"]).output.splitlines()[1:]:
        columns = re.split(r"\s{2,}", line.strip())
        if columns[-1] == name:
            return columns[5]
    raise AssertionError(f"no key {name!r}")
