"""The speaker registry: people (or camps) quoted, with their names across languages."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.arrays import one_of
from db.base import utcnow
from db.locks import lock_names
from db.models import NAME_LENGTH, Claim, Speaker, SpeakerAlias
from services import audit
from services.errors import Conflict, NotFound, RuleViolation
from services.pagination import Page, paginate_by_id_desc
from services.presented import Presented
from services.search.index import index_speaker_claims
from services.text import name_key


def get_speaker(session: Session, speaker_id: int, *, for_update: bool = False) -> Speaker:
    """A speaker; `for_update` locks the row until the transaction ends (before an edit)."""
    speaker = session.get(Speaker, speaker_id, with_for_update=for_update or None,
                          populate_existing=for_update)
    if speaker is None:
        raise NotFound(f"There is no speaker {speaker_id}.")
    return speaker


def list_speakers(session: Session, *, name: str | None = None, cursor: str | None = None,
                  limit: int = 20) -> Page[Speaker]:
    """Speakers, newest first; `name` keeps those whose name or an alias contains it."""
    query = select(Speaker)
    if name:
        pattern = f"%{_escape_like(name_key(name))}%"
        alias_match = select(SpeakerAlias.speaker_id).where(
            SpeakerAlias.name_key.like(pattern, escape="\\"))
        query = query.where(or_(Speaker.name_key.like(pattern, escape="\\"),
                                Speaker.id.in_(alias_match)))
    return paginate_by_id_desc(session, query, Speaker.id, cursor=cursor, limit=limit)


def create_speaker(session: Session, data: Mapping[str, Any]) -> Speaker:
    if data.get("wikidata_id"):
        lock_names(session, "speaker", f"wikidata:{data['wikidata_id']}")
    speaker = Speaker()
    _apply(session, speaker, data)
    session.add(speaker)
    session.flush()
    audit.record(session, "speaker.created", speaker)
    return speaker


def new_speaker(data: Mapping[str, Any]) -> Speaker:
    """A speaker made from an inline object, not yet added to the session, for a caller that
    has found (under the name locks) that no stored speaker matches it."""
    speaker = Speaker(aliases=[])  # known to have none yet: no query to load them
    _apply_fields(speaker, data)
    return speaker


def update_speaker(session: Session, speaker: Speaker, data: Mapping[str, Any]) -> Speaker:
    """Change the fields present in `data`; `aliases`, when present, replaces the whole list."""
    before = audit.snapshot(speaker)
    _apply(session, speaker, data)
    after = audit.snapshot(speaker)
    if after["aliases"] != before["aliases"]:
        # Alias rows alone would not touch the speaker row; this bumps its version (and ETag).
        speaker.updated_at = utcnow()
    session.flush()
    if after["aliases"] != before["aliases"] or after["name"] != before["name"]:
        # Names are searchable in the speaker's claims.
        index_speaker_claims(session, speaker)
    audit.record(session, "speaker.updated", speaker, before=before)
    return speaker


def resolve_speaker(session: Session, *, speaker_id: int | None = None,
                    inline: Mapping[str, Any] | None = None) -> Speaker:
    """The speaker a claim names: by id, or an inline object matched to the registry (by
    Wikidata id, then by name or alias) and created when nobody matches.

    A match is used as it is: an inline object never edits an existing speaker.
    """
    if speaker_id is not None:
        speaker = session.get(Speaker, speaker_id)
        if speaker is None:
            raise RuleViolation(f"There is no speaker {speaker_id}.",
                                errors={"speaker_id": [f"There is no speaker {speaker_id}."]})
        return _held(session, speaker)
    assert inline is not None
    names, wikidata_id = names_of(inline), inline.get("wikidata_id")
    lock_names(session, "speaker", *lock_keys(inline))
    candidates = find_candidates(session, names, [wikidata_id] if wikidata_id else [])
    matches = matching(inline, candidates)
    if len(matches) > 1:
        raise ambiguous(inline, matches)
    if matches:
        return _held(session, matches[0])
    return create_speaker(session, inline)


def names_of(inline: Mapping[str, Any]) -> set[str]:
    """The name keys an inline speaker is matched on: its name and its aliases."""
    return {name_key(inline["name"])} | {name_key(a["name"]) for a in inline.get("aliases", [])}


def lock_keys(inline: Mapping[str, Any]) -> list[str]:
    """The names resolving `inline` locks (see db.locks): no one else may add a namesake until
    the transaction ends."""
    wikidata_id = inline.get("wikidata_id")
    return [*names_of(inline), *([f"wikidata:{wikidata_id}"] if wikidata_id else [])]


def find_candidates(session: Session, names: Iterable[str],
                    wikidata_ids: Iterable[str]) -> list[Speaker]:
    """Every stored speaker that has one of these Wikidata ids, or one of these name keys as
    its name or an alias, by id."""
    wikidata_ids = list(wikidata_ids)
    found = {speaker.id: speaker for speaker in find_by_names(session, names)}
    if wikidata_ids:
        found.update((speaker.id, speaker) for speaker in session.scalars(
            select(Speaker).where(one_of(session, Speaker.wikidata_id, wikidata_ids))))
    return [found[key] for key in sorted(found)]


def matching(inline: Mapping[str, Any], candidates: Iterable[Speaker]) -> list[Speaker]:
    """Which of `candidates` the inline speaker names, by the registry's rules: the speaker
    with its Wikidata id if there is one; otherwise every speaker with one of its names as name
    or alias, but for those known by another Wikidata id. More than one is ambiguous."""
    names, wikidata_id = names_of(inline), inline.get("wikidata_id")
    candidates = list(candidates)
    if wikidata_id:
        for speaker in candidates:
            if speaker.wikidata_id == wikidata_id:
                return [speaker]
    matches = [speaker for speaker in candidates
               if speaker.name_key in names or any(a.name_key in names for a in speaker.aliases)]
    if wikidata_id:
        # Someone else of the same name: a speaker known by another Wikidata id is not this one.
        matches = [s for s in matches if s.wikidata_id in (None, wikidata_id)]
    return matches


def ambiguous(inline: Mapping[str, Any], matches: list[Speaker]) -> RuleViolation:
    ids = ", ".join(str(s.id) for s in matches)
    return RuleViolation(
        f"The speaker {inline['name']!r} matches several speakers ({ids}); send speaker_id.",
        errors={"speaker": [f"Ambiguous: matches speakers {ids}."]},
        slug="ambiguous-speaker",
    )


def hold(session: Session, speakers: Iterable[Speaker]) -> None:
    """_held for many speakers, with one query."""
    ids = [speaker.id for speaker in speakers]
    if ids and session.get_bind().dialect.name == "postgresql":
        session.scalars(select(Speaker).where(one_of(session, Speaker.id, ids))
                        .with_for_update(read=True)
                        .execution_options(populate_existing=True)).all()



def find_by_names(session: Session, keys: Iterable[str]) -> list[Speaker]:
    """Speakers whose name or one of whose aliases has one of these name keys."""
    keys = list(keys)
    by_alias = select(SpeakerAlias.speaker_id).where(one_of(session, SpeakerAlias.name_key, keys))
    query = select(Speaker).where(or_(one_of(session, Speaker.name_key, keys),
                                      Speaker.id.in_(by_alias)))
    return list(session.scalars(query.order_by(Speaker.id)))


def claim_counts(session: Session, speaker_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Each speaker's live claims counted by status, for a page of speakers in one query."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    ids = list(speaker_ids)
    if not ids:
        return counts
    rows = session.execute(
        select(Claim.speaker_id, Claim.status_code, func.count())
        .where(Claim.speaker_id.in_(ids), Claim.retracted_at.is_(None))
        .group_by(Claim.speaker_id, Claim.status_code)
    )
    for speaker_id, status_code, count in rows:
        counts[speaker_id][status_code] = count
    return counts


def _apply(session: Session, speaker: Speaker, data: Mapping[str, Any]) -> None:
    _apply_fields(speaker, data)
    if data.get("wikidata_id"):
        with session.no_autoflush:
            other = session.scalar(
                select(Speaker).where(Speaker.wikidata_id == data["wikidata_id"]))
        if other is not None and other is not speaker:
            raise Conflict(f"Speaker {other.id} has the Wikidata id {data['wikidata_id']} already.",
                           existing=("speaker", other.id), slug="duplicate-speaker")


def _apply_fields(speaker: Speaker, data: Mapping[str, Any]) -> None:
    for field in ("name", "title", "organization", "wikidata_id"):
        if field in data:
            setattr(speaker, field, data[field])
    if "name" in data:
        speaker.name_key = _stored_key(data["name"], "name")
    if "aliases" in data:
        _replace_aliases(speaker, data["aliases"])


def _replace_aliases(speaker: Speaker, aliases: Iterable[Mapping[str, Any]]) -> None:
    existing = {alias.name_key: alias for alias in speaker.aliases}
    kept: list[SpeakerAlias] = []
    for item in aliases:
        key = _stored_key(item["name"], "aliases")
        if key == speaker.name_key or any(alias.name_key == key for alias in kept):
            continue  # the name itself, or a repeat: nothing new to match on
        alias = existing.get(key) or SpeakerAlias(name_key=key)
        alias.name = item["name"]
        alias.language = item.get("language")
        kept.append(alias)
    speaker.aliases = kept


def _held(session: Session, speaker: Speaker) -> Speaker:
    """Share-lock the speaker a claim is about to cite, and read it again under the lock: a
    concurrent rename then either waits for this claim (and reindexes it) or has committed, and
    the claim is indexed under the new name. SQLite serialises writers anyway."""
    if session.get_bind().dialect.name == "postgresql":
        session.refresh(speaker, with_for_update={"read": True})
    return speaker


def _stored_key(name: str, field: str) -> str:
    # NFKC can lengthen text (one ligature can become 18 letters); the key must fit its column.
    key = name_key(name)
    if len(key) > NAME_LENGTH:
        message = f"The name is longer than {NAME_LENGTH} characters once normalised."
        raise RuleViolation(message, errors={field: [message]})
    return key


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def with_claim_counts(session: Session, speakers: list[Speaker]) -> list[Presented]:
    """Each speaker presented with `claim_counts`, their live claims by status."""
    counts = claim_counts(session, (speaker.id for speaker in speakers))
    return [Presented(speaker, claim_counts=counts.get(speaker.id, {})) for speaker in speakers]
