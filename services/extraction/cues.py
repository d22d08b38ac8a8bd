"""Speaker cues by structure rather than by one shape each: a short line or prefix that repeats
through the text with the same shape (`Name (mm:ss):` alone on its line, `NAME — …`, `Name --
Title` alone on its line, with an `Operator` line alone for the one who runs the call), a section
head that never recurs and heads a list (`■ 정치` over `· …` rows: not a speaker), and the host a
Korean broadcast header names (`■ 진행 : 이름 앵커`), whose turns give nothing."""

import re
from typing import NamedTuple

from services.extraction.model import Turn
from services.extraction.scan import Line
from services.extraction.vocabulary_en import EVENT_WORDS, HEADING_WORDS

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
# `Jane Roe -- Chief Executive Officer`, `Jane Roe - Lark Partners - Analyst` alone on a line: a
# name, a dash, a title or a firm; no sentence. (`Jane Roe, Mayor` is a header's list, not a cue.)
_TITLE_LINE = re.compile(rf"\s*((?:{_NAME_WORD}\s+){{1,3}}{_NAME_WORD})\s+(?:--|—|–|-)\s+"
                         r"([A-Z][^.?!:;\"“”]{1,90}?)\s*$")
# Whoever runs a call or a briefing, alone on a line: their turns give nothing.
_ROLE_ALONE = re.compile(r"\s*(?:Conference |Call )?(?:Operator|Moderator|Host|Coordinator|"
                         r"Facilitator)\s*:?\s*$", re.I)
# A section of a call (`Prepared Remarks:`, `Questions & Answers:`, `Call participants:`).
_SECTION = re.compile(r"\s*[A-Z][\w'’-]*(?:\s+(?:&|and|[\w'’-]+)){0,3}\s*:\s*$")
# Those who ask in a call or a briefing: by their title, or as the operator introduces them.
_ASKERS = frozenset(("analyst", "analysts", "caller"))
_ASKER_TITLES = frozenset(("reporter", "correspondent", "journalist"))
_INTRODUCED = re.compile(r"\b(?:question|questions) (?:comes?|is|will come|today comes) from (?:the "
                         r"line of )?|\bfrom the line of ")
# Korean broadcast header keys whose value names who runs the programme.
_KO_HOST_KEY = re.compile(r"\s*[■□▣◆◇○●▶\-*]?\s*(?:진행|사회|진행자|사회자|앵커|MC)\s*[:：]\s*"
                          r"([가-힣]{2,4})(?:\s+[가-힣A-Z]{1,8})?\s*$")


class Label(NamedTuple):
    kind: str  # "speaker", "nobody" (a reporter's turn), "stop" (ends a turn)
    name: str = ""
    title: str | None = None
    speech_start: int | None = None
    pattern: str = ""
    english: bool = False
    # A label that could be nothing but a speaker (SEN. WARREN:, ○김하늘 / 장관), so that one
    # is enough to make a transcript; WASHINGTON: alone may be a dateline.
    certain: bool = False
    cue: str = ""  # "Q" or "A": a question or an answer of a Q&A or an examination
    loose: bool = False  # `Nadia Brill: …`: a name in title case, so two names are needed
    # "own-line" (`Name (00:41):` alone), "dash" (`NAME — …`), "title-line" (`Name -- Title`
    # alone): a shape that must repeat
    shape: str = ""


def shaped_cue(line: Line, following: Line | None) -> Label | None:
    """`Name -- Title` and `Operator` alone on a line, `Jane Roe (00:41):` alone on its line,
    `JANE ROE — …`: loose cues, so that a text needs two names of that shape to be a transcript
    (a shape that repeats, not one line)."""
    if (titled := title_line(line, following)) is not None:
        return titled
    cue, shape = own_line_cue(line, following), "own-line"
    if cue is None:
        cue, shape = dash_cue(line), "dash"
    if cue is None:
        return None
    if cue.nobody:
        return Label("nobody", speech_start=cue.speech_start, shape=shape)
    if any(word.rstrip(".") in HEADING_WORDS for word in cue.name.split()) or heading(
            cue.name.upper(), line.text[cue.speech_start - line.start:] if cue.speech_start else ""):
        return None
    return Label("speaker", cue.name, None, cue.speech_start, "transcript-label", english=True,
                 loose=True, shape=shape)


