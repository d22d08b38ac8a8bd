"""Webhook subscriptions and their delivery log: register, change, remove, read what was sent,
and send a delivery again. (services.outbox queues events; services.webhook_delivery sends them.)

A subscription's secret signs its deliveries, so the worker must read it: it is stored as given,
not hashed like an API key, and answered only once, when it is set. Anyone who can read the
database can read the secrets.
"""

import secrets
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import AuditEvent, WebhookDelivery, WebhookSubscription
from services import audit, outbox
from services.errors import Conflict, NotFound
from services.pagination import Page, paginate_by_id_desc
from services.presented import Presented

SECRET_PREFIX = "whsec_"


def create_subscription(session: Session, data: Mapping[str, Any]) -> Presented:
    """Register a subscription; without a secret, one is made. The answer holds the secret."""
    secret = data.get("secret") or f"{SECRET_PREFIX}{secrets.token_urlsafe(32)}"
    subscription = WebhookSubscription(
        url=data["url"], events=_ordered(data["events"]), secret=secret,
        secret_updated_at=utcnow(), active=data.get("active", True), failure_count=0,
        created_by=audit.actor_of(session).name)
    session.add(subscription)
    audit.record(session, "webhook.created", subscription)
    outbox.forget_subscriptions(session)
    return Presented(subscription, shown_secret=secret)


def get_subscription(session: Session, subscription_id: int, *,
                     for_update: bool = False) -> WebhookSubscription:
    subscription = session.get(WebhookSubscription, subscription_id,
                               with_for_update=for_update or None, populate_existing=for_update)
    if subscription is None:
        raise NotFound(f"There is no webhook {subscription_id}.")
    return subscription


def list_subscriptions(session: Session, *, cursor: str | None = None,
                       limit: int = 20) -> Page[WebhookSubscription]:
    return paginate_by_id_desc(session, select(WebhookSubscription), WebhookSubscription.id,
                               cursor=cursor, limit=limit)


def update_subscription(session: Session, subscription: WebhookSubscription,
                        data: Mapping[str, Any]) -> Presented:
    """Change the fields sent. Turning a subscription on again clears its run of failures; a
    new secret is answered once, like the first."""
    before = audit.snapshot(subscription)
    if "url" in data:
        subscription.url = data["url"]
    if "events" in data:
        subscription.events = _ordered(data["events"])
    if data.get("secret"):
        subscription.secret = data["secret"]
        subscription.secret_updated_at = utcnow()
    if "active" in data:
        if data["active"] and not subscription.active:
            subscription.failure_count = 0
            subscription.disabled_reason = None
        subscription.active = data["active"]
    audit.record(session, "webhook.updated", subscription, before=before)
    outbox.forget_subscriptions(session)
    # The secret is answered when it is set, never otherwise.
    extras = {"shown_secret": subscription.secret} if data.get("secret") else {}
    return Presented(subscription, **extras)


def delete_subscription(session: Session, subscription: WebhookSubscription) -> None:
    """Remove it and its delivery log (the audit log keeps its record)."""
    # record() logs a creation or a change; a deletion keeps the whole record in `before`.
    actor = audit.actor_of(session)
    session.add(AuditEvent(actor=actor.name, key_id=actor.key_id, action="webhook.deleted",
                           target_type=audit.TARGET_TYPES[WebhookSubscription],
                           target_id=str(subscription.id), before=audit.snapshot(subscription),
                           after=None))
    session.delete(subscription)
    outbox.forget_subscriptions(session)


def list_deliveries(session: Session, subscription_id: int, *, state: str | None = None,
                    cursor: str | None = None, limit: int = 20) -> Page[WebhookDelivery]:
    """The delivery log, newest first."""
    get_subscription(session, subscription_id)
    query = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id)
    if state is not None:
        query = query.where(WebhookDelivery.state == state)
    return paginate_by_id_desc(session, query, WebhookDelivery.id, cursor=cursor, limit=limit)


def get_delivery(session: Session, subscription_id: int, delivery_id: int) -> WebhookDelivery:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.subscription_id != subscription_id:
        raise NotFound(f"Webhook {subscription_id} has no delivery {delivery_id}.")
    return delivery


def redeliver(session: Session, subscription_id: int, delivery_id: int) -> WebhookDelivery:
    """Queue the same event again, as a new delivery (a new X-Quotecheck-Delivery), after the
    claim's deliveries already queued. A delivery still pending is on its way already."""
    get_subscription(session, subscription_id)
    original = get_delivery(session, subscription_id, delivery_id)
    if original.state == "pending":
        raise Conflict(f"Delivery {delivery_id} is still pending: the worker will send it.",
                       slug="delivery-pending")
    now = utcnow()
    copy = WebhookDelivery(uuid=str(uuid.uuid4()), subscription_id=subscription_id,
                           event=original.event, claim_id=original.claim_id,
                           payload=original.payload, state="pending", attempts=0,
                           next_attempt_at=now, created_at=now, redelivery_of=original.id)
    session.add(copy)
    session.flush()
    return copy


def _ordered(events: list[str]) -> list[str]:
    return sorted(set(events))
