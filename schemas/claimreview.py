"""Schemas for ClaimReview: the schema.org JSON-LD document (services.claimreview builds it; these
dump it, so the OpenAPI document shows exactly what is published) and the feed's arguments.

Fields that are always present are `required=True`: dumping ignores it, but the OpenAPI document
then lists them as required."""

from typing import Any

from marshmallow import Schema, fields

from schemas.common import PageArgsSchema, UtcDateTime


def json_ld_keyword(keyword: str, description: str) -> fields.String:
    """`@context`, `@type`: read from and written to the key of the same name."""
    return fields.String(attribute=keyword, data_key=keyword, required=True,
                         metadata={"description": description})


def always(field_class: type[fields.Field], description: str, **kwargs: Any) -> fields.Field:
    return field_class(required=True, metadata={"description": description}, **kwargs)


class ClaimReviewOrganizationSchema(Schema):
    type = json_ld_keyword("@type", "`Organization`.")
    name = always(fields.String, "`ORG_NAME`.")
    url = always(fields.String, "`ORG_URL`.")


class ClaimReviewPersonSchema(Schema):
    type = json_ld_keyword("@type", "`Person`.")
    name = always(fields.String, "The speaker's name.")
    sameAs = fields.String(metadata={
        "description": "`https://www.wikidata.org/wiki/<id>`, when the speaker's Wikidata id is "
                       "known."})


class ClaimReviewCreativeWorkSchema(Schema):
    type = json_ld_keyword("@type", "`CreativeWork`.")
    url = always(fields.String, "The claim's source url.")


class ClaimReviewRatingSchema(Schema):
    type = json_ld_keyword("@type", "`Rating`.")
    ratingValue = fields.Integer(metadata={
        "description": "The status's rating value. Absent for verdicts off the numeric scale "
                       "(`misleading`, `unverifiable`)."})
    bestRating = fields.Integer(metadata={
        "description": "The highest rating value of the scale; absent with `ratingValue`."})
    worstRating = fields.Integer(metadata={
        "description": "The lowest rating value of the scale; absent with `ratingValue`."})
    alternateName = always(fields.String, "The status's label.")


class ClaimReviewClaimSchema(Schema):
    type = json_ld_keyword("@type", "`Claim`.")
    author = always(fields.Nested, "The speaker.", nested=ClaimReviewPersonSchema)
    datePublished = fields.String(required=True, metadata={"format": "date",
                                                           "description": "`said_on`."})
    inLanguage = always(fields.String, "The claim's language (BCP 47).")
    appearance = fields.Nested(ClaimReviewCreativeWorkSchema, metadata={
        "description": "The source, when it has a url."})
    firstAppearance = fields.Nested(ClaimReviewCreativeWorkSchema, metadata={
        "description": "The source, when it has a url."})


class ClaimReviewSchema(Schema):
    """A claim's verdict as a schema.org ClaimReview (JSON-LD)."""

    context = json_ld_keyword("@context", "`https://schema.org`.")
    type = json_ld_keyword("@type", "`ClaimReview`.")
    url = always(fields.String, "`PUBLIC_BASE_URL` plus the claim's path.")
    claimReviewed = always(fields.String, "The claim's verbatim words.")
    datePublished = fields.String(required=True, metadata={
        "format": "date-time", "description": "When the claim got its first verdict."})
    dateModified = fields.String(required=True, metadata={
        "format": "date-time",
        "description": "When the verdict last changed: the latest correction, or the first "
                       "verdict."})
    author = always(fields.Nested, "The newsroom.", nested=ClaimReviewOrganizationSchema)
    reviewRating = always(fields.Nested, "The verdict.", nested=ClaimReviewRatingSchema)
    itemReviewed = always(fields.Nested, "The claim.", nested=ClaimReviewClaimSchema)


class ClaimReviewListSchema(Schema):
    items = fields.List(fields.Nested(ClaimReviewSchema), metadata={
        "description": "ClaimReview documents, each with its own `@context`."})
    next_cursor = fields.String(allow_none=True)


class ClaimReviewQueryArgsSchema(PageArgsSchema):
    since = UtcDateTime(metadata={
        "description": "Verdicts changed at or after this time: ISO 8601 with a zone, as in "
                       "`2026-11-27T20:00:00Z`."})