def title_line(line: Line, following: Line | None) -> Label | None:
    """`Jane Roe -- Chief Executive Officer` alone on a line opens Jane Roe's turn on the lines
    below; `Operator` alone opens a turn that gives nothing; `Questions & Answers:` alone ends a
    turn. All three count only where `Name -- Title` lines repeat (see `repeating`)."""
    text = line.text
    if len(text) > 120:
        return None
    if _ROLE_ALONE.match(text):
        return Label("nobody", pattern="transcript-call", shape="title-line")
    if len(text) <= 40 and _SECTION.match(text) and (following is None
                                                        or following.paragraph != line.paragraph):
        return Label("stop", shape="title-line")
    match = _TITLE_LINE.match(text)
    if not match or len(match.group(2).split()) > 10:
        return None
    name = match.group(1)
    if any(word.casefold().rstrip(".") in _NOT_NAMES or word.rstrip(".") in HEADING_WORDS
           for word in name.split()):
        return None
    return Label("speaker", _display(name), match.group(2).strip(), None, "transcript-label",
                 english=True, loose=True, shape="title-line")


def repeating(labels: list[Label | None]) -> list[Label | None]:
    """A shaped cue is a cue only when its shape repeats: `Name (00:41):` lines at least twice;
    `NAME — …` with two names or more, one of them again (once, it is a heading or a dateline);
    `Name -- Title` lines with two names or more (and then `Operator` and section lines count)."""
    own = sum(1 for label in labels if label and label.shape == "own-line")
    dashes: dict[str, int] = {}
    for label in labels:
        if label and label.shape == "dash":
            dashes[label.name] = dashes.get(label.name, 0) + 1
    dash = len(dashes) >= 2 and max(dashes.values()) >= 2
    titled = len({label.name for label in labels
                  if label and label.shape == "title-line" and label.kind == "speaker"}) >= 2
    return [None if label and ((label.shape == "own-line" and own < 2)
                               or (label.shape == "dash" and not dash)
                               or (label.shape == "title-line" and not titled))
            else label for label in labels]


def heading(label: str, speech: str) -> bool:
    """`PRESS CONFERENCE: RIVERSIDE FIRE`, `PUBLIC WORKS BRIEFING: …`: the name of an event, or
    a label whose words after the colon are capitals too (a heading, not speech)."""
    words = label.split()
    if any(word in EVENT_WORDS for word in words) or " ".join(words[-2:]) in EVENT_WORDS:
        return True
    letters = [c for c in speech[:80] if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def silence_askers(source: str, turns: list[Turn]) -> None:
    """In a call or a briefing, those who ask give nothing: a speaker whose title says so
    (`Lark Partners -- Analyst`), whom the one running it introduces as asking (`Our next
    question comes from Jane Roe with …`), or whose turns mostly ask."""
    if not any(turn.speaker is None for turn in turns):
        return  # no operator, host or reporter: nobody runs it
    introduced = set()
    calls = any(turn.pattern == "transcript-call" for turn in turns)
    for turn in turns:
        if turn.speaker is None:
            for start, end in turn.pieces:
                for match in _INTRODUCED.finditer(source, start, min(end, start + 2000)):
                    introduced.add(source[match.end():match.end() + 60])
    by_name: dict[str, list[Turn]] = {}
    for turn in turns:
        if turn.speaker is not None:
            by_name.setdefault(turn.speaker.name, []).append(turn)
    for name, same in by_name.items():
        if _asks(source, name, same, introduced, calls):
            for turn in same:
                turn.speaker = None


def _asks(source: str, name: str, turns: list[Turn], introduced: set[str], calls: bool) -> bool:
    title = turns[0].speaker.title if turns[0].speaker else None
    words = {word.casefold() for word in re.findall(r"[\w'’]+", title or "")}
    if words & _ASKERS or (calls and words & _ASKER_TITLES):
        return True  # a correspondent on air reports; on a call, whoever writes about it asks
    if any(after.startswith(name) for after in introduced):
        return True
    if not calls:
        return False  # a hearing's members ask and state: only a call's askers are silenced so
    asking = sum(1 for turn in turns if any("?" in source[start:end] for start, end in turn.pieces))
    return asking * 2 >= len(turns) and not any(
        _statements_without_asking(source, turn) >= 3 for turn in turns)


def _statements_without_asking(source: str, turn: Turn) -> int:
    """Sentences of a turn that holds no question at all (an answer, not a question's preamble)."""
    text = " ".join(source[start:end] for start, end in turn.pieces)
    return 0 if "?" in text else len(re.findall(r"[.!](?:\s|$)", text))


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
