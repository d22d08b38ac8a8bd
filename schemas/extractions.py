"""Schemas for claim extraction: the text to read, and the candidates found in it."""

from marshmallow import Schema, fields, validate

from schemas.common import IsoDate, JsonBoolean, LanguageTag
from schemas.sources import SourceInSchema


class ExtractionInSchema(Schema):
    # A pattern rather than a check in code, so that the OpenAPI document says it too.
    text = fields.String(required=True, validate=validate.Regexp(
        r"\s*\S", error="The text is empty."), metadata={
        "description": "The article, transcript or headline list, as plain text (up to 1 MiB of "
                       "UTF-8). Kept exactly as sent: offsets index it."})
    language = LanguageTag(metadata={
        "description": "`ko` or `en`, for lines whose script does not tell; each line's own "
                       "script decides otherwise."})
    said_on = IsoDate(metadata={"description": "The day the words were said; needed with "
                                               "`commit`."})
    source = fields.Nested(SourceInSchema, metadata={
        "description": "Where the text was published; stored with each claim on `commit`."})
    commit = JsonBoolean(load_default=False, metadata={
        "description": "Store the candidates as unverified claims (editor role), each checked "
                       "and deduplicated like POST /v1/claims."})



class ExtractedSpeakerSchema(Schema):
    name = fields.String()
    title = fields.String(allow_none=True)
    role = fields.String(allow_none=True, metadata={
        "description": "`측`: a camp or spokesperson speaking for `name`; `관계자`: an unnamed "
                       "official of the organisation `name`."})
    speaker_id = fields.Integer(allow_none=True, metadata={
        "description": "The registry speaker whose name or alias this is, when exactly one is."})


class OccurrenceSchema(Schema):
    start = fields.Integer(metadata={"description": "Offset of the quote's first character in "
                                                    "`text` (Unicode code points)."})
    end = fields.Integer(metadata={"description": "Offset just past its last character."})
    pattern = fields.String()


class OutcomeSchema(Schema):
    outcome = fields.String(metadata={"description": "`created`, `duplicate` or `invalid`."})
    claim_id = fields.Integer(allow_none=True, metadata={
        "description": "The claim made, or the one that exists already."})
    location = fields.String(allow_none=True)
    detail = fields.String(allow_none=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         allow_none=True)


class CandidateSchema(Schema):
    text = fields.String(metadata={"description": "The words, verbatim."})
    speaker = fields.Nested(ExtractedSpeakerSchema)
    pattern = fields.String(metadata={"description": "What found it (docs/EXTRACTION.md)."})
    confidence = fields.Float(metadata={"description": "0 to 1: how far the pattern is "
                                                       "trusted, not a calibrated probability."})
    language = fields.String()
    context = fields.String(metadata={"description": "The sentence or headline it is in."})
    occurrences = fields.List(fields.Nested(OccurrenceSchema), metadata={
        "description": "Every place the same speaker says the same words in the text."})
    outcome = fields.Nested(OutcomeSchema, metadata={"description": "With `commit` only."})


class ExtractionCountsSchema(Schema):
    candidates = fields.Integer()
    created = fields.Integer()
    duplicate = fields.Integer()
    invalid = fields.Integer()


class ExtractionReportSchema(Schema):
    analyzer = fields.String(metadata={
        "description": "`kiwipiepy` (Korean morphology) or `rules` (the fallback)."})
    committed = fields.Boolean()
    truncated = fields.Boolean(metadata={
        "description": "The text held more quotes or statements than one request reads "
                       "(20,000 quotes, 10,000 candidates); send it in parts."})
    counts = fields.Nested(ExtractionCountsSchema)
    candidates = fields.List(fields.Nested(CandidateSchema))
