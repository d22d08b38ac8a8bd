"""Schemas for sources."""

from marshmallow import Schema, ValidationError, fields, validates_schema

from schemas.common import IsoDate, LanguageTag, PageArgsSchema, string_field, web_url


class SourceInSchema(Schema):
    url = web_url(allow_none=True)
    outlet = string_field(200)
    title = string_field(500)
    published_on = IsoDate(allow_none=True)
    language = LanguageTag(allow_none=True)

    class Meta:
        @staticmethod
        def openapi_rules(partial) -> dict | None:
            """needs_url_or_outlet, for the OpenAPI document (api.openapi)."""
            return None if partial else {"anyOf": [
                {"required": [name], "properties": {name: {"type": "string"}}}
                for name in ("url", "outlet")]}

    @validates_schema
    def needs_url_or_outlet(self, data, partial=None, **kwargs):
        if not partial and not data.get("url") and not data.get("outlet"):
            raise ValidationError("A source needs a url or an outlet.", "url")


class SourceSchema(Schema):
    id = fields.Integer()
    url = fields.String(allow_none=True)
    outlet = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    published_on = fields.Date(allow_none=True)
    language = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class SourceListSchema(Schema):
    items = fields.List(fields.Nested(SourceSchema))
    next_cursor = fields.String(allow_none=True)


class SourceQueryArgsSchema(PageArgsSchema):
    outlet = fields.String(metadata={"description": "Exact outlet name, case-insensitive."})
