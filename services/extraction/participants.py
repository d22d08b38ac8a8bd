"""A transcript's list of participants (`PARTICIPANTS:`, `Present:`, `Panelists:`): the full
name and title of each, so that `FIRE CHIEF SURNAME:` is the person listed, and who among them
runs the event (moderator, host, press secretary, director of communications), whose turns are
hand-offs, not claims."""

import re
from dataclasses import dataclass

from services.extraction.scan import Line
from services.extraction.vocabulary_en import NAME

_LIST_KEY = re.compile(r"\s*(?:PARTICIPANTS|ATTENDEES|PRESENT|PANELISTS|PANELLISTS|PANEL|GUESTS?|"
                       r"SPEAKERS|FEATURING|IN ATTENDANCE|ON THE CALL|WITH)\s*:\s*(.*)$", re.I)
# A header line naming who runs the show: `Host: Jane Roe`, `Presented by Jane Roe`.
_HOST_KEY = re.compile(r"\s*(?:(?:(?:CO-?)?HOSTS?|PRESENTERS?|MODERATORS?|ANCHORS?|INTERVIEWERS?)"
                       r"\s*:|(?:HOSTED|PRESENTED|MODERATED|CHAIRED) BY\b:?)\s*(.*)$", re.I)
# A title of capitalised words, then the name: two words, or three with an initial between.
_PERSON = re.compile(rf"((?:[A-Z][\w.'’-]*\s+){{0,4}})({NAME}\s+(?:[A-Z]\.\s+)?{NAME})")
# Who runs the event: their turns introduce, call on reporters and close.
_MODERATING = re.compile(r"\b(?:moderator|moderating|host|co-host|emcee|master of ceremonies|"
                         r"press secretary|communications director|director of communications|"
                         r"head of communications|communications officer|press officer|"
                         r"public information officer|facilitator|chair of the session)\b", re.I)
_MAX_ENTRIES = 40


@dataclass(frozen=True)
class Participant:
    at: int
    name: str
    title: str | None
    moderator: bool


def participants(lines: list[Line]) -> list[Participant]:
    """The people a `PARTICIPANTS:` line lists, on it or on the lines below it (to the first
    blank line)."""
    found: list[Participant] = []
    for index, line in enumerate(lines):
        host = _HOST_KEY.match(line.text) if len(line.text.split()) <= 10 else None
        # The name must open the value: `HOST: Thanks, Jane Roe` is a host's turn, not a header.
        person = host and _entry(re.split(r"[;,(|]", host.group(1))[0], line.start + host.start(1))
        if person:
            found.append(Participant(person.at, person.name, person.title, True))
            continue
        match = _LIST_KEY.match(line.text)
        if not match:
            continue
        inline = match.group(1).strip()
        if inline:
            offset = line.start + match.start(1)
            found.extend(_inline_entries(inline, offset))
            continue
        paragraph = None
        for entry in lines[index + 1:index + 1 + _MAX_ENTRIES]:
            if paragraph is not None and entry.paragraph != paragraph:
                break  # a blank line ends the list
            person = _entry(entry.text, entry.start)
            if person is None:
                break
            paragraph = entry.paragraph
            found.append(person)
    return found


def _inline_entries(text: str, offset: int) -> list[Participant]:
    """`Mayor Gwen Aldous, Engineer Piet Marr` or `A B, role; C D, role`."""
    separator = ";" if ";" in text else ","
    found: list[Participant] = []
    at = 0
    for piece in text.split(separator):
        person = _entry(piece, offset + at)
        if person is not None:
            found.append(person)
        elif found and separator == "," and _MODERATING.search(piece):
            last = found[-1]
            found[-1] = Participant(last.at, last.name, last.title, True)
        at += len(piece) + 1
    return found


def _entry(text: str, at: int) -> Participant | None:
    """`Fire Chief Samuel Ferreira, Halverston Fire Department`, `Jenna Kowalczyk, Director of
    Communications (moderator)`: the name is the capitalised words before the first comma, after
    any title."""
    head, _, role = text.strip().partition(",")
    head = re.sub(r"\s*\(.*?\)\s*$", "", head).strip()
    match = _PERSON.fullmatch(head)
    if not match or len(head.split()) > 6:
        return None
    title = match.group(1).strip() or None
    return Participant(at + text.index(head[:1]) if head else at, match.group(2), title,
                       bool(_MODERATING.search(role) or _MODERATING.search(text)))
