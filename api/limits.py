"""Rate limits: one budget per key, or per client IP for anonymous callers, shared by every
route. In memory by default (one budget per gunicorn worker); with
RATELIMIT_STORAGE_URI=redis://... every worker and instance shares it.

Health probes and the docs page are not limited. Past the limit the answer is 429 with
`Retry-After`; every limited answer carries X-RateLimit-Limit, -Remaining and -Reset. A storage
that stops answering (Redis down) does not take the API down: the budgets are counted in memory
until it answers again.

Counted with the `limits` library directly (the one Flask-Limiter is built on, with the same
storages and strategies): one budget per caller needs none of Flask-Limiter's per-route
machinery, which cost a read 300 to 450 µs of its 2.3 ms (docs/PERFORMANCE.md)."""

import functools
import ipaddress
import logging
import time
from email.utils import parsedate_to_datetime

from flask import Flask, Response, g, request
from limits import parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import STRATEGIES, RateLimiter
from werkzeug.exceptions import TooManyRequests

from api.auth import PUBLIC, required_role

log = logging.getLogger(__name__)
# With the storage down, it is tried again after 1, 2, 4 ... seconds, then every 64 s at most.
_LONGEST_WAIT_EXPONENT = 6


def client_key() -> str:
    principal = g.get("principal")
    if principal is not None and not principal.anonymous:
        return f"key:{principal.key_id}"
    # With TRUSTED_PROXIES set, ProxyFix has put the client's address here (api.hardening).
    return f"ip:{client_network(request.remote_addr or '')}"


@functools.lru_cache(maxsize=4096)
def client_network(address: str) -> str:
    """An IPv4 address, or the /64 of an IPv6 one: a single IPv6 client is handed a whole /64,
    and would otherwise get 2^64 budgets."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:203.0.113.7 is that IPv4 client
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def current_limit() -> str:
    """The setting that holds the caller's budget."""
    principal = g.get("principal")
    keyed = principal is not None and not principal.anonymous
    return "RATELIMIT_PER_KEY" if keyed else "RATELIMIT_ANONYMOUS"


def is_exempt() -> bool:
    """Health probes, the docs, and CORS preflights (a browser sends no key with those, so they
    would spend a whole newsroom's shared IP budget). Requests that match no route are not
    counted either: they touch no database."""
    return (request.endpoint is None or request.method == "OPTIONS"
            or required_role(request.endpoint, request.method) == PUBLIC)


class _Memory(MemoryStorage):
    """memory:// as `limits` keeps it, but expired counters are swept from the request path at
    most once a second, instead of by a new thread 10 ms after each request (under load, a
    hundred thread starts a second in every worker). Counting is the same: an expired counter
    is read as zero whether or not it has been swept."""

    def __init__(self, uri: str | None = None, **options: object) -> None:
        super().__init__(uri, **options)  # type: ignore[arg-type]
        self._next_sweep = 0.0

    # The name `limits` calls from incr() and its kin (MemoryStorage's private __schedule_expiry).
    def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + 1
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


def _storage(uri: str, options: dict) -> Storage:
    if uri.startswith("memory://") and hasattr(MemoryStorage, "_MemoryStorage__schedule_expiry"):
        return _Memory(uri, wrap_exceptions=True, **options)
    return storage_from_string(uri, wrap_exceptions=True, **options)


