"""/v1/imports: many claims at once, from an NDJSON or CSV upload read as it arrives."""

from flask import current_app, request
from flask.views import MethodView
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from api.openapi import Blueprint, problem_response
from api.operations import upload
from api.transaction import db_session
from schemas.imports import ImportArgsSchema, ImportReportSchema
from services import imports
from services.access import Role
from services.import_formats import CSV, FORMATS, NDJSON, read_lines

blp = Blueprint("imports", __name__, url_prefix="/v1/imports",
                description="Bulk import: claims from NDJSON or CSV, each checked like POST /v1/claims.")

# minLength: an empty upload is 400 (found by the fuzz tests, tests/fuzz).
_UPLOAD = {"required": True, "content": {
    NDJSON: {"schema": {"type": "string", "minLength": 1}, "example":
             '{"text": "...", "said_on": "2025-04-29", "speaker": {"name": "Mark Zuckerberg"}}\n'},
    CSV: {"schema": {"type": "string", "minLength": 1}, "example":
          "text,said_on,speaker_name,tags\n...,2025-04-29,Mark Zuckerberg,ai|meta\n"},
}}


def uploaded_lines():
    """The request body, read line by line as it arrives (the transaction is rolled back if it
    turns out too large mid-stream)."""
    if request.mimetype not in FORMATS:
        raise UnsupportedMediaType(f"Send {NDJSON} or {CSV} (got {request.mimetype or 'none'!r}).")
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if not request.content_length and not chunked:
        raise BadRequest("Send the claims to import as the body.")
    # IMPORT_MAX_BYTES applies (see @upload): past it, 413, even mid-stream.
    return read_lines(request.stream, request.mimetype)


@blp.route("")
class Imports(MethodView):
    @blp.requires(Role.editor)
    @upload("IMPORT_MAX_BYTES")
    @blp.arguments(ImportArgsSchema, location="query")
    @blp.doc(requestBody=_UPLOAD)
    @blp.response(200, ImportReportSchema)
    @problem_response(blp, 413, "The upload is larger than IMPORT_MAX_BYTES (50 MiB).")
    @problem_response(blp, 415, "Not NDJSON or CSV.")
    @problem_response(blp, 422, "`atomic=true` and a line failed (nothing written; the body "
                      "has the report), or the CSV header names unknown columns.")
    def post(self, args):
        """Import claims from NDJSON or CSV; reports created, duplicate and invalid lines"""
        processes = imports.checking_processes(request.content_length,
                                               current_app.config["IMPORT_CHECK_PROCESSES"])
        report = imports.import_claims(db_session(), uploaded_lines(), dry_run=args["dry_run"],
                                       atomic=args["atomic"], processes=processes)
        return report.as_dict()
