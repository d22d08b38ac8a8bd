"""Transaction-scoped locks on names, for get-or-create without duplicates."""

import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_names(session: Session, namespace: str, *names: str) -> None:
    """Hold a lock on each name until the transaction ends, so two transactions cannot both
    find nothing and both create the same speaker or source.

    PostgreSQL: transaction-level advisory locks, taken in sorted order so that two transactions
    cannot deadlock. SQLite needs none: a writing transaction holds the database's write lock
    from BEGIN IMMEDIATE on (see db.engine).
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in sorted(set(names)):
        digest = hashlib.sha256(f"{namespace}:{name}".encode()).digest()
        key = int.from_bytes(digest[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
