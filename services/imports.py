"""Bulk import: claims from an upload, each checked and stored by the rules of POST /v1/claims,
a batch at a time.

The rules are those of services.claims.create_claim, applied to a batch at once: the same
schema, text cleaning, dedupe key, language detection, tag rules, speaker and source matching
(services.speakers / services.sources), search document and audit row. What batching changes is
only how often the database is asked: a batch's speakers and sources are resolved together
(services.import_resolution), its duplicates are looked up with one query, and its rows go in
with one INSERT per table (COPY on PostgreSQL). Should a batch still meet the unique index (a
claim stored meanwhile by someone else), it is redone line by line through create_claim itself.

The checks that need no database (services.import_checks) run a batch ahead in a helper
process for a large upload, so that on a machine with two cores one checks while the other
writes.
"""

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Date, Integer, String, Table, bindparam, func, insert, select, text, tuple_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.base import utcnow
from db.copy import insert_rows, next_ids
from db.models import AuditEvent, Claim, ClaimSearch, ClaimTag, Source, Speaker
from db.search_schema import tsvector_literal
from services import audit, outbox
from services.claims import DedupeKey, create_claim
from services.errors import Conflict, DomainError, RuleViolation
from services.garbage_collection import collecting_less
from services.import_checks import Checked, Failed, checked_batches
from services.import_formats import Line
from services.import_resolution import Resolver
from services.search.analyzer import ANALYZER_VERSION, GAPS, field_tokens, fitted
from services.statuses import INITIAL_STATUS

BATCH_SIZE = 1000
# An upload this large or larger is checked in helper processes (IMPORT_CHECK_PROCESSES of
# them) while this one writes: starting one costs about a second, which a smaller upload
# would not win back.
PARALLEL_FROM_BYTES = 4 * 1024 * 1024


def checking_processes(upload_bytes: int | None, configured: int) -> int:
    """How many helper processes should check an upload of this size (None: unknown, as for a
    chunked upload, which is read before its size is known)."""
    return configured if upload_bytes is not None and upload_bytes >= PARALLEL_FROM_BYTES else 0
# The report lists the first failures only; the counts cover them all.
MAX_LISTED_FAILURES = 1000

_STORED_KEYS = text("""
    SELECT k.speaker_id, k.said_on, k.text_key,
           (SELECT min(c.id) FROM claims c
             WHERE c.speaker_id = k.speaker_id AND c.said_on = k.said_on
               AND c.text_key = k.text_key AND c.retracted_at IS NULL)
      FROM unnest(:speaker_ids, :days, :text_keys) AS k(speaker_id, said_on, text_key)
""").bindparams(bindparam("speaker_ids", type_=ARRAY(Integer)),
                bindparam("days", type_=ARRAY(Date)),
                bindparam("text_keys", type_=ARRAY(String)))


@dataclass
class ImportReport:
    dry_run: bool = False
    atomic: bool = False
    lines: int = 0
    created: int = 0
    duplicate: int = 0
    invalid: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return self.duplicate + self.invalid

    @property
    def written(self) -> bool:
        return not self.dry_run and not (self.atomic and self.failed)

    @property
    def failures_truncated(self) -> bool:
        return self.failed > len(self.failures)

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "atomic": self.atomic, "written": self.written,
                "lines": self.lines, "created": self.created, "duplicate": self.duplicate,
                "invalid": self.invalid, "failures": self.failures,
                "failures_truncated": self.failures_truncated}


class ImportRejected(RuleViolation):
    """atomic=true, and a line failed: nothing is written. Carries the whole report."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{report.failed} of {report.lines} lines failed (atomic=true): "
                         "nothing was written.", slug="import-rejected")
        self.extra = report.as_dict()


def import_claims(session: Session, lines: Iterable[Line], *, dry_run: bool = False,
                  atomic: bool = False, processes: int = 0) -> ImportReport:
    """Store the claims of `lines` in the caller's transaction and report on every line.

    Default: each good line is stored, each bad one reported. `atomic`: any invalid or
    duplicate line raises ImportRejected, and the caller rolls back. `dry_run`: everything is
    done in a savepoint that is then rolled back, so the report (and an atomic rejection) is
    exactly what the import would give. `processes`: how many helper processes check lines
    ahead (see checking_processes); the report is the same either way."""
    report = ImportReport(dry_run=dry_run, atomic=atomic)
    savepoint = session.begin_nested() if dry_run else None
    try:
        with collecting_less():
            _Importer(session, report).run(lines, processes)
    finally:
        if savepoint is not None:
            savepoint.rollback()
    if atomic and report.failed:
        raise ImportRejected(report)
    return report


@dataclass
class _Ready:
    """A line checked and resolved, waiting for its batch's INSERTs."""

    line: int
    data: dict[str, Any]
    values: dict[str, Any]
    tags: list[str]
    key: DedupeKey
    speaker: Speaker
    document: list[str]


