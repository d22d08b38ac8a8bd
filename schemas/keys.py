"""Schemas for API keys. The key itself appears once, in the answer that made it."""

from marshmallow import Schema, fields, validate

from db.models import NAME_LENGTH, ROLES
from schemas.common import PageArgsSchema, string_field


class KeyInSchema(Schema):
    name = string_field(NAME_LENGTH, required=True, metadata={
        "description": "Who holds the key (\"Politics desk\"): the author of their annotations "
                       "and the actor in the audit log."})
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    expires_in = fields.String(validate=validate.Length(min=2, max=8), metadata={
        "description": "How long the key lives: a number and m, h or d (`90d`). "
                       "Without it, until revoked."})


class KeySchema(Schema):
    id = fields.Integer()
    prefix = fields.String(metadata={"description": "The key's public start, to tell keys apart."})
    name = fields.String()
    role = fields.String()
    state = fields.String(metadata={"description": "`active`, `expired` or `revoked`."})
    created_at = fields.DateTime()
    created_by = fields.String()
    expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    last_used_at = fields.DateTime(allow_none=True, metadata={
        "description": "When the key was last used, to within five minutes."})


class KeyCreatedSchema(KeySchema):
    key = fields.String(metadata={
        "description": "The key. Shown this once: only its hash is stored."})


class KeyListSchema(Schema):
    items = fields.List(fields.Nested(KeySchema))
    next_cursor = fields.String(allow_none=True)


class KeyQueryArgsSchema(PageArgsSchema):
    pass