class RateLimits:
    """The app's budgets and where they are counted. `app.extensions["limiter"]` holds it (in a
    set, as Flask-Limiter did); `reset()` gives every caller a whole budget again."""

    def __init__(self, app: Flask) -> None:
        config = app.config
        self.enabled = config["RATELIMIT_ENABLED"]
        self.prefix = config["RATELIMIT_KEY_PREFIX"]
        # Shortest window first: its numbers go in the headers unless a longer one is spent.
        self.limits = {setting: sorted(parse_many(config[setting]))
                       for setting in ("RATELIMIT_ANONYMOUS", "RATELIMIT_PER_KEY")}
        strategy = STRATEGIES[config["RATELIMIT_STRATEGY"]]
        self.storage = _storage(config["RATELIMIT_STORAGE_URI"],
                                config.get("RATELIMIT_STORAGE_OPTIONS", {}))
        self.counter: RateLimiter = strategy(self.storage)
        self.fallback: RateLimiter | None = None
        if config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] and not isinstance(self.storage,
                                                                              MemoryStorage):
            self.fallback = strategy(_storage("memory://", {}))
        self.swallow_errors = config["RATELIMIT_SWALLOW_ERRORS"]
        self._retry_at: float | None = None  # set while the storage is down
        self._failures = 0

    def reset(self) -> None:
        self.storage.reset()
        if self.fallback is not None:
            self.fallback.storage.reset()

    def count(self) -> None:
        """Before the view: spend one from the caller's budget, or refuse with 429."""
        if not self.enabled or is_exempt():
            return
        limits = self.limits[current_limit()]
        who = client_key()
        counter = self._counter()
        try:
            spent = next((limit for limit in limits if not counter.hit(limit, self.prefix, who)),
                         None)
        except StorageError as error:
            if not self._storage_failed(error):
                return
            counter = self.fallback
            spent = next((limit for limit in limits if not counter.hit(limit, self.prefix, who)),
                         None)
        g.rate_limit = (counter, spent or limits[0], who)
        if spent is not None:
            log.info("rate limit %s spent by %s", spent, who)
            raise TooManyRequests(description=str(spent))

    def add_headers(self, response: Response) -> Response:
        """After the view (and on a 429): the budget's numbers; Retry-After on a 429 or 503."""
        counted = g.pop("rate_limit", None)
        if counted is None:
            return response
        counter, limit, who = counted
        try:
            window = counter.get_window_stats(limit, self.prefix, who)
        except StorageError as error:
            if not self._storage_failed(error):
                return response
            window = self.fallback.get_window_stats(limit, self.prefix, who)
        reset_at = int(window.reset_time + 1)
        response.headers["X-RateLimit-Limit"] = str(limit.amount)
        response.headers["X-RateLimit-Remaining"] = str(window.remaining)
        response.headers["X-RateLimit-Reset"] = str(reset_at)
        if response.status_code in (429, 503):
            # A 503 may say when to retry already: the later of the two moments wins.
            retry_at = max(reset_at, _moment(response.headers.get("Retry-After")))
            response.headers["Retry-After"] = str(int(retry_at - time.time()))
        return response

    def _counter(self) -> RateLimiter:
        if self._retry_at is None:
            return self.counter
        if time.monotonic() >= self._retry_at:
            if self.storage.check():
                log.info("Rate limit storage recovered")
                self._retry_at, self._failures = None, 0
                return self.counter
            self._failures = min(self._failures + 1, _LONGEST_WAIT_EXPONENT)
            self._retry_at = time.monotonic() + 2 ** self._failures
        return self.fallback or self.counter

    def _storage_failed(self, error: StorageError) -> bool:
        """True when the request is to be counted in memory instead; False to let it through
        uncounted (no fallback, errors swallowed). Raises when neither is allowed."""
        if self.fallback is None:
            if not self.swallow_errors:
                raise error
            log.exception("Rate limit storage failed; the request is not counted")
            return False
        if self._retry_at is None:
            log.warning("Rate limit storage unreachable - falling back to in-memory storage")
            self._retry_at = time.monotonic() + 1
        return True


def _moment(retry_after: str | None) -> int:
    """A Retry-After header (seconds, or an HTTP date) as an epoch time; 0 for none."""
    if not retry_after:
        return 0
    if retry_after.isdigit():
        return int(time.time()) + int(retry_after)
    try:
        return int(parsedate_to_datetime(retry_after).timestamp())
    except (TypeError, ValueError):
        return 0


def init_app(app: Flask) -> RateLimits:
    for setting in ("RATELIMIT_ANONYMOUS", "RATELIMIT_PER_KEY"):
        try:
            parse_many(app.config[setting])
        except ValueError as error:
            raise RuntimeError(f"{setting}={app.config[setting]!r} is not a rate limit such as "
                               "'120 per minute'") from error
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        # A Redis that does not answer costs a request one second, not a worker's whole timeout.
        # key_prefix: the limits library's own prefix, so clearing these limits never clears
        # those of another app sharing the Redis database.
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {
            "socket_connect_timeout": 1, "socket_timeout": 1,
            "key_prefix": f"LIMITS:{app.config['RATELIMIT_KEY_PREFIX']}"})
    limits = RateLimits(app)
    app.extensions.setdefault("limiter", set()).add(limits)
    app.before_request(limits.count)
    app.after_request(limits.add_headers)
    return limits
