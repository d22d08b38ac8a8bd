"""The typed models: speakers and their aliases, sources, claims and their tags, annotations,
the status vocabulary, API keys, the audit log, idempotency records and webhooks."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, UTCDateTime, utcnow

# The longest BCP 47 tag we accept; real tags are far shorter.
LANGUAGE_TAG_LENGTH = 35
# Primary keys are 32-bit integers on PostgreSQL; no id above this can exist.
MAX_ID = 2**31 - 1
# Lengths of the columns that hold normalised forms.
NAME_LENGTH = 200
TAG_LENGTH = 50


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Status(Base):
    """One value of the rating scale: a pending state (`unverified`) or a verdict (`false`)."""

    __tablename__ = "statuses"
    __table_args__ = (
        CheckConstraint("kind IN ('pending', 'verdict')", name="kind"),
        CheckConstraint(
            "rating_value IS NULL OR (kind = 'verdict' AND rating_value BETWEEN 1 AND 5)",
            name="rating_value",
        ),
    )

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    rating_value: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_verdict(self) -> bool:
        return self.kind == "verdict"


class Speaker(TimestampMixin, Base):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Casefolded, NFKC-normalised name: what inline speakers are matched on.
    name_key: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    organization: Mapped[str | None] = mapped_column(String(200))
    wikidata_id: Mapped[str | None] = mapped_column(String(20), unique=True)
    version: Mapped[int] = mapped_column(Integer)

    aliases: Mapped[list["SpeakerAlias"]] = relationship(
        back_populates="speaker",
        cascade="all, delete-orphan",
        order_by="SpeakerAlias.id",
        lazy="selectin",
    )

    __mapper_args__ = {"version_id_col": version}


class SpeakerAlias(Base):
    """Another name for the same person, often in another language ("Satya Nadella" / "사티아 나델라")."""

    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    language: Mapped[str | None] = mapped_column(String(LANGUAGE_TAG_LENGTH))

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class Source(TimestampMixin, Base):
    """Where a claim was said or reported: an article, broadcast or post."""

    __tablename__ = "sources"
    __table_args__ = (CheckConstraint("url IS NOT NULL OR outlet IS NOT NULL", name="url_or_outlet"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    outlet: Mapped[str | None] = mapped_column(String(200))
    # NFKC, casefolded outlet (see services.text.name_key): what filters and matching compare.
    outlet_key: Mapped[str | None] = mapped_column(String(NAME_LENGTH), index=True)
    title: Mapped[str | None] = mapped_column(String(500))
    published_on: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(LANGUAGE_TAG_LENGTH))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class Claim(TimestampMixin, Base):
    """A quoted claim: the verbatim words, who said them, when and where."""

    __tablename__ = "claims"
    __table_args__ = (
        # Dedupe: one live claim per normalised text, speaker and day. Retracted claims step aside.
        Index(
            "uq_claims_dedupe",
            "speaker_id",
            "said_on",
            "text_key",
            unique=True,
            postgresql_where=text("retracted_at IS NULL"),
            sqlite_where=text("retracted_at IS NULL"),
        ),
        # Keyset pagination walks (said_on, id) backwards.
        Index("ix_claims_said_on_id", "said_on", "id"),
        # The ClaimReview feed walks (verdict_changed_at, id) backwards.
        Index("ix_claims_verdict_changed_at_id", "verdict_changed_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    # SHA-256 of the normalised text (see services.text.dedupe_key); the text itself is too long
    # for a btree entry.
    text_key: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str | None] = mapped_column(String(300))
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id"), index=True)
    said_on: Mapped[date] = mapped_column(Date)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    language: Mapped[str] = mapped_column(String(LANGUAGE_TAG_LENGTH), index=True)
    context: Mapped[str | None] = mapped_column(Text)
    status_code: Mapped[str] = mapped_column(ForeignKey("statuses.code"), index=True)
    retracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retraction_reason: Mapped[str | None] = mapped_column(Text)
    # Kept by services.annotations from the history, for ClaimReview: when the claim got its first
    # verdict, and when its verdict last changed (the latest correction, or that first verdict).
    first_verdict_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verdict_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer)

    speaker: Mapped[Speaker] = relationship(lazy="joined", innerjoin=True)
    source: Mapped[Source | None] = relationship(lazy="joined")
    tag_rows: Mapped[list["ClaimTag"]] = relationship(
        cascade="all, delete-orphan", order_by="ClaimTag.tag", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]

    @property
    def status(self) -> str:
        return self.status_code


class ClaimTag(Base):
    __tablename__ = "claim_tags"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(TAG_LENGTH), primary_key=True, index=True)


class Annotation(Base):
    """One verification step on a claim. Append-only: never updated, never deleted."""

    __tablename__ = "annotations"
    __table_args__ = (Index("ix_annotations_claim_id_id", "claim_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    status_code: Mapped[str] = mapped_column(ForeignKey("statuses.code"))
    # The claim's status just before this annotation, kept so the history reads on its own.
    previous_status_code: Mapped[str] = mapped_column(ForeignKey("statuses.code"))
    # True when this verdict replaces an earlier, different verdict (a correction).
    is_correction: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    author: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def status(self) -> str:
        return self.status_code

    @property
    def previous_status(self) -> str:
        return self.previous_status_code


class ClaimSearch(Base):
    """A claim's search document: the analyzer's tokens (services.search.analyzer) for its text,
    summary, context and speaker's names, kept in the same transaction as every write.

    SQLite searches `document` through the FTS5 table claim_search_fts (kept in step by
    triggers); PostgreSQL searches `vector`, the same tokens with their positions, through a GIN
    index. Both are made in db/migrations, outside the models.
    """

    __tablename__ = "claim_search"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    document: Mapped[str] = mapped_column(Text)
    vector: Mapped[str | None] = mapped_column(Text().with_variant(TSVECTOR(), "postgresql"))
    analyzer_version: Mapped[int] = mapped_column(Integer)


# The roles a key can carry, weakest first (services.access.Role orders them).
ROLES = ("reader", "annotator", "editor", "admin")


class ApiKey(Base):
    """A client's credential. The key itself is shown once, when it is made; only its SHA-256
    is stored (services.keys). Keys are revoked, never deleted, so the audit log can name them."""

    __tablename__ = "api_keys"
    __table_args__ = (
        CheckConstraint("role IN ({})".format(", ".join(f"'{role}'" for role in ROLES)), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public part of the key ("qc_3f9a1b2c4d5e"), unique: how a presented key is looked up.
    prefix: Mapped[str] = mapped_column(String(20), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    # Who holds it ("Politics desk"): the author of their annotations and the actor in the audit log.
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    role: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Updated at most every few minutes (services.keys.LAST_USED_RESOLUTION), not on every request.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """One write: who did what to which record, and the changed fields before and after.

    Written in the same transaction as the write itself. Append-only: triggers made by the
    migration refuse UPDATE and DELETE (db/append_only.py)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_target_type_target_id_id", "target_type", "target_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The key's name at the time (or "cli:<user>" for the command line); key_id says which key.
    actor: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target_type: Mapped[str] = mapped_column(String(20))
    # A string: statuses are keyed by their code, everything else by an integer id.
    target_id: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class IdempotencyRecord(Base):
    """The first answer to a POST sent with an `Idempotency-Key`, kept so a retry of the same
    request gets the same answer instead of doing the work twice (api/idempotency.py)."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("key_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Scoped to the API key that sent it: two clients may use the same Idempotency-Key.
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"))
    idempotency_key: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(2048))
    # SHA-256 of the query string and the body: the same key for another request is refused.
    body_digest: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_headers: Mapped[dict[str, str]] = mapped_column(JSON)
    response_body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


# What a webhook subscription may listen to (services.outbox says when each one happens).
WEBHOOK_EVENTS = ("claim.created", "claim.updated", "claim.retracted", "annotation.created",
                  "verdict.changed")
# A delivery waits (and is retried) while pending; it ends delivered, or failed once its retry
# window has passed.
DELIVERY_STATES = ("pending", "delivered", "failed")


class WebhookSubscription(Base):
    """An integration that hears about changes: where to POST, which events, and the secret
    that signs each delivery. The secret is stored as given (the worker must sign with it),
    unlike API keys, which are stored hashed."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    events: Mapped[list[str]] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(200))
    # When the secret was set: the audit log shows a rotation without the secret itself.
    secret_updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)
    # Why the worker turned it off (a run of failures); cleared when an admin turns it back on.
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    # Failed attempts in a row, across its deliveries; a success resets it.
    failure_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))


class WebhookDelivery(Base):
    """The outbox: one event for one subscription, written in the transaction of the change
    that caused it, then POSTed (and retried) by the worker. Its rows are the delivery log."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        CheckConstraint("state IN ({})".format(", ".join(f"'{s}'" for s in DELIVERY_STATES)),
                        name="state"),
        # What the worker looks for: pending deliveries that are due.
        Index("ix_webhook_deliveries_state_next_attempt_at", "state", "next_attempt_at"),
        # Order per claim: is an earlier delivery of this subscription and claim still pending?
        Index("ix_webhook_deliveries_subscription_id_claim_id_id",
              "subscription_id", "claim_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # X-Quotecheck-Delivery: the same on every retry, so receivers can drop a repeat.
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(40))
    # The claim the event is about: deliveries of one claim go out in order. Not a foreign key:
    # the log keeps what was sent, whatever becomes of the claim.
    claim_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A worker's lease: while it runs, no other worker takes the delivery.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set on a copy made by the redeliver action: the delivery it repeats.
    redelivery_of: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
