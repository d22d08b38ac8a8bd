"""Schemas for the audit log."""

from marshmallow import Schema, fields, validate

from schemas.common import ID_RANGE, PageArgsSchema, QueryInteger, UtcDateTime
from services.audit import TARGET_TYPES


class AuditEventSchema(Schema):
    id = fields.Integer()
    occurred_at = fields.DateTime()
    actor = fields.String(metadata={"description": "The key's name, or `cli:<user>`."})
    key_id = fields.Integer(allow_none=True)
    action = fields.String(metadata={"description": "`claim.created`, `claim.updated`, ..."})
    target_type = fields.String(metadata={
        "description": "`claim`, `speaker`, `source`, `annotation`, `status` or `key`."})
    target_id = fields.String()
    before = fields.Dict(allow_none=True, metadata={
        "description": "The changed fields before the write; null for a creation."})
    after = fields.Dict(allow_none=True, metadata={
        "description": "The changed fields after the write (every field, for a creation)."})


class AuditListSchema(Schema):
    items = fields.List(fields.Nested(AuditEventSchema))
    next_cursor = fields.String(allow_none=True)


class AuditQueryArgsSchema(PageArgsSchema):
    actor = fields.String(validate=validate.Length(min=1, max=200),
                          metadata={"description": "A key's name, exactly."})
    key_id = QueryInteger(validate=ID_RANGE)
    action = fields.String(validate=validate.Length(min=1, max=40),
                           metadata={"description": "Exactly, as in `claim.updated`."})
    target_type = fields.String(validate=validate.OneOf(sorted(TARGET_TYPES.values())))
    target_id = fields.String(validate=validate.Length(min=1, max=40))
    claim_id = QueryInteger(validate=ID_RANGE, metadata={
        "description": "Everything that happened to a claim: its own events and its "
                       "annotations'."})
    since = UtcDateTime(metadata={"description": "From this time on: ISO 8601 with a zone, as in "
                                                 "`2026-11-27T20:00:00Z`."})
    until = UtcDateTime(metadata={"description": "Before this time."})
