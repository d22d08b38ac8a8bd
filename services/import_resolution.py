"""Speakers and sources for a bulk import, a batch at a time, by the rules of
services.speakers.resolve_speaker and services.sources.resolve_source.

A batch's lines are resolved as if one after the other, each in a savepoint of its own (a line
whose speaker or source fails creates neither), but the database is asked a fixed number of
times per batch: one statement to lock every name, one query for the candidate speakers, one
for the candidate sources, one to share-lock the speakers cited, and one flush for the new
speakers and sources with their audit rows. Each distinct reference is resolved once per import
(see _SpeakerCache)."""

from collections import defaultdict
from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.arrays import one_of
from db.locks import lock_names
from db.models import Source, Speaker
from services import audit, sources, speakers
from services.errors import DomainError, RuleViolation

Resolved = tuple[Speaker, Source | None]


class Reference(Protocol):
    """A claim as resolving it needs it: its data, and its speaker_key and source_key."""

    data: dict[str, Any]
    speaker_key: tuple
    source_key: tuple


class Resolver:
    """What each speaker and source reference of an import resolved to. A cache hit is what
    resolving again would give (see _SpeakerCache); a miss resolves for real."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.speakers = _SpeakerCache()
        self.sources: dict[tuple, Source | None] = {}
        # The speakers share-locked already (held until the transaction ends).
        self.held: set[int] = set()

    def resolve(self, claims: list[Reference]) -> list[Resolved | DomainError]:
        """Each claim's speaker and source, or the error resolving them gives (as POST would
        answer it), in the claims' order."""
        misses = [claim.data for claim in claims
                  if self.speakers.get(claim.speaker_key) is None
                  or claim.source_key not in self.sources]
        if not misses:
            return [(self.speakers.get(claim.speaker_key), self.sources[claim.source_key])
                    for claim in claims]  # type: ignore[misc]
        return _Pass(self, misses).run(claims)


class _Pass:
    """One batch: the references the cache misses looked up together, then every line resolved
    in order, as resolve_speaker and resolve_source would one line after the other."""

    def __init__(self, resolver: Resolver, misses: list[Mapping[str, Any]]) -> None:
        self.resolver = resolver
        self.session = resolver.session
        self.created_speakers: list[Speaker] = []
        self.created_sources: dict[tuple, Source] = {}
        self.cited: dict[int, Speaker] = {}
        # The stored speakers this batch's names may match, and those it creates, by each of
        # their name keys and Wikidata ids (lock_keys' form): a line looks at its own names only.
        self.by_key: dict[str, list[Speaker]] = defaultdict(list)
        self.looked_up: set[str] = set()
        speaker_ids = {data["speaker_id"] for data in misses if "speaker_id" in data}
        source_ids = {data["source_id"] for data in misses if data.get("source_id") is not None}
        source_keys = {sources.match_key(data["source"]) for data in misses if data.get("source")}
        self.speakers_by_id = {speaker.id: speaker for speaker in self.session.scalars(
            select(Speaker).where(one_of(self.session, Speaker.id, speaker_ids)))
        } if speaker_ids else {}
        self.sources_by_id = {source.id: source for source in self.session.scalars(
            select(Source).where(one_of(self.session, Source.id, source_ids)))
        } if source_ids else {}
        lock_names(self.session, "source", *(sources.lock_key(key) for key in source_keys))
        self.source_matches = sources.find_matches(self.session, source_keys)
        self._look_up_speakers([data["speaker"] for data in misses if "speaker" in data])

    def _look_up_speakers(self, inlines: list[Mapping[str, Any]]) -> None:
        """Lock the names of these inline speakers, and fetch every stored speaker they may
        match, with one statement and one query, however many they are."""
        keys = {key for inline in inlines for key in speakers.lock_keys(inline)} - self.looked_up
        if not keys:
            return
        lock_names(self.session, "speaker", *keys)
        names = {key for key in keys if not key.startswith("wikidata:")}
        wikidata_ids = {key.removeprefix("wikidata:") for key in keys - names}
        for speaker in speakers.find_candidates(self.session, names, wikidata_ids):
            self._index(speaker)
        self.looked_up |= keys

    def _index(self, speaker: Speaker) -> None:
        keys = {speaker.name_key, *(alias.name_key for alias in speaker.aliases)}
        if speaker.wikidata_id:
            keys.add(f"wikidata:{speaker.wikidata_id}")
        for key in keys:
            if speaker not in self.by_key[key]:
                self.by_key[key].append(speaker)

    def _candidates(self, inline: Mapping[str, Any]) -> list[Speaker]:
        """The speakers `inline` may match: stored ones by id, then those this import made."""
        found = {id(speaker): speaker for key in speakers.lock_keys(inline)
                 for speaker in self.by_key.get(key, ())}
        return sorted(found.values(), key=lambda s: (s.id is None, s.id or 0))

    def run(self, claims: list[Reference]) -> list[Resolved | DomainError]:
        results: list[Resolved | DomainError] = []
        for claim in claims:
            data, speaker_key, source_key = claim.data, claim.speaker_key, claim.source_key
            try:
                speaker, new_speaker = self._speaker(data, speaker_key)
                source, new_source = self._source(data, source_key)
            except DomainError as error:
                results.append(error)
                continue
            # Both halves resolved: what they created is now there for the lines after.
            if new_speaker:
                self.created_speakers.append(speaker)
                self.session.add(speaker)
                self._index(speaker)
            if new_source:
                self.created_sources[source_key] = source  # type: ignore[assignment]
            if speaker.id is not None and speaker.id not in self.resolver.held:
                self.cited[speaker.id] = speaker
            self.resolver.speakers.put(speaker_key, speaker, new=new_speaker)
            self.resolver.sources[source_key] = source
            results.append((speaker, source))
        speakers.hold(self.session, self.cited.values())
        self.resolver.held |= self.cited.keys()
        sources.store_new(self.session, list(self.created_sources.values()))
        audit.record_created(self.session, "speaker.created", self.created_speakers)
        audit.record_created(self.session, "source.created", list(self.created_sources.values()))
        return results

    def _speaker(self, data: Mapping[str, Any], key: tuple) -> tuple[Speaker, bool]:
        cached = self.resolver.speakers.get(key)
        if cached is not None:
            return cached, False
        if "speaker_id" in data:
            speaker = self.speakers_by_id.get(data["speaker_id"])
            if speaker is None:
                message = f"There is no speaker {data['speaker_id']}."
                raise RuleViolation(message, errors={"speaker_id": [message]})
            return speaker, False
        inline = data["speaker"]
        # A line that hit the cache before this batch's new speakers made it a miss.
        self._look_up_speakers([inline])
        matches = speakers.matching(inline, self._candidates(inline))
        if len(matches) > 1:
            if any(match.id is None for match in matches):
                self.session.flush()  # ids for the message
            raise speakers.ambiguous(inline, sorted(matches, key=lambda match: match.id))
        if matches:
            return matches[0], False
        return speakers.new_speaker(inline), True

    def _source(self, data: Mapping[str, Any], key: tuple) -> tuple[Source | None, bool]:
        if key in self.resolver.sources:
            return self.resolver.sources[key], False
        if data.get("source_id") is not None:
            source = self.sources_by_id.get(data["source_id"])
            if source is None:
                message = f"There is no source {data['source_id']}."
                raise RuleViolation(message, errors={"source_id": [message]})
            return source, False
        if data.get("source") is None:
            return None, False
        found = self.source_matches.get(key) or self.created_sources.get(key)
        if found is not None:
            return found, False
        return sources.new_source(data["source"]), True


