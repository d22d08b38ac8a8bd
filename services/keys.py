"""API keys: random, shown once, stored only as a hash, checked in constant time, revocable.

A key reads `qc_<prefix>_<secret>`: the prefix (6 random bytes, hex) is public and names the key
in lists and logs; the secret is 32 random bytes. Only the SHA-256 of the whole key is stored.
A fast hash is right here: it guards 256 random bits, which no one can guess, unlike a password.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import ApiKey
from services import audit
from services.access import Principal, Role
from services.errors import NotFound, RuleViolation, Unauthenticated
from services.pagination import Page, paginate_by_id_desc
from services.presented import Presented

_KEY = re.compile(r"(qc_[0-9a-f]{12})_[A-Za-z0-9_-]{43}")
# last_used_at is written at most this often per key: reading a key costs no write.
LAST_USED_RESOLUTION = timedelta(minutes=5)
# "90d", "12h", "30m": ASCII digits only.
LIFETIME_PATTERN = r"^([1-9][0-9]{0,5})([mhd])$"
_LIFETIME = re.compile(LIFETIME_PATTERN)
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
MAX_LIFETIME = timedelta(days=3650)


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str  # the whole key, shown this once


def create_key(session: Session, *, name: str, role: str, expires_in: str | None = None,
               now: datetime | None = None) -> NewKey:
    now = now or utcnow()
    if name.startswith(audit.COMMAND_LINE_PREFIX):
        message = f"Names starting with {audit.COMMAND_LINE_PREFIX!r} are the command line's."
        raise RuleViolation(message, errors={"name": [message]})
    if role not in Role.__members__:
        raise RuleViolation(f"Unknown role {role!r}.", errors={"role": [f"Unknown role {role!r}."]})
    prefix = f"qc_{secrets.token_hex(6)}"
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(prefix=prefix, secret_hash=_digest(secret), name=name, role=role,
                 created_by=audit.actor_of(session).name, created_at=now,
                 expires_at=now + parse_lifetime(expires_in) if expires_in else None)
    session.add(key)
    audit.record(session, "key.created", key)
    return NewKey(key=key, secret=secret)


class KnownKey(NamedTuple):
    """What checking a key needs of its row, with ApiKey's attribute names."""

    id: int
    name: str
    role: str
    secret_hash: str
    revoked_at: datetime | None
    expires_at: datetime | None
    last_used_at: datetime | None


# Made once: every keyed request asks it, and building it and its cache key cost ~70 µs. Core
# columns, not the ORM entity: a key checked on every request need not be an object in the
# session (loading one cost ~60 µs more).
_api_keys = ApiKey.__table__
_KEY_BY_PREFIX = (select(*(_api_keys.c[name] for name in KnownKey._fields))
                  .where(_api_keys.c.prefix == bindparam("prefix")))


def authenticate(session: Session, presented: str, now: datetime) -> KnownKey:
    """The active key `presented` is, or Unauthenticated saying why not."""
    digest = _digest(presented)  # hashed first: the same work whether or not the key exists
    match = _KEY.fullmatch(presented)
    row = session.execute(_KEY_BY_PREFIX, {"prefix": match.group(1)}).first() if match else None
    key = None if row is None else KnownKey(*row)
    if key is None or not hmac.compare_digest(digest, key.secret_hash):
        raise Unauthenticated("The key is not valid.", invalid=True)
    if key.revoked_at is not None:
        raise Unauthenticated("The key was revoked.", invalid=True)
    if key.expires_at is not None and key.expires_at <= now:
        raise Unauthenticated("The key has expired.", invalid=True)
    return key


def principal_of(key: ApiKey | KnownKey) -> Principal:
    return Principal(key_id=key.id, name=key.name, role=Role[key.role])


def needs_touch(key: ApiKey | KnownKey, now: datetime) -> bool:
    return key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION


def touch(session: Session, key_id: int, now: datetime) -> None:
    """Record that the key was used, unless that was recorded recently (by any worker)."""
    session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id, or_(ApiKey.last_used_at.is_(None),
                                        ApiKey.last_used_at <= now - LAST_USED_RESOLUTION))
        .values(last_used_at=now))


def get_key(session: Session, key_id: int, *, for_update: bool = False) -> ApiKey:
    key = session.get(ApiKey, key_id, with_for_update=for_update or None,
                      populate_existing=for_update)
    if key is None:
        raise NotFound(f"There is no key {key_id}.")
    return key


def list_keys(session: Session, *, cursor: str | None = None, limit: int = 20) -> Page[Presented]:
    """Every key, revoked and expired ones too, newest first, each with its `state`."""
    page = paginate_by_id_desc(session, select(ApiKey), ApiKey.id, cursor=cursor, limit=limit)
    return Page([presented(key) for key in page.items], page.next_cursor)


def count_active(session: Session) -> int:
    now = utcnow()
    return session.scalar(
        select(func.count()).select_from(ApiKey)
        .where(ApiKey.revoked_at.is_(None),
               or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > now))) or 0


def revoke_key(session: Session, key: ApiKey) -> ApiKey:
    """Revoke at once; revoking a revoked key changes nothing."""
    if key.revoked_at is None:
        before = audit.snapshot(key)
        key.revoked_at = utcnow()
        audit.record(session, "key.revoked", key, before=before)
    return key


def presented(api_key: ApiKey, **extras: object) -> Presented:
    """A key as answers show it: with its `state`."""
    return Presented(api_key, state=state_of(api_key, utcnow()), **extras)


def state_of(key: ApiKey, now: datetime) -> str:
    if key.revoked_at is not None:
        return "revoked"
    if key.expires_at is not None and key.expires_at <= now:
        return "expired"
    return "active"


def parse_lifetime(text: str) -> timedelta:
    """"90d", "12h" or "30m": how long a new key lives."""
    match = _LIFETIME.fullmatch(text.strip())
    if match is None:
        message = f"{text!r} is not a lifetime: write a number and m, h or d, as in 90d."
        raise RuleViolation(message, errors={"expires_in": [message]})
    lifetime = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if lifetime > MAX_LIFETIME:
        message = "A key can live 3650 days at most."
        raise RuleViolation(message, errors={"expires_in": [message]})
    return lifetime


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
