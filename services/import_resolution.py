"""Speakers and sources for a bulk import: each distinct one resolved once per import, by
services.speakers.resolve_speaker and services.sources.resolve_source themselves."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Source, Speaker
from services.sources import resolve_source
from services.speakers import resolve_speaker
from services.text import name_key


class Resolver:
    """What each speaker and source reference of an import resolved to. A cache hit is what
    resolving again would give (see _SpeakerCache); a miss resolves for real."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.speakers = _SpeakerCache(session)
        self.sources: dict[tuple, Source | None] = {}

    def resolve(self, data: dict[str, Any]) -> tuple[Speaker, Source | None]:
        speaker_key, source_key = _speaker_key(data), _source_key(data)
        speaker = self.speakers.get(speaker_key)
        if speaker is not None and source_key in self.sources:
            return speaker, self.sources[source_key]
        # A miss may create a speaker or a source; should the other half of the line then fail,
        # the savepoint takes the creation back, as a failed POST would.
        with self.session.begin_nested():
            if speaker is None:
                speaker = resolve_speaker(self.session, speaker_id=data.get("speaker_id"),
                                          inline=data.get("speaker"))
            if source_key in self.sources:
                source = self.sources[source_key]
            else:
                source = resolve_source(self.session, source_id=data.get("source_id"),
                                        inline=data.get("source"))
        self.speakers.put(speaker_key, speaker)
        self.sources[source_key] = source
        return speaker, source


class _SpeakerCache:
    """The speaker each distinct speaker reference resolved to, so that a file naming one
    speaker 10,000 times resolves them once. Equivalent to resolving every time: a match never
    edits the registry, and the advisory locks resolve_speaker takes on the names last until
    the transaction ends, so no one else can add a namesake meanwhile. Only this import can, by
    creating a speaker; the entries that creation could change (a shared name or Wikidata id)
    are then forgotten."""

    def __init__(self, session: Session) -> None:
        self.entries: dict[tuple, Speaker] = {}
        self.known_up_to = session.scalar(select(func.max(Speaker.id))) or 0

    def get(self, key: tuple) -> Speaker | None:
        return self.entries.get(key)

    def put(self, key: tuple, speaker: Speaker) -> None:
        if speaker.id > self.known_up_to:  # new: made by this import (or just now by another)
            self.known_up_to = speaker.id
            names = {speaker.name_key} | {alias.name_key for alias in speaker.aliases}
            self.entries = {k: v for k, v in self.entries.items()
                            if not (names & k[1] or (speaker.wikidata_id and
                                                     k[2] == speaker.wikidata_id))}
        self.entries[key] = speaker


def _speaker_key(data: dict[str, Any]) -> tuple:
    if "speaker_id" in data:
        return ("id", frozenset(), None, data["speaker_id"])
    inline = data["speaker"]
    names = frozenset({name_key(inline["name"])}
                      | {name_key(alias["name"]) for alias in inline.get("aliases", [])})
    return ("inline", names, inline.get("wikidata_id"), None)


def _source_key(data: dict[str, Any]) -> tuple:
    """What resolve_source matches on: the id, the url, or outlet, title and date."""
    if data.get("source_id") is not None:
        return ("id", data["source_id"])
    inline = data.get("source")
    if inline is None:
        return ("none",)
    if inline.get("url"):
        return ("url", inline["url"])
    outlet = name_key(inline["outlet"]) if inline.get("outlet") else None
    return ("outlet", outlet, inline.get("title"), inline.get("published_on"))
