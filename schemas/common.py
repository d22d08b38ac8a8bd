"""Fields and schemas shared by every resource."""

import re
from datetime import UTC, date, datetime
from typing import Any

import langcodes
from marshmallow import INCLUDE, Schema, ValidationError, fields, validate

from db.models import LANGUAGE_TAG_LENGTH, MAX_ID
from services.text import clean_text, unstorable

MAX_PAGE_SIZE = 100
# A row id as clients may send it: no id outside this range can exist.
ID_RANGE = validate.Range(min=1, max=MAX_ID)


class CleanString(fields.String):
    """A string stored as sent but NFC-normalised and trimmed; length rules apply after that.
    Text no database can store (NUL, lone surrogates) is invalid, from any caller."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if unstorable(text):
            raise ValidationError("Text may not contain NUL characters or unpaired surrogates.")
        return clean_text(text)


class QueryInteger(fields.Integer):
    """A whole number in a query string, written in ASCII digits: int() would also take "٣" or
    "３", which no client means and which path ids refuse."""

    _DIGITS = re.compile(r"[0-9]{1,10}")

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        if isinstance(value, str) and not self._DIGITS.fullmatch(value):
            raise ValidationError("Not a valid integer: write ASCII digits, as in 20.")
        return super()._deserialize(value, attr, data, **kwargs)


class LanguageTag(fields.String):
    """A BCP 47 language tag, normalised to its standard form (`en-us` -> `en-US`, `kor` -> `ko`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=validate.Length(min=2, max=LANGUAGE_TAG_LENGTH), **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        tag = super()._deserialize(value, attr, data, **kwargs).strip()
        try:
            if langcodes.tag_is_valid(tag):
                return langcodes.standardize_tag(tag)
        except ValueError:
            pass
        raise ValidationError(f"{tag!r} is not a valid BCP 47 language tag (e.g. 'ko', 'en-US').")


class IsoDate(fields.Date):
    """A calendar date written YYYY-MM-DD, and only so (not 20250101 or 2025-W01-1)."""

    _FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str) or not self._FORM.fullmatch(value):
            raise ValidationError("Not a valid date: write YYYY-MM-DD.")
        return super()._deserialize(value, attr, data, **kwargs)


class UtcDateTime(fields.AwareDateTime):
    """An ISO 8601 date-time with a zone (`2026-11-27T20:00:00Z`, `...+09:00`), turned into UTC;
    one that UTC cannot hold (year 9999 at -23:59) is invalid, not a crash."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise ValidationError("The time is out of range once in UTC.") from None


class JsonBoolean(fields.Boolean):
    """`true` or `false`, as JSON writes them, in a body: not "yes", "on" or 1, which
    marshmallow's Boolean would take (query strings keep fields.Boolean: `?dry_run=true`)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def web_url(**kwargs: Any) -> fields.URL:
    """An http(s) URL; intranet hosts without a dot are allowed."""
    # The scheme rule, in the OpenAPI document too (its `format: url` names no rule).
    kwargs["metadata"] = {"pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$", **kwargs.get("metadata", {})}
    return fields.URL(schemes={"http", "https"}, require_tld=False,
                      validate=validate.Length(min=1, max=2048), **kwargs)


def string_field(max_length: int, *, required: bool = False, **kwargs: Any) -> CleanString:
    if not required:
        kwargs.setdefault("allow_none", True)
    return CleanString(required=required, validate=validate.Length(min=1, max=max_length),
                       **kwargs)


class PageArgsSchema(Schema):
    limit = QueryInteger(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
                           metadata={"description": "Items per page, 1 to 100."})
    cursor = fields.String(validate=validate.Length(min=1, max=200),
                           metadata={"description": "`next_cursor` from the previous page."})


class ProblemSchema(Schema):
    """RFC 9457 problem details: every error this API answers has this shape. Some problems
    carry more members (RFC 9457 extensions), named below."""

    class Meta:
        unknown = INCLUDE

    type = fields.String(metadata={"description": "A URI naming the kind of problem."})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()),
        metadata={"description": "Field name to messages, for invalid input."},
    )
    location = fields.String(metadata={"description": "409: the path of what exists already."})
    existing_claim_id = fields.Integer(metadata={"description": "409 on a duplicate claim."})
    retracted_at = fields.DateTime(metadata={"description": "410: when the claim was retracted."})
    retraction_reason = fields.String(metadata={"description": "410: why it was retracted."})
    current_etag = fields.String(metadata={"description": "412: the ETag that is current."})
