"""Schemas for claims: create, edit, retract, list filters and the claim as answered."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from schemas.common import ID_RANGE, IsoDate, LanguageTag, PageArgsSchema, QueryInteger, string_field
from schemas.sources import SourceInSchema, SourceSchema
from schemas.speakers import SpeakerInSchema, SpeakerRefSchema

MAX_CLAIM_LENGTH = 10_000


class ClaimInSchema(Schema):
    """A claim as clients send it. Speaker and source come by id or as an inline object."""

    text = string_field(MAX_CLAIM_LENGTH, required=True,
                        metadata={"description": "The verbatim words (NFC-normalised, trimmed)."})
    summary = string_field(300, metadata={"description": "A paraphrase."})
    speaker_id = fields.Integer(strict=True, validate=ID_RANGE)
    speaker = fields.Nested(SpeakerInSchema, metadata={
        "description": "Matched by Wikidata id, name or alias; created when nobody matches."})
    said_on = IsoDate(required=True, metadata={"description": "The day the words were said."})
    source_id = fields.Integer(strict=True, allow_none=True, validate=ID_RANGE,
                               metadata={"description": "`null` on PATCH detaches the source."})
    source = fields.Nested(SourceInSchema, metadata={
        "description": "Matched by url (or outlet, title and date); created when new."})
    language = LanguageTag(metadata={"description": "BCP 47; detected from the text if omitted."})
    context = string_field(MAX_CLAIM_LENGTH)
    tags = fields.List(string_field(50, allow_none=False), validate=validate.Length(max=20))

    class Meta:
        @staticmethod
        def openapi_rules(partial) -> dict:
            """one_speaker_and_source, for the OpenAPI document (api.openapi)."""
            not_both = [{"required": ["speaker_id", "speaker"]}, {"required": ["source_id", "source"]}]
            if partial:
                return {"not": {"anyOf": not_both}}
            return {"oneOf": [{"required": ["speaker_id"]}, {"required": ["speaker"]}],
                    "not": not_both[1]}

    @validates_schema
    def one_speaker_and_source(self, data, partial=None, **kwargs):
        if "speaker_id" in data and "speaker" in data:
            raise ValidationError("Send speaker_id or speaker, not both.", "speaker")
        if not partial and "speaker_id" not in data and "speaker" not in data:
            raise ValidationError("A claim needs a speaker_id or a speaker.", "speaker")
        if "source_id" in data and "source" in data:
            raise ValidationError("Send source_id or source, not both.", "source")


class RetractionSchema(Schema):
    reason = string_field(2000, required=True,
                          metadata={"description": "Why the claim is withdrawn; shown on 410."})


class ClaimSchema(Schema):
    id = fields.Integer()
    text = fields.String()
    summary = fields.String(allow_none=True)
    language = fields.String()
    said_on = IsoDate()
    speaker = fields.Nested(SpeakerRefSchema)
    source = fields.Nested(SourceSchema, allow_none=True)
    context = fields.String(allow_none=True)
    tags = fields.List(fields.String())
    status = fields.String(metadata={"description": "The status of the latest annotation."})
    version = fields.Integer(metadata={"description": "Bumped on every change; behind the ETag."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    score = fields.Float(allow_none=True, metadata={
        "description": "Search results only: the relevance (null when sorted by said_on)."})
    highlight = fields.String(metadata={
        "description": "Search results only: a snippet of `text`, HTML-escaped, with the "
                       "matches in <mark>…</mark>."})


def claim_json(claim: Any) -> dict[str, Any]:
    """What ClaimSchema().dump(claim) gives, built directly: the same keys in the same order, the
    same formats, `score` and `highlight` only where the claim has them. GET /v1/claims/{id}
    and the list answer with it (ClaimSchema still documents them): marshmallow's walk over 15
    fields and two nested schemas took ~500 µs for a page of 20 claims, this ~60 µs.
    tests/unit/schemas/test_claim_json.py holds the two to each other, field by field."""
    speaker, source = claim.speaker, claim.source
    body = {
        "id": claim.id, "text": claim.text, "summary": claim.summary, "language": claim.language,
        "said_on": _iso(claim.said_on),
        "speaker": None if speaker is None else {
            "id": speaker.id, "name": speaker.name, "title": speaker.title,
            "organization": speaker.organization},
        "source": None if source is None else {
            "id": source.id, "url": source.url, "outlet": source.outlet, "title": source.title,
            "published_on": _iso(source.published_on), "language": source.language,
            "created_at": _iso(source.created_at), "updated_at": _iso(source.updated_at)},
        "context": claim.context, "tags": None if claim.tags is None else list(claim.tags),
        "status": claim.status, "version": claim.version,
        "created_at": _iso(claim.created_at), "updated_at": _iso(claim.updated_at),
    }
    score = getattr(claim, "score", _ABSENT)
    if score is not _ABSENT:
        body["score"] = None if score is None else float(score)
    highlight = getattr(claim, "highlight", _ABSENT)
    if highlight is not _ABSENT:
        body["highlight"] = highlight
    return body


def claim_list_json(page: Any) -> dict[str, Any]:
    """What ClaimListSchema().dump(page) gives (see claim_json)."""
    return {"items": [claim_json(claim) for claim in page.items],
            "next_cursor": page.next_cursor}


_ABSENT = object()


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


class ClaimCreatedSchema(ClaimSchema):
    similar = fields.List(fields.Nested(ClaimSchema), metadata={
        "description": "Up to 5 stored claims near this one, each with its `score` and "
                       "current `status`: has it been checked before?"})


class SimilarArgsSchema(Schema):
    limit = QueryInteger(load_default=10, validate=validate.Range(min=1, max=50))


class SimilarListSchema(Schema):
    items = fields.List(fields.Nested(ClaimSchema))


class ClaimListSchema(Schema):
    items = fields.List(fields.Nested(ClaimSchema))
    next_cursor = fields.String(allow_none=True)


class ClaimFilterArgsSchema(PageArgsSchema):
    status = fields.String(metadata={"description": "A status code, e.g. `false`."})
    said_from = IsoDate(metadata={"description": "On or after this day."})
    said_to = IsoDate(metadata={"description": "On or before this day."})
    source_id = QueryInteger(validate=ID_RANGE)
    outlet = fields.String(validate=validate.Length(min=1, max=200))
    language = LanguageTag(metadata={"description": "`ko` also matches `ko-KR`."})
    tag = fields.String(validate=validate.Length(min=1, max=50))


class ClaimQueryArgsSchema(ClaimFilterArgsSchema):
    speaker_id = QueryInteger(validate=ID_RANGE)
    q = fields.String(validate=validate.Length(min=1, max=500), metadata={
        "description": 'Search: words are ANDed, "a phrase", -excluded, a OR b. Korean matches '
                       "inside words; English words match their stem."})
    sort = fields.String(validate=validate.OneOf(["relevance", "said_on"]), metadata={
        "description": "`relevance` (the default with `q`) or `said_on`."})
