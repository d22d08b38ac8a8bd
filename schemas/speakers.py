"""Schemas for speakers and their aliases."""

from marshmallow import Schema, fields, validate

from schemas.common import LanguageTag, PageArgsSchema, string_field


class AliasSchema(Schema):
    name = string_field(200, required=True)
    language = LanguageTag(allow_none=True)


class SpeakerInSchema(Schema):
    """A speaker as clients send it: on POST /v1/speakers, PATCH, or inline in a claim."""

    name = string_field(200, required=True)
    title = string_field(200, metadata={"description": "Role, e.g. CEO or spokesperson."})
    organization = string_field(200)
    aliases = fields.List(fields.Nested(AliasSchema), validate=validate.Length(max=50),
                          metadata={"description": "Other names, often in other languages."})
    wikidata_id = fields.String(allow_none=True, validate=validate.Regexp(
        r"^Q[1-9][0-9]{0,11}\Z", error="A Wikidata id is Q followed by a number, e.g. Q7426870."),
        # The document's regex dialect (ECMA-262) ends with `$`; it has no `\Z`.
        metadata={"pattern": "^Q[1-9][0-9]{0,11}$"})


class SpeakerRefSchema(Schema):
    """The speaker as embedded in a claim."""

    id = fields.Integer()
    name = fields.String()
    title = fields.String(allow_none=True)
    organization = fields.String(allow_none=True)


class SpeakerSchema(SpeakerRefSchema):
    aliases = fields.List(fields.Nested(AliasSchema))
    wikidata_id = fields.String(allow_none=True)
    claim_counts = fields.Dict(
        keys=fields.String(), values=fields.Integer(),
        metadata={"description": "Live claims by status code."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class SpeakerListSchema(Schema):
    items = fields.List(fields.Nested(SpeakerSchema))
    next_cursor = fields.String(allow_none=True)


class SpeakerQueryArgsSchema(PageArgsSchema):
    name = fields.String(metadata={"description": "Part of the name or of an alias."})
