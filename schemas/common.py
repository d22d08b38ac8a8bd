"""Fields and schemas shared by every resource."""

from typing import Any

import langcodes
from marshmallow import Schema, ValidationError, fields, validate

from services.text import clean_text

MAX_PAGE_SIZE = 100


class CleanString(fields.String):
    """A string stored as sent but NFC-normalised and trimmed; length rules apply after that."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        return clean_text(super()._deserialize(value, attr, data, **kwargs))


class LanguageTag(fields.String):
    """A BCP 47 language tag, normalised to its standard form (`en-us` -> `en-US`, `kor` -> `ko`)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        tag = super()._deserialize(value, attr, data, **kwargs).strip()
        try:
            if langcodes.tag_is_valid(tag):
                return langcodes.standardize_tag(tag)
        except ValueError:
            pass
        raise ValidationError(f"{tag!r} is not a valid BCP 47 language tag (e.g. 'ko', 'en-US').")


def web_url(**kwargs: Any) -> fields.URL:
    """An http(s) URL; intranet hosts without a dot are allowed."""
    return fields.URL(schemes={"http", "https"}, require_tld=False,
                      validate=validate.Length(max=2048), **kwargs)


def string_field(max_length: int, *, required: bool = False, **kwargs: Any) -> CleanString:
    if not required:
        kwargs.setdefault("allow_none", True)
    return CleanString(required=required, validate=validate.Length(min=1, max=max_length),
                       **kwargs)


class PageArgsSchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
                           metadata={"description": "Items per page, 1 to 100."})
    cursor = fields.String(metadata={"description": "`next_cursor` from the previous page."})


class ProblemSchema(Schema):
    """RFC 9457 problem details: every error this API answers has this shape."""

    type = fields.String(metadata={"description": "A URI naming the kind of problem."})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()),
        metadata={"description": "Field name to messages, for invalid input."},
    )
