"""Exports of GET /v1/claims: with `Accept: text/csv` or `application/x-ndjson`, every matching
claim, streamed as it is read."""

from flask import Response, current_app, request

from api.transaction import db_session, session_factory
from services import exports
from services.claims import ClaimFilters
from services.errors import RuleViolation
from services.import_formats import CSV, NDJSON

EXPORT_TYPES = (CSV, NDJSON)
_FILENAMES = {CSV: "claims.csv", NDJSON: "claims.ndjson"}


def wanted_export() -> str | None:
    """The export media type the client asks for, or None for the JSON list. JSON wins ties
    (`*/*`), so clients that do not ask keep getting JSON."""
    best = request.accept_mimetypes.best_match(["application/json", *EXPORT_TYPES])
    return best if best in EXPORT_TYPES else None


def export_response(args: dict, media_type: str) -> Response:
    """The export as a streamed response. The query is built and checked now, in the request;
    the rows are read afterwards, while the response is sent, by a read-only session of the
    stream's own: the request's session is closed by then (api.transaction)."""
    paging = [name for name in ("cursor", "limit") if name in request.args]
    if paging:
        message = "An export holds every matching claim: it takes no cursor or limit."
        raise RuleViolation(message, errors={name: [message] for name in paging})
    filters = ClaimFilters(**{key: value for key, value in args.items()
                              if key not in ("cursor", "limit", "q", "sort")})
    query = exports.export_query(db_session(), filters, q=args.get("q"), sort=args.get("sort"))
    make_session = session_factory(current_app)

    def stream():
        # Closed when the last chunk is sent, or when the client goes away (the server then
        # closes this generator).
        with make_session() as session:
            yield from exports.export_lines(session, query, media_type)

    response = Response(stream(), mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{_FILENAMES[media_type]}"'
    return response
