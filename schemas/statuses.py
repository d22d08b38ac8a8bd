"""Schemas for the status vocabulary (the rating scale)."""

from marshmallow import Schema, fields, validate

from schemas.common import string_field


class StatusInSchema(Schema):
    code = fields.String(required=True, validate=validate.Regexp(
        r"^[a-z][a-z0-9_]{1,39}\Z", error="Use 2 to 40 lowercase letters, digits or underscores."),
        # The document's regex dialect (ECMA-262) ends with `$`; it has no `\Z`.
        metadata={"pattern": "^[a-z][a-z0-9_]{1,39}$"})
    label = string_field(100, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["pending", "verdict"]))
    rating_value = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=5),
                                  metadata={"description": "1 (worst) to 5 (best), verdicts only."})
    description = string_field(2000)


class StatusSchema(Schema):
    code = fields.String()
    label = fields.String()
    kind = fields.String()
    rating_value = fields.Integer(allow_none=True)
    description = fields.String(allow_none=True)
    created_at = fields.DateTime()