class _SpeakerCache:
    """The speaker each distinct speaker reference resolved to, so that a file naming one
    speaker 10,000 times resolves them once. Equivalent to resolving every time: a match never
    edits the registry, and the advisory locks resolve_speaker takes on the names last until
    the transaction ends, so no one else can add a namesake meanwhile. Only this import can, by
    creating a speaker; the entries that creation could change (a shared name or Wikidata id)
    are then forgotten."""

    def __init__(self) -> None:
        self.entries: dict[tuple, Speaker] = {}
        # The keys of the entries by each of their names and Wikidata id.
        self.keys_by_name: dict[str, set[tuple]] = defaultdict(set)

    def get(self, key: tuple) -> Speaker | None:
        return self.entries.get(key)

    def put(self, key: tuple, speaker: Speaker, *, new: bool) -> None:
        if new:
            names = {speaker.name_key} | {alias.name_key for alias in speaker.aliases}
            if speaker.wikidata_id:
                names.add(f"wikidata:{speaker.wikidata_id}")
            for name in names:
                for stale in self.keys_by_name.pop(name, ()):
                    self.entries.pop(stale, None)
        self.entries[key] = speaker
        for name in (*key[1], *([f"wikidata:{key[2]}"] if key[2] else [])):
            self.keys_by_name[name].add(key)


def speaker_key(data: Mapping[str, Any]) -> tuple:
    """What makes two speaker references the same to resolve (the cache's key)."""
    if "speaker_id" in data:
        return ("id", frozenset(), None, data["speaker_id"])
    inline = data["speaker"]
    return ("inline", frozenset(speakers.names_of(inline)), inline.get("wikidata_id"), None)


def source_key(data: Mapping[str, Any]) -> tuple:
    """What resolve_source matches on: the id, or the match key of the inline source."""
    if data.get("source_id") is not None:
        return ("id", data["source_id"])
    inline = data.get("source")
    if inline is None:
        return ("none",)
    return sources.match_key(inline)
