"""The benchmarks' databases: for each benchmark, a SQLite file under /tmp or a PostgreSQL
database (BENCH_DATABASE_URL, or quotecheck_bench_<name> on 127.0.0.1), emptied on request."""

import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.engine import make_engine


def database_url(backend: str, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{sqlite_path(name)}"
    return os.environ.get("BENCH_DATABASE_URL",
                          f"postgresql+psycopg://postgres@127.0.0.1:5432/quotecheck_bench_{name}")


def sqlite_path(name: str) -> Path:
    return Path(f"/tmp/quotecheck-bench-{name}.db")


def fresh_database(backend: str, name: str) -> str:
    """The benchmark's database, empty (not migrated)."""
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path(name)}{suffix}").unlink(missing_ok=True)
        return database_url(backend, name)
    url = make_url(database_url(backend, name))
    admin = make_engine(url.set(database="postgres").render_as_string(hide_password=False),
                        isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)
