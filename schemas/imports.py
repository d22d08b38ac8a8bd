"""Schemas for bulk imports: the query arguments and the report."""

from marshmallow import Schema, fields

from services.imports import MAX_LISTED_FAILURES


class ImportArgsSchema(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={
        "description": "Check and report every line, write nothing. The answer (status "
                       "included) is the one the import would give."})
    atomic = fields.Boolean(load_default=False, metadata={
        "description": "Write every line or none: one invalid or duplicate line makes the "
                       "answer 422 and nothing is written."})


class ImportFailureSchema(Schema):
    line = fields.Integer(metadata={"description": "The line number (CSV: the header is 1)."})
    outcome = fields.String(metadata={"description": "`invalid` or `duplicate`."})
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), metadata={
        "description": "Invalid lines: field name to messages, as POST /v1/claims answers. "
                       "`_line` is about the line itself (not JSON, too long, ...)."})
    existing_claim_id = fields.Integer(metadata={"description": "Duplicates: the stored claim."})
    location = fields.String(metadata={"description": "Duplicates: the stored claim's path."})
    duplicate_of_line = fields.Integer(metadata={
        "description": "Duplicates of an earlier line of the same upload."})


class ImportReportSchema(Schema):
    dry_run = fields.Boolean()
    atomic = fields.Boolean()
    written = fields.Boolean(metadata={
        "description": "Whether the created claims were stored (false on a dry run)."})
    lines = fields.Integer(metadata={"description": "Claims read (blank lines are skipped)."})
    created = fields.Integer()
    duplicate = fields.Integer()
    invalid = fields.Integer()
    failures = fields.List(fields.Nested(ImportFailureSchema), metadata={
        "description": f"The first {MAX_LISTED_FAILURES} failures, in line order."})
    failures_truncated = fields.Boolean(metadata={
        "description": "More lines failed than `failures` lists; the counts cover them all."})