class _Importer:
    def __init__(self, session: Session, report: ImportReport) -> None:
        self.session = session
        self.report = report
        self.postgresql = session.get_bind().dialect.name == "postgresql"
        self.actor = audit.actor_of(session)
        self.resolver = Resolver(session)
        # The search tokens of each speaker's names, made once per import.
        self.speaker_tokens: dict[Speaker, list[list[str]]] = {}
        # The claims this import made, by id (ascending: ids only grow), with their lines.
        self.created_ids = array("q")
        self.created_lines = array("q")

    def run(self, lines: Iterable[Line], processes: int) -> None:
        for batch in checked_batches(lines, BATCH_SIZE, processes=processes):
            self._batch(batch)

    def _batch(self, batch: list[Checked | Failed]) -> None:
        self.batch_ids: dict[int, int] = {}
        self.batch_failures: list[dict[str, Any]] = []
        self.report.lines += len(batch)
        checked = [item for item in batch if isinstance(item, Checked)]
        for item in batch:
            if isinstance(item, Failed):
                self._invalid(item.line, item.errors, item.detail)
        ready: list[_Ready] = []
        for item, resolved in zip(checked, self.resolver.resolve(checked), strict=True):
            if isinstance(resolved, DomainError):
                self._failed(item.line, resolved)
            else:
                ready.append(self._ready(item, *resolved))
        ready, repeats = self._drop_duplicates(ready)
        if ready:
            try:
                with self.session.begin_nested():
                    self._insert(ready)
            except IntegrityError:
                self._one_by_one(ready)
        for line, of_line in repeats:
            self._duplicate(line, claim_id=self.batch_ids.get(of_line), of_line=of_line)
        # Reported in line order, whatever step found each failure.
        self.report.failures.extend(sorted(self.batch_failures, key=lambda f: f["line"])[
            :MAX_LISTED_FAILURES - len(self.report.failures)])

    def _ready(self, item: Checked, speaker: Speaker, source: Source | None) -> _Ready:
        data = item.data
        values = {
            "text": item.text, "text_key": item.text_key, "summary": data.get("summary"),
            "speaker_id": speaker.id, "said_on": data["said_on"],
            "source_id": source.id if source is not None else None,
            "language": item.language, "context": data.get("context"),
            "status_code": INITIAL_STATUS, "version": 1,
        }
        if speaker not in self.speaker_tokens:
            self.speaker_tokens[speaker] = field_tokens(
                [speaker.name, *(alias.name for alias in speaker.aliases)])
        document = fitted([*self.speaker_tokens[speaker], *item.tokens])
        key = DedupeKey(speaker.id, data["said_on"], item.text_key)
        return _Ready(item.line, data, values, item.tags, key, speaker, document)

    def _drop_duplicates(self, ready: list[_Ready]) -> tuple[list[_Ready], list[tuple[int, int]]]:
        """Lines whose claim is stored already are reported; the rest go on, but for repeats of
        an earlier line of the batch, returned as (line, earlier line). One query per batch."""
        existing = self._stored([*{item.key for item in ready}])
        first_line: dict[DedupeKey, int] = {}
        kept, repeats = [], []
        for item in ready:
            if item.key in existing:
                self._duplicate(item.line, claim_id=existing[item.key])
            elif item.key in first_line:
                repeats.append((item.line, first_line[item.key]))
            else:
                first_line[item.key] = item.line
                kept.append(item)
        return kept, repeats

    def _stored(self, keys: list[DedupeKey]) -> dict[DedupeKey, int]:
        """The live claims stored with these dedupe keys, one query per 1,000 keys."""
        existing: dict[DedupeKey, int] = {}
        for chunk in _chunks(keys, 1000):  # 3 bound values each: under every limit
            if self.postgresql:
                # One index probe a key, whatever the planner knows of rows this transaction
                # wrote; arrays keep the statement the same for every batch.
                rows = self.session.execute(_STORED_KEYS, {
                    "speaker_ids": [key.speaker_id for key in chunk],
                    "days": [key.said_on for key in chunk],
                    "text_keys": [key.text_key for key in chunk]})
            else:
                rows = self.session.execute(
                    select(Claim.speaker_id, Claim.said_on, Claim.text_key, func.min(Claim.id))
                    .where(tuple_(Claim.speaker_id, Claim.said_on, Claim.text_key).in_(chunk),
                           Claim.retracted_at.is_(None))
                    .group_by(Claim.speaker_id, Claim.said_on, Claim.text_key))
            existing.update({DedupeKey(*row[:3]): row[3] for row in rows if row[3] is not None})
        return existing

    def _insert(self, ready: list[_Ready]) -> None:
        now = utcnow()
        rows = [{**item.values, "created_at": now, "updated_at": now} for item in ready]
        claims = Claim.__table__
        if self.postgresql:
            ids = next_ids(self.session, claims, len(rows))
            self._write(claims, [{"id": claim_id, **row}
                                 for claim_id, row in zip(ids, rows, strict=True)])
        else:
            ids = list(self.session.scalars(
                insert(claims).returning(claims.c.id, sort_by_parameter_order=True), rows))
        self._write(ClaimTag.__table__, [{"claim_id": claim_id, "tag": tag} for claim_id, item
                                         in zip(ids, ready, strict=True) for tag in item.tags])
        self._write(ClaimSearch.__table__, [
            {"claim_id": claim_id, "document": " ".join(item.document),
             "vector": tsvector_literal(item.document, GAPS) if self.postgresql else None,
             "analyzer_version": ANALYZER_VERSION}
            for claim_id, item in zip(ids, ready, strict=True)])
        self._audit(ids, ready, now)
        for claim_id, item in zip(ids, ready, strict=True):
            self._created(item.line, claim_id)

    def _write(self, table: Table, rows: list[dict[str, Any]]) -> None:
        insert_rows(self.session, table, rows)

    def _audit(self, ids: list[int], ready: list[_Ready], now: datetime) -> None:
        """What audit.record does for each new claim, with one INSERT for the batch: the log
        row (the claim's whole snapshot), and the webhook events the write gives (outbox)."""
        rows = [{"occurred_at": now, "actor": self.actor.name, "key_id": self.actor.key_id,
                 "action": "claim.created", "target_type": "claim", "target_id": str(claim_id),
                 "before": None,
                 "after": audit.snapshot_of_new(Claim, {**item.values, "tags": item.tags})}
                for claim_id, item in zip(ids, ready, strict=True)]
        if outbox.listens(self.session, "claim.created"):
            for claim_id, item, row in zip(ids, ready, rows, strict=True):
                # A stand-in for the stored claim, never added to the session: what a webhook
                # payload reads.
                claim = Claim(id=claim_id, **item.values, speaker=item.speaker,
                              tag_rows=[ClaimTag(tag=tag) for tag in item.tags])
                outbox.events_for(self.session, AuditEvent(**row), claim)
        self._write(AuditEvent.__table__, rows)

    def _one_by_one(self, ready: list[_Ready]) -> None:
        """The batch met the unique index: someone stored one of its claims meanwhile. Each
        line then goes through create_claim in a savepoint of its own, as POST would."""
        for item in ready:
            try:
                with self.session.begin_nested():
                    claim = create_claim(self.session, item.data)
                self._created(item.line, claim.id)
            except Conflict as error:
                self._duplicate(item.line, claim_id=error.extra["existing_claim_id"])
            except DomainError as error:
                self._failed(item.line, error)

    def _created(self, line: int, claim_id: int) -> None:
        self.report.created += 1
        self.batch_ids[line] = claim_id
        self.created_ids.append(claim_id)
        self.created_lines.append(line)

    def _line_that_created(self, claim_id: int) -> int | None:
        index = bisect_left(self.created_ids, claim_id)
        if index < len(self.created_ids) and self.created_ids[index] == claim_id:
            return self.created_lines[index]
        return None

    def _duplicate(self, line: int, *, claim_id: int | None = None,
                   of_line: int | None = None) -> None:
        self.report.duplicate += 1
        if of_line is None and claim_id is not None:
            of_line = self._line_that_created(claim_id)
        failure: dict[str, Any] = {
            "line": line, "outcome": "duplicate",
            "detail": "This speaker's claim with the same words on the same day exists"
                      + (f": line {of_line} of this upload." if of_line else
                         f": claim {claim_id}.")}
        if of_line is not None:
            failure["duplicate_of_line"] = of_line
        # A dry run stores nothing: a claim made by an earlier line of it has no address.
        if claim_id is not None and not (self.report.dry_run and of_line is not None):
            failure["existing_claim_id"] = claim_id
            failure["location"] = f"/v1/claims/{claim_id}"
        self._listed(failure)

    def _failed(self, line: int, error: DomainError) -> None:
        self._invalid(line, getattr(error, "errors", None) or {"_line": [error.detail]},
                      error.detail)

    def _invalid(self, line: int, errors: dict[str, list[str]], detail: str | None = None) -> None:
        self.report.invalid += 1
        self._listed({"line": line, "outcome": "invalid",
                      "detail": detail or "Some fields are invalid; see `errors`.",
                      "errors": errors})

    def _listed(self, failure: dict[str, Any]) -> None:
        if len(self.report.failures) < MAX_LISTED_FAILURES:
            self.batch_failures.append(failure)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
