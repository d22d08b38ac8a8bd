"""Schemas for API keys. The key itself appears once, in the answer that made it."""

import unicodedata

from marshmallow import Schema, ValidationError, fields, validate, validates

from db.models import NAME_LENGTH, ROLES
from schemas.common import PageArgsSchema, string_field
from services.keys import LIFETIME_PATTERN


def _readable(name: str) -> None:
    """A key's name is shown in listings, logs and the audit log: no control characters (a
    newline or a terminal escape would forge lines there), and something visible."""
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise ValidationError("A name may not contain control characters.")
    if all(unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp") for char in name):
        raise ValidationError("A name needs a visible character.")


class KeyInSchema(Schema):
    name = string_field(NAME_LENGTH, required=True, metadata={
        "description": "Who holds the key (\"Politics desk\"): the author of their annotations "
                       "and the actor in the audit log."})
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    expires_in = fields.String(validate=validate.Regexp(
        LIFETIME_PATTERN, error="Write a number and m, h or d, as in 90d."), metadata={
        "description": "How long the key lives: a number and m, h or d (`90d`), at most 3650 "
                       "days. Without it, until revoked."})

    @validates("name")
    def _name_is_readable(self, name: str, **_kwargs) -> None:
        _readable(name)


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
