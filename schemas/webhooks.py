"""Schemas for webhook subscriptions and their delivery log. The secret appears only in the
answer that set it."""

from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, validate, validates

from db.models import DELIVERY_STATES, WEBHOOK_EVENTS
from schemas.common import JsonBoolean, PageArgsSchema, web_url

_EVENTS_DESCRIPTION = (
    "What to hear about: " + ", ".join(f"`{event}`" for event in WEBHOOK_EVENTS)
    + ". `verdict.changed`: an annotation whose verdict differs from the claim's latest earlier "
      "verdict, or is its first.")


def _no_credentials(url: str) -> None:
    """A user and password in the URL would be shown in listings, the audit log and the
    worker's log lines; the signature is how a receiver knows the sender."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise ValidationError("No user or password in the URL: receivers check the signature.")


class WebhookInSchema(Schema):
    url = web_url(required=True, metadata={
        "description": "Where to POST each event (http or https), with no user or password."})
    events = fields.List(fields.String(validate=validate.OneOf(WEBHOOK_EVENTS)), required=True,
                         validate=validate.Length(min=1, max=len(WEBHOOK_EVENTS)),
                         metadata={"description": _EVENTS_DESCRIPTION})
    secret = fields.String(validate=validate.Length(min=16, max=200), metadata={
        "description": "Signs each delivery (HMAC-SHA256). Omit it to have one made; either "
                       "way the answer shows it this once. Stored as given, since the worker "
                       "signs with it.",
        # What _printable checks, for the OpenAPI document.
        "pattern": "^[!-~]([ -~]*[!-~])?$"})
    active = JsonBoolean(metadata={
        "description": "Off: no events are queued or sent. Turning it back on clears "
                       "`failure_count` and `disabled_reason`."})

    @validates("url")
    def _url_has_no_credentials(self, url: str, **_kwargs) -> None:
        _no_credentials(url)

    @validates("secret")
    def _printable(self, secret: str, **_kwargs) -> None:
        if not secret.isascii() or not secret.isprintable() or secret != secret.strip():
            raise ValidationError("Use printable ASCII, without spaces at either end.")


class WebhookSchema(Schema):
    id = fields.Integer()
    url = fields.String()
    events = fields.List(fields.String())
    active = fields.Boolean()
    disabled_reason = fields.String(allow_none=True, metadata={
        "description": "Why the worker turned it off, when it did."})
    failure_count = fields.Integer(metadata={
        "description": "Failed attempts in a row; at WEBHOOK_MAX_FAILURES it is turned off."})
    secret_updated_at = fields.DateTime()
    created_at = fields.DateTime()
    created_by = fields.String()


class WebhookWithSecretSchema(WebhookSchema):
    secret = fields.String(attribute="shown_secret", metadata={
        "description": "Shown in the answer that set it, only."})


class WebhookListSchema(Schema):
    items = fields.List(fields.Nested(WebhookSchema))
    next_cursor = fields.String(allow_none=True)


class DeliverySchema(Schema):
    id = fields.Integer()
    delivery = fields.String(attribute="uuid", metadata={
        "description": "The X-Quotecheck-Delivery header: the same on every retry."})
    event = fields.String()
    claim_id = fields.Integer(allow_none=True)
    state = fields.String(metadata={"description": "`pending` (queued, or waiting for a retry), "
                                                   "`delivered`, or `failed` (given up)."})
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime(metadata={"description": "While pending: not before."})
    last_attempt_at = fields.DateTime(allow_none=True)
    last_status_code = fields.Integer(allow_none=True, metadata={
        "description": "The receiver's HTTP status; null when it did not answer."})
    last_error = fields.String(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    redelivery_of = fields.Integer(allow_none=True, metadata={
        "description": "The delivery this one repeats, for a redelivery."})
    created_at = fields.DateTime()
    payload = fields.Dict(metadata={"description": "The JSON body sent."})


class DeliveryListSchema(Schema):
    items = fields.List(fields.Nested(DeliverySchema))
    next_cursor = fields.String(allow_none=True)


class DeliveryQueryArgsSchema(PageArgsSchema):
    state = fields.String(validate=validate.OneOf(DELIVERY_STATES))


class WebhookQueryArgsSchema(PageArgsSchema):
    pass
