"""A printed Q&A read by behaviour, not by the words of its cues: two cues take turns (`Gazette:`,
`The Ledger:`, the interviewer's name, initials, `Interviewer:` on one side; the interviewee's
surname, full name or initials on the other). The side whose turns end in `?` asks and gives
nothing; the other answers, resolved to the full name the intro gives (the person the Q&A is
with, never the byline's writer)."""

import re

from services.extraction.interviews import answerers, name_of
from services.extraction.model import SpeakerMention, Turn
from services.extraction.noise import is_furniture
from services.extraction.scan import Line

_CUE_WORD = r"[A-Z][A-Za-z'’.&-]*"
# `Gazette: …`, `The Ledger: …`, `**Roe:** …`, `JR: …`: a short cue, a colon, speech.
_CUE = re.compile(rf"\s*(?:\*\*|__)?((?:The |THE )?{_CUE_WORD}(?: {_CUE_WORD}){{0,2}})"
                  r"(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?=[A-Z0-9\"“‘'(])")
_FULL = re.compile(r"\b((?:[A-Z][a-z'’-]+ )(?:[A-Z]\. )?(?:[A-Z][a-z'’-]+ ?){1,2})")
_BYLINE = re.compile(r"\s*(?:(?:Interview(?:ed)?|Reporting|Photos?|Words|Text|Story) )?by\s", re.I)
_QA_LETTERS = frozenset(("Q", "A", "QUESTION", "ANSWER"))
_ASKS, _STATES = 0.6, 0.25  # share of turns ending in `?`: the questioner, the answerer


def qa_turns(lines: list[Line]) -> tuple[list[Turn], set[int]]:
    """The answers of a Q&A whose two cues repeat, one asking and one answering, and whose
    intro names the answerer; nothing otherwise (a debate, where both sides state, stays a
    transcript)."""
    cues = [_cue(line) for line in lines]
    counts: dict[str, int] = {}
    for cue in cues:
        if cue is not None:
            counts[cue[0]] = counts.get(cue[0], 0) + 1
    sides = [name for name, n in counts.items() if n >= 2]
    if len(sides) != 2 or any(name.upper() in _QA_LETTERS for name in sides):
        return [], set()
    turns, covered, owner, last = _read(lines, cues, sides)
    asking = {name: _share_asking(turns, owner, last, name) for name in sides}
    questioner = max(sides, key=lambda name: asking[name])
    answerer = next(name for name in sides if name != questioner)
    if asking[questioner] < _ASKS or asking[answerer] > _STATES:
        return [], set()
    first = min(turn.label_at for turn in turns)
    person = _resolve(answerer, lines, first)
    if person is None:
        return [], set()
    for turn in turns:
        if owner[id(turn)] == answerer:
            turn.speaker, turn.resolved, turn.cue = person, True, "A"
        else:
            turn.cue = "Q"
    return turns, covered


def _cue(line: Line) -> tuple[str, int] | None:
    if len(line.text) < 4:
        return None
    match = _CUE.match(line.text[:60])
    if not match or len(match.group(1)) > 40:
        return None
    return match.group(1), line.start + match.end()


def _read(lines: list[Line], cues: list[tuple[str, int] | None],
          sides: list[str]) -> tuple[list[Turn], set[int], dict[int, str], dict[int, str]]:
    """The turns each cue opens, to the next cue or a footer; who owns each, and the end of
    each turn's last line (whether the turn ends by asking)."""
    turns: list[Turn] = []
    covered: set[int] = set()
    owner: dict[int, str] = {}
    last: dict[int, str] = {}
    current: Turn | None = None
    for index, (line, cue) in enumerate(zip(lines, cues, strict=True)):
        if cue is not None and cue[0] in sides:
            current = Turn(None, "transcript-label", line.start, english=True)
            owner[id(current)] = cue[0]
            current.pieces.append((cue[1], line.end))
            last[id(current)] = line.text[-40:]
            turns.append(current)
            covered.add(index)
            continue
        if not line.text.strip() or current is None:
            continue
        if is_furniture(line) or cue is not None:
            current = None  # a footer, a rule, a photo credit: the answer has ended
            continue
        covered.add(index)
        current.pieces.append((line.start, line.end))
        last[id(current)] = line.text[-40:]
    return turns, covered, owner, last


def _share_asking(turns: list[Turn], owner: dict[int, str], last: dict[int, str],
                  name: str) -> float:
    mine = [turn for turn in turns if owner[id(turn)] == name]
    asked = sum(last[id(turn)].rstrip().rstrip("*_ ").endswith("?") for turn in mine)
    return asked / len(mine) if mine else 0.0


def _resolve(cue: str, lines: list[Line], first: int) -> SpeakerMention | None:
    """The answerer's cue as the intro's full name: the name itself, its surname, or its
    initials; `Interviewee`-like words, or a cue no intro name explains, are the person the
    intro says the Q&A is with."""
    words = cue.split()
    intro = [line for line in lines if line.start < first and not _BYLINE.match(line.text)]
    names = [name_of(match.group(1).strip()) for line in intro
             for match in _FULL.finditer(line.text[:600])]
    if len(words) >= 2 and any(name.name == cue for name in names):
        return SpeakerMention(cue)
    for name in names:
        parts = name.name.split()
        if len(parts) < 2:
            continue
        if len(words) == 1 and (parts[-1] == cue or (cue.isupper() and len(cue) <= 4 and
                                                    "".join(p[0] for p in parts) == cue)):
            return name
    named = [person for _, person in answerers(lines, first)]
    return named[-1] if named else None
