"""Defences every answer carries: security headers, CORS for the newsroom front-ends that
CORS_ORIGINS names, and the client's IP taken from TRUSTED_PROXIES proxies only."""

import base64
import hashlib
import re

from flask import Flask, Response, request
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

# What browsers may do with an API answer: nothing but read it.
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
# Swagger UI at /docs: its own scripts and styles, the spec from this origin, and the one inline
# script that starts it, allowed by its hash rather than allowing all inline script.
DOCS_POLICY = ("default-src 'none'; script-src 'self' {script_hashes}; "
               "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
               "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

# What a newsroom front-end sends and may read, for CORS.
CORS_ALLOW_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "If-Match",
                      "If-None-Match", "X-Request-ID"]
CORS_EXPOSE_HEADERS = ["ETag", "Idempotent-Replayed", "Location", "Link", "Retry-After",
                       "WWW-Authenticate", "X-Request-ID",
                       "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]


def init_app(app: Flask) -> None:
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Only the last `proxies` hops of X-Forwarded-For are believed; without the setting a
        # client could name any address and dodge its rate limit.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,  # type: ignore[method-assign]
                                x_host=proxies)
    if app.config["CORS_ORIGINS"]:
        CORS(app, resources={r"/v1/*": {"origins": app.config["CORS_ORIGINS"]}},
             allow_headers=CORS_ALLOW_HEADERS, expose_headers=CORS_EXPOSE_HEADERS,
             methods=["GET", "HEAD", "POST", "PATCH", "DELETE"], max_age=600)
    app.after_request(_security_headers)


def _security_headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    if (request.blueprint == "swagger_ui" and response.mimetype == "text/html"
            and not response.direct_passthrough):  # the rendered page, not a file sent as is
        response.headers["Content-Security-Policy"] = DOCS_POLICY.format(
            script_hashes=" ".join(_hash(script) for script in
                                   _INLINE_SCRIPT.findall(response.get_data(as_text=True))))
    else:
        response.headers["Content-Security-Policy"] = API_POLICY
    return response


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
