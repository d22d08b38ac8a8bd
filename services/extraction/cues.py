"""Speaker cues by structure rather than by one shape each: a short line or prefix that repeats
through the text with the same shape (`Name (mm:ss):` alone on its line, `NAME — …`), a section
head that never recurs and heads a list (`■ 정치` over `· …` rows: not a speaker), and the host a
Korean broadcast header names (`■ 진행 : 이름 앵커`), whose turns give nothing."""

import re

from services.extraction.model import Turn
from services.extraction.scan import Line

_NAME_WORD = r"[A-Z][A-Za-z'’.-]*"
# `Jane Roe (00:41):`, `JANE ROE (1:02:33):`, `Speaker 4 (02:51):`, `Jane Roe:` — alone on a line.
_OWN_LINE = re.compile(rf"\s*((?:{_NAME_WORD}\s+){{0,3}}(?:{_NAME_WORD}|\d{{1,2}}))\s*"
                       r"(?:\(\s*(\d{1,2}:\d{2}(?::\d{2})?)\s*\))?\s*:\s*$")
# `JANE ROE — speech`, `Jane Roe – speech`: a name of two or three words, a dash, speech.
_DASH = re.compile(rf"\s*((?:{_NAME_WORD}\s+){{1,2}}{_NAME_WORD})\s+(?:—|–|--)\s+(?=[A-Z0-9\"“‘'])")
# A row of a list: a bullet or a number, then the row.
_LIST_ROW = re.compile(r"\s*(?:[·•∙‧・\-–*▪▫◦]\s*|\d{1,3}[.)]\s+)\S")
# Unnamed voices of a transcription service: `Speaker 4`, `Unknown Speaker`, `Audience Member`.
_UNNAMED = frozenset(("speaker", "unknown", "audience", "member", "reporter", "reporters",
                      "voice", "unidentified", "male", "female", "participant", "caller",
                      "crowd", "moderator", "host", "interviewer", "question", "questioner"))
# Words that make a short capitalised line a heading, never a cue.
_NOT_NAMES = frozenset(("speakers", "participants", "transcript", "summary", "note", "notes",
                        "agenda", "present", "attendees", "panelists", "guests", "contact",
                        "update", "source", "sources", "background", "date", "time", "location",
                        "related", "correction", "editor's", "q&a", "chapter", "part", "section"))
# Korean broadcast header keys whose value names who runs the programme.
_KO_HOST_KEY = re.compile(r"\s*[■□▣◆◇○●▶\-*]?\s*(?:진행|사회|진행자|사회자|앵커|MC)\s*[:：]\s*"
                          r"([가-힣]{2,4})(?:\s+[가-힣A-Z]{1,8})?\s*$")


class Cue:
    """A cue as the line gives it: the name, whether it names nobody, where speech starts (None:
    on the next lines)."""
    __slots__ = ("name", "nobody", "speech_start")

    def __init__(self, name: str, nobody: bool, speech_start: int | None) -> None:
        self.name, self.nobody, self.speech_start = name, nobody, speech_start


def own_line_cue(line: Line, following: Line | None) -> Cue | None:
    """`Jane Roe (00:41):` alone on its line with the turn on the lines below (a transcription
    service's layout); a time stamp, or a name of two words or more, is needed."""
    text = line.text
    if len(text) > 60 or following is None or not following.text.strip():
        return None
    match = _OWN_LINE.match(text)
    if not match:
        return None
    name, stamp = match.group(1).strip(), match.group(2)
    words = name.split()
    if any(word.casefold().rstrip(".") in _NOT_NAMES for word in words):
        return None
    if stamp is None and (len(words) < 2 or _OWN_LINE.match(following.text)):
        return None
    nobody = any(word.casefold() in _UNNAMED or word.isdigit() for word in words)
    return Cue(_display(name), nobody, None)


def dash_cue(line: Line) -> Cue | None:
    """`JANE ROE — speech`: a name of two or three capitalised words before a dash. A dateline
    (`JUNE 4 — …`) has a number; one such line alone is prose (the caller needs two names)."""
    match = _DASH.match(line.text[:80])
    if not match:
        return None
    name = match.group(1).strip()
    if any(word.casefold().rstrip(".") in _NOT_NAMES or word.casefold() in _UNNAMED
           for word in name.split()):
        return None
    return Cue(_display(name), False, line.start + match.end())


def heads_a_list(following: Line | None) -> bool:
    """A marked line over a row of a list (`■ 정치` over `· …`, `1. …`) is a section head: the
    rows are headlines, not a speaker's turn."""
    return following is not None and bool(_LIST_ROW.match(following.text[:8]))


def header_hosts(lines: list[Line]) -> frozenset[str]:
    """The names a Korean broadcast header gives as the host (`■ 진행 : 표세린 앵커`)."""
    found = set()
    for line in lines[:40]:
        if len(line.text) <= 40 and (match := _KO_HOST_KEY.match(line.text)):
            found.add(match.group(1))
    return frozenset(found)


def silence_named(turns: list[Turn], names: frozenset[str]) -> None:
    """The host the header named asks and hands over: none of their turns gives a claim."""
    if not names:
        return
    for turn in turns:
        if turn.speaker is not None and turn.speaker.name in names:
            turn.speaker = None


def _display(name: str) -> str:
    """`JANE ROE` → `Jane Roe`, so that a caps cue and a listed name meet."""
    return " ".join(w.capitalize() for w in name.split()) if name.isupper() else name
