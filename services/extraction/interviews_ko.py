"""Korean 일문일답 and interviews: question lines (`-`, `―`, `–`, `Q.`, `문)`, `◇`, bold) each
followed by answer paragraphs, plain or wrapped in one pair of quote marks, and a lead that says
whose they are (`다음은 노 대표와의 일문일답`, `[인터뷰] 이름 직함 …`). The answers are the
interviewee's; the questions give nothing (a scare quote in one is the reporter's)."""

import re

from services.extraction.interviews import answer_turns
from services.extraction.model import SpeakerMention, Turn
from services.extraction.scan import Line

_QUESTION = re.compile(r"\s*(?:[-―–—◇◆▲△]\s*|Q\s*[.:)]\s*|문\s*[).:]\s*|\*\*(?=.+\*\*\s*$))"
                       r"(?=\S)(?![\"“”])")
_ANSWER_CUE = re.compile(r"\s*(?:A\s*[.:)]|답\s*[).:]|▶)\s*")
_HANGUL_NAME = r"[가-힣]{2,4}"
# `다음은 노 대표와의 일문일답`, `노태윤 대표와의 인터뷰`, `노태윤 대표 일문일답`.
_LEAD = re.compile(r"([가-힣]{1,4})(?:\s+([가-힣]{1,8}))?\s*(?:과|와)?(?:의)?\s*"
                   r"(?:일문일답|인터뷰|문답|대담)")
_WRAPPED = re.compile(r"\s*[\"“](.+)[\"”]\s*$")
_MAX_QUESTION = 200
_TAIL_PARTICLE = re.compile(r"(?:과|와|의|과의|와의)$")


def korean_interview_turns(lines: list[Line]) -> tuple[list[Turn], set[int]]:
    """The answers of a Korean Q&A: two question lines or more, and a lead naming the one whose
    answers they are; nothing otherwise (a schedule of `-` items is not an interview)."""
    asks = [_asks(line) for line in lines]
    if sum(asks) < 2:
        return [], set()
    first = asks.index(True)
    person = _interviewee(lines[:first])
    if person is None:
        return [], set()
    return answer_turns(lines, first, asks, person,
                        ends=lambda line: _is_tail(line.text), span=_inside)


def _asks(line: Line) -> bool:
    text = line.text
    if not text.strip() or len(text) > _MAX_QUESTION or not re.search("[가-힣]", text):
        return False
    return bool(_QUESTION.match(text))


def _is_tail(text: str) -> bool:
    return "@" in text or "ⓒ" in text or "©" in text or "무단" in text


def _inside(line: Line) -> tuple[int, int]:
    """An answer wrapped in one pair of quote marks is the words inside them."""
    cue = _ANSWER_CUE.match(line.text)
    start = line.start + (cue.end() if cue else 0)
    text = line.text[start - line.start:]
    wrapped = _WRAPPED.match(text)
    if wrapped and not re.search("[\"“”]", wrapped.group(1)):
        return start + wrapped.start(1), start + wrapped.end(1)
    return start, line.end


def _interviewee(lead: list[Line]) -> SpeakerMention | None:
    """The full name of the one the lead says the Q&A is with: `노 대표와의 일문일답` is the
    `노…` named with `대표` earlier; a full name is itself."""
    text = "\n".join(line.text for line in lead)
    for match in reversed(list(_LEAD.finditer(text))):
        name = _TAIL_PARTICLE.sub("", match.group(1))
        title = _TAIL_PARTICLE.sub("", match.group(2) or "")
        full = _full_name(text[:match.start()], name, title)
        if full is not None:
            return SpeakerMention(full, title or None)
    return None


def _full_name(before: str, name: str, title: str) -> str | None:
    """A surname (and a title) back to the one full name the text gave with them."""
    if 2 <= len(name) <= 4 and re.search(rf"(?<![가-힣]){name}(?:\(\d+\))?\s", before):
        return name
    if len(name) != 1 or not title:
        return None
    found = {m.group(1) for m in re.finditer(
        rf"(?<![가-힣])({name}[가-힣]{{1,2}})(?:\(\d+\))?\s(?:[가-힣A-Za-z]+\s){{0,4}}?(?:신임\s)?{title}",
        before)}
    return found.pop() if len(found) == 1 else None
