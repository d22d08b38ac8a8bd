"""Schemas for annotations: a status with its rationale and evidence."""

from marshmallow import Schema, fields, validate

from schemas.common import string_field, web_url


class EvidenceSchema(Schema):
    url = web_url(required=True)
    title = string_field(500)
    archived_url = web_url(allow_none=True, metadata={"description": "An archived copy."})
    excerpt = string_field(2000)


class AnnotationInSchema(Schema):
    status = fields.String(required=True, validate=validate.Length(min=1, max=40),
                           metadata={"description": "A status code from GET /v1/statuses."})
    note = string_field(10_000, metadata={
        "description": "The rationale. Required when the verdict changes (a correction)."})
    evidence = fields.List(fields.Nested(EvidenceSchema), validate=validate.Length(max=50))


class AnnotationSchema(Schema):
    id = fields.Integer()
    claim_id = fields.Integer()
    status = fields.String()
    previous_status = fields.String(
        metadata={"description": "The claim's status just before this annotation."})
    is_correction = fields.Boolean(
        metadata={"description": "This verdict replaces an earlier, different verdict."})
    note = fields.String(allow_none=True)
    evidence = fields.List(fields.Nested(EvidenceSchema))
    author = fields.String(allow_none=True)
    created_at = fields.DateTime()


class AnnotationListSchema(Schema):
    items = fields.List(fields.Nested(AnnotationSchema))
