"""Transaction-scoped locks on names, for get-or-create without duplicates."""

import hashlib

from sqlalchemy import BigInteger, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

# One statement for any number of names: each lock is taken in the order of the array.
_LOCK_ALL = text(
    "SELECT pg_advisory_xact_lock(k) FROM unnest(:keys) WITH ORDINALITY AS t(k, n) ORDER BY n"
).bindparams(bindparam("keys", type_=ARRAY(BigInteger)))


def lock_names(session: Session, namespace: str, *names: str) -> None:
    """Hold a lock on each name until the transaction ends, so two transactions cannot both
    find nothing and both create the same speaker or source.

    PostgreSQL: transaction-level advisory locks, taken in sorted order so that two transactions
    cannot deadlock, with one round trip for them all. SQLite needs none: a writing transaction
    holds the database's write lock from BEGIN IMMEDIATE on (see db.engine).
    """
    if not names or session.get_bind().dialect.name != "postgresql":
        return
    keys = [int.from_bytes(hashlib.sha256(f"{namespace}:{name}".encode()).digest()[:8], "big",
                           signed=True) for name in sorted(set(names))]
    session.execute(_LOCK_ALL, {"keys": keys})
