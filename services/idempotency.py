"""Idempotent POSTs: the first answer to a request sent with an `Idempotency-Key`, kept for a
while so that a retry of the same request gets that answer again instead of doing the work twice.

A key belongs to the API key that sent it. "The same request" means the same method, path and
body digest (`request_digest`: the query string, then the body). Expired records are deleted a
batch at a time whenever a new one is stored, so the table holds about one lifetime's worth.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.locks import lock_names
from db.models import IdempotencyRecord
from services.errors import RuleViolation

# 1 to 255 visible ASCII characters: a UUID, a hash, an integration's own request id.
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
# Expired records deleted, at most, each time one is stored: more than are stored, so the table
# cannot grow past one lifetime's worth, and few enough that no write waits long on it.
PURGE_BATCH = 100
REUSED = "idempotency-key-reused"


@dataclass(frozen=True)
class Attempt:
    """One request sent with an Idempotency-Key: who sent it, under which key, and what it was."""

    key_id: int
    idempotency_key: str
    method: str
    path: str
    body_digest: str


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    headers: dict[str, str]
    body: bytes


def is_valid_key(value: str) -> bool:
    return _KEY.fullmatch(value) is not None


def request_digest(query_string: bytes, media_type: str) -> "hashlib._Hash":
    """A SHA-256 to feed the body into, in chunks. The query string and the body's media type
    are part of what was asked: `POST /v1/imports?dry_run=true` is not the import that writes,
    and the same bytes sent as CSV are not the NDJSON import."""
    digest = hashlib.sha256(query_string)
    digest.update(b"\n" + media_type.encode("latin-1", "replace") + b"\n")
    return digest


def first_response(session: Session, attempt: Attempt, now: datetime) -> StoredResponse | None:
    """The stored answer to this request, or None when the key is new (or its record expired).
    The same key sent with another request is refused (422).

    Holds a lock on the key until the transaction ends, so a twin sent at the same moment waits
    for this one to commit and then finds its answer (SQLite: the write lock does the same)."""
    lock_names(session, "idempotency", f"{attempt.key_id}:{attempt.idempotency_key}")
    record = session.scalar(select(IdempotencyRecord).where(
        IdempotencyRecord.key_id == attempt.key_id,
        IdempotencyRecord.idempotency_key == attempt.idempotency_key))
    if record is None:
        return None
    if record.expires_at <= now:
        # The key is free again; the unique (key_id, idempotency_key) must not refuse its reuse.
        session.delete(record)
        session.flush()
        return None
    if (record.method, record.path, record.body_digest) != (
            attempt.method, attempt.path, attempt.body_digest):
        message = (f"This Idempotency-Key was first sent with another request ({record.method} "
                   f"{record.path}, or another body). Use a new key for a new request.")
        raise RuleViolation(message, errors={"Idempotency-Key": [message]}, slug=REUSED)
    return StoredResponse(record.status_code, dict(record.response_headers),
                          record.response_body)


def remember(session: Session, attempt: Attempt, response: StoredResponse, *, now: datetime,
             lifetime: timedelta) -> None:
    """Store the first answer, flushed so that a clash with a twin's record shows here (an
    IntegrityError, for the caller), then purge a batch of expired records."""
    session.add(IdempotencyRecord(
        key_id=attempt.key_id, idempotency_key=attempt.idempotency_key, method=attempt.method,
        path=attempt.path, body_digest=attempt.body_digest, status_code=response.status_code,
        response_headers=response.headers, response_body=response.body, created_at=now,
        expires_at=now + lifetime))
    session.flush()
    purge_expired(session, now, limit=PURGE_BATCH)


def purge_expired(session: Session, now: datetime, limit: int = PURGE_BATCH) -> int:
    """Delete up to `limit` expired records; returns how many. On PostgreSQL rows another
    transaction is deleting are skipped rather than waited for."""
    expired = (select(IdempotencyRecord.id).where(IdempotencyRecord.expires_at <= now)
               .order_by(IdempotencyRecord.id).limit(limit).with_for_update(skip_locked=True))
    result = session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id.in_(expired))
                             .execution_options(synchronize_session=False))
    return result.rowcount  # type: ignore[attr-defined]
