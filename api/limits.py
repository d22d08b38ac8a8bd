"""Rate limits, with Flask-Limiter: one budget per key, or per client IP for anonymous callers,
shared by every route. In memory by default (one budget per gunicorn worker); with
RATELIMIT_STORAGE_URI=redis://... every worker and instance shares it.

Health probes and the docs page are not limited. Past the limit the answer is 429 with
`Retry-After`; every limited answer carries X-RateLimit-Limit, -Remaining and -Reset."""

import ipaddress

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter
from limits import parse_many

from api.auth import PUBLIC, required_role


def client_key() -> str:
    principal = g.get("principal")
    if principal is not None and not principal.anonymous:
        return f"key:{principal.key_id}"
    # With TRUSTED_PROXIES set, ProxyFix has put the client's address here (api.hardening).
    return f"ip:{client_network(request.remote_addr or '')}"


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
    principal = g.get("principal")
    keyed = principal is not None and not principal.anonymous
    return current_app.config["RATELIMIT_PER_KEY" if keyed else "RATELIMIT_ANONYMOUS"]


def is_exempt() -> bool:
    """Health probes, the docs, and CORS preflights (a browser sends no key with those, so they
    would spend a whole newsroom's shared IP budget). Flask-Limiter itself skips requests that
    match no route: they touch no database."""
    return request.method == "OPTIONS" or required_role(request.endpoint, request.method) == PUBLIC


def init_app(app: Flask) -> Limiter:
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
    # Registered before the limiter's own hook, so it runs after it (Flask runs after_request
    # hooks last-registered first).
    app.after_request(_retry_after_only_when_refused)
    limiter = Limiter(key_func=client_key, application_limits=[current_limit],
                      application_limits_exempt_when=is_exempt, headers_enabled=True)
    limiter.init_app(app)
    return limiter


def _retry_after_only_when_refused(response: Response) -> Response:
    # Flask-Limiter sends Retry-After on every answer; it means something only on a 429 or 503.
    if response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response
