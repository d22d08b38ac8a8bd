"""Schemas for the audit log."""

from marshmallow import Schema, fields, validate

from schemas.common import ID_RANGE, PageArgsSchema
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
    actor = fields.String(validate=validate.Length(min=1, max=200))
    key_id = fields.Integer(validate=ID_RANGE)
    action = fields.String(validate=validate.Length(min=1, max=40))
    target_type = fields.String(validate=validate.OneOf(sorted(TARGET_TYPES.values())))
    target_id = fields.String(validate=validate.Length(min=1, max=40))
    since = fields.AwareDateTime(metadata={"description": "From this time on (ISO 8601, with a "
                                                         "zone)."})
    until = fields.AwareDateTime(metadata={"description": "Before this time."})
