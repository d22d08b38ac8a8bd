"""/v1/webhooks: signed webhook subscriptions and their delivery log, for admins."""

from flask.views import MethodView

from api.openapi import LINK_HEADER, Blueprint, problem_response
from api.pagination import next_link
from api.transaction import db_session
from schemas.webhooks import (
    DeliveryListSchema,
    DeliveryQueryArgsSchema,
    DeliverySchema,
    WebhookInSchema,
    WebhookListSchema,
    WebhookQueryArgsSchema,
    WebhookSchema,
    WebhookWithSecretSchema,
)
from services import webhooks
from services.access import Role

blp = Blueprint("webhooks", __name__, url_prefix="/v1/webhooks",
                description="Webhooks: signed POSTs to your URL when claims and verdicts change.")

# A secret in an answer must not linger in any cache on the way.
_NO_STORE = {"Cache-Control": "no-store"}


def _path(subscription_id: int) -> str:
    return f"/v1/webhooks/{subscription_id}"


@blp.route("")
class Webhooks(MethodView):
    @blp.requires(Role.admin)
    @blp.arguments(WebhookQueryArgsSchema, location="query")
    @blp.response(200, WebhookListSchema, headers=LINK_HEADER)
    def get(self, args):
        """List subscriptions, newest first (never their secrets)"""
        page = webhooks.list_subscriptions(db_session(), cursor=args.get("cursor"),
                                           limit=args["limit"])
        return page, 200, next_link(page)

    @blp.requires(Role.admin)
    @blp.arguments(WebhookInSchema)
    @blp.response(201, WebhookWithSecretSchema)
    def post(self, data):
        """Subscribe a URL to events; the answer shows the secret, once"""
        subscription = webhooks.create_subscription(db_session(), data)
        return subscription, 201, {"Location": _path(subscription.id), **_NO_STORE}


@blp.route("/<id:webhook_id>")
class WebhookItem(MethodView):
    @blp.requires(Role.admin)
    @blp.response(200, WebhookSchema)
    def get(self, webhook_id):
        """Read a subscription: whether it is on, and its run of failures"""
        return webhooks.get_subscription(db_session(), webhook_id)

    @blp.requires(Role.admin)
    @blp.arguments(WebhookInSchema(partial=True))
    @blp.response(200, WebhookWithSecretSchema)
    def patch(self, data, webhook_id):
        """Change a subscription: `active: true` turns it back on; a new `secret` is shown once"""
        session = db_session()
        subscription = webhooks.get_subscription(session, webhook_id, for_update=True)
        return webhooks.update_subscription(session, subscription, data), 200, _NO_STORE

    @blp.requires(Role.admin)
    @blp.response(204)
    def delete(self, webhook_id):
        """Remove a subscription and its delivery log"""
        session = db_session()
        webhooks.delete_subscription(session, webhooks.get_subscription(session, webhook_id,
                                                                         for_update=True))
        return None


@blp.route("/<id:webhook_id>/deliveries")
class Deliveries(MethodView):
    @blp.requires(Role.admin)
    @blp.arguments(DeliveryQueryArgsSchema, location="query")
    @blp.response(200, DeliveryListSchema, headers=LINK_HEADER)
    def get(self, args, webhook_id):
        """The delivery log, newest first: each event sent, its attempts and the last answer"""
        page = webhooks.list_deliveries(db_session(), webhook_id, state=args.get("state"),
                                        cursor=args.get("cursor"), limit=args["limit"])
        return page, 200, next_link(page)


@blp.route("/<id:webhook_id>/deliveries/<id:delivery_id>")
class DeliveryItem(MethodView):
    @blp.requires(Role.admin)
    @blp.response(200, DeliverySchema)
    def get(self, webhook_id, delivery_id):
        """Read one delivery"""
        return webhooks.get_delivery(db_session(), webhook_id, delivery_id)


@blp.route("/<id:webhook_id>/deliveries/<id:delivery_id>/redeliver")
class Redeliver(MethodView):
    @blp.requires(Role.admin)
    @blp.response(201, DeliverySchema)
    @problem_response(blp, 409, "The delivery is still pending: it is on its way already.")
    def post(self, webhook_id, delivery_id):
        """Send a delivery again, as a new delivery queued behind the claim's others"""
        copy = webhooks.redeliver(db_session(), webhook_id, delivery_id)
        return copy, 201, {"Location": f"{_path(webhook_id)}/deliveries/{copy.id}"}
