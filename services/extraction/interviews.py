"""Interviews and examinations: who answers. A transcript is a header (title, parties, the
witness called, an intro naming the interviewee) and then turns. `A.`/`A:` and `THE WITNESS:`
are the witness or interviewee the header or intro names; `Q.`/`Q:`, counsel and the court ask.
An interview printed without cues (bold question lines, or question lines alternating with
answer paragraphs) is read the same way when its intro names one interviewee."""

import re
from collections.abc import Callable

from services.extraction.model import SpeakerMention, Turn
from services.extraction.noise import is_furniture
from services.extraction.scan import Line
from services.extraction.vocabulary_en import TITLES

_WORD = r"[A-Z][A-Za-z'’-]+"
_HONORIFIC = r"(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof|DR|MR|MRS|MS|PROF)\.?\s+)?"
_PERSON = rf"{_HONORIFIC}({_WORD}(?:\s+[A-Z]\.)?(?:\s+{_WORD}){{1,2}})"
# A witness called (`JANE ROE,` and below it `called as a witness …, having been sworn`).
_CALLED_LINE = re.compile(rf"\s*{_PERSON},?\s*$")
_CALLED_BELOW = re.compile(r"\b(?:witness|sworn|affirmed|deposed|testified)\b", re.I)
# `DEPOSITION OF DR. JANE ROE`, `Witness: Jane Roe`, `a conversation with Jane Roe`.
_NAMED = re.compile(
    r"(?:\b(?:DEPOSITION|EXAMINATION|TESTIMONY|Deposition|Examination|Testimony) OF (?:THE "
    r"WITNESS,? )?|\b(?:Witness|WITNESS|Deponent|DEPONENT|Interviewee|INTERVIEWEE)\s*:\s*|"
    r"\b(?:conversation|interview|Q&A|talk|chat|questions|Questions|Interview|Conversation) "
    r"(?:with|for)\s+|\b(?:spoke|talked|sat down|caught up|met)\s+(?:to|with)\s+|"
    r"^\s*(?:Q&A|Q and A|Interview|INTERVIEW|Q ?& ?A)\s*[:|—–-]\s*)" + _PERSON)
# The interviewee as the intro's subject: `Roe spoke with the Gazette about …`, `Roe talked to us`.
_SUBJECT = re.compile(rf"\b({_WORD}(?:\s+{_WORD})?)\s+(?:spoke|talked|sat down)\s+(?:with|to)\s+"
                      r"(?:the|us|our|a|this)\b")
_FULL = re.compile(_PERSON)
_SENTENCE_OPENERS = frozenset(("When", "After", "Before", "As", "If", "Since", "While", "The", "A",
                               "An", "In", "On", "At", "For", "But", "And", "So", "Then", "Now"))
# `The Tidings spoke with Brekke about …`: the interviewee by surname alone, after the verb.
_OBJECT = re.compile(rf"\b(?:spoke|talked|sat down|caught up|met)\s+(?:to|with)\s+({_WORD})\b")
# `We spoke with her at …`: the interviewee as a pronoun; `Jane Roe, who …`, `Jane Roe says`.
_PRONOUN_OBJECT = re.compile(r"\b(?:spoke|talked|sat down|caught up|met)\s+(?:to|with)\s+"
                             r"(?:her|him|them)\b")
_PERSON_SAYS = re.compile(_PERSON + r"(?:,|\s\(|\s+(?:says|said|told)\b)")
_EXAMINATION = re.compile(r"\b(?:EXAMINATION|[Ee]xamination|DEPOSITION|[Dd]eposition|"
                          r"duly sworn|TESTIMONY)\b")
_BYLINE = re.compile(r"\s*(?:(?:Interview(?:ed)?|Reporting|Photos?|Words|Text|Story) )?by\s",
                     re.I)
# Lines of an interview printed without cues: a bold line, or a line that asks.
_BOLD = re.compile(r"\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*$")
_MAX_QUESTION = 300


def name_of(person: str) -> SpeakerMention:
    """`OSWIN TALLIS` → Oswin Tallis; a title in front stays out of the name."""
    words = [w for w in person.split() if w.rstrip(".").capitalize() not in TITLES
             and w.capitalize() not in TITLES]
    name = " ".join(words)
    if name.isupper():
        name = " ".join(word.capitalize() for word in words)
    return SpeakerMention(name)


def answerers(lines: list[Line], before: int) -> list[tuple[int, SpeakerMention]]:
    """Who answers, and from where: each witness called, deponent or interviewee the lines
    before `before` name (a byline's writer is not one)."""
    found: list[tuple[int, SpeakerMention]] = []
    for index, line in enumerate(lines):
        if line.start >= before:
            break
        if _BYLINE.match(line.text):
            continue
        called = _CALLED_LINE.match(line.text)
        below = lines[index + 1].text if index + 1 < len(lines) else ""
        if called and _CALLED_BELOW.search(below[:200]):
            found.append((line.start, name_of(called.group(1))))
            continue
        named = _NAMED.search(line.text[:400])
        if named and named.group(1).endswith(("'s", "’s")):
            named = None  # `A talk with Port Velin's flood chief`: a place's, not a person
        person = name_of(named.group(1)) if named else (
            _subject(lines[:index + 1], line.text) or _pronoun(lines[:index + 1], line.text))
        if person is not None and (not found or found[-1][1] != person):
            found.append((line.start, person))
    return found


def _pronoun(lines: list[Line], text: str) -> SpeakerMention | None:
    """`Jane Roe, who runs …, says … We spoke with her`: the one person the intro names (a full
    name followed by a comma, a bracket or a saying verb); two people, or none, is nobody."""
    if not _PRONOUN_OBJECT.search(text[:600]):
        return None
    people = {name_of(_strip_openers(match.group(1))).name
              for line in lines if not _BYLINE.match(line.text)
              for match in _PERSON_SAYS.finditer(line.text[:600])}
    people.discard("")
    return SpeakerMention(people.pop()) if len(people) == 1 else None


def _strip_openers(name: str) -> str:
    words = name.split()
    while words and words[0] in _SENTENCE_OPENERS:
        words = words[1:]
    return " ".join(words) if len(words) >= 2 else ""


def _subject(lines: list[Line], text: str) -> SpeakerMention | None:
    """`Roe spoke with the Gazette …`, `The Gazette spoke with Roe …`: the full name given
    earlier (or here) that ends in that surname; a surname no full name explains is nobody."""
    match = _SUBJECT.search(text[:400]) or _OBJECT.search(text[:400])
    if not match:
        return None
    last = match.group(1).split()[-1]
    if last.endswith(("'s", "’s")):
        return None
    for line in reversed(lines):
        if _BYLINE.match(line.text):
            continue
        for full in _FULL.finditer(line.text[:400]):
            words = full.group(1).split()
            while words and words[0] in _SENTENCE_OPENERS:
                words = words[1:]  # `When Jane Roe took over …`: Jane Roe
            if len(words) >= 2 and words[-1] == last:
                return name_of(" ".join(words))
    return None


def answer_cues(source: str, lines: list[Line], turns: list[Turn]) -> None:
    """`A.` turns are the witness or interviewee last named before them; in an examination the
    others (counsel, the court) ask or rule, so their turns give nothing."""
    answers = [turn for turn in turns if turn.cue == "A"]
    if not answers:
        return
    named = answerers(lines, answers[-1].label_at)
    if not named:
        return
    for turn in answers:
        earlier = [person for at, person in named if at < turn.label_at]
        if earlier:
            turn.speaker, turn.resolved, turn.pattern = earlier[-1], True, "transcript-label"
    if _EXAMINATION.search(source[:answers[0].label_at]):
        for turn in turns:
            if turn.cue != "A":
                turn.speaker = None


def interview_turns(lines: list[Line]) -> tuple[list[Turn], set[int]]:
    """An interview printed without cues: question paragraphs (bold lines, or lines that end in
    `?`) each followed by answer paragraphs, and an intro that names one interviewee. Bold
    questions need two; plain ones three, and an intro that says it is an interview."""
    asks = [_asks(line) for line in lines]
    bold = sum(1 for kind in asks if kind == "bold")
    plain = sum(1 for kind in asks if kind == "plain")
    if bold < 2 and plain < 3:
        return [], set()
    kind = "bold" if bold >= 2 else "plain"
    first = next(i for i, k in enumerate(asks) if k == kind)
    named = [person for _, person in answerers(lines, lines[first].start)]
    people = {person.name for person in named}
    if len(people) != 1:
        return [], set()
    return answer_turns(lines, first, [k == kind for k in asks], named[0])


def answer_turns(lines: list[Line], first: int, asks: list[bool], person: SpeakerMention, *,
                 ends: Callable[[Line], bool] = lambda line: False,
                 span: Callable[[Line], tuple[int, int]] = lambda line: (line.start, line.end),
                 ) -> tuple[list[Turn], set[int]]:
    """The turns of an interview printed without speaker cues, from its first question on:
    each question line opens a question turn (it gives nothing); the paragraphs after it, to
    the next question, are `person`'s answer. Furniture, or a line `ends` says ends the answers
    (a footer, a byline), closes them; `span` is the part of a line that is answer. Nothing
    unless at least two questions were answered."""
    turns: list[Turn] = []
    covered: set[int] = set()
    current: Turn | None = None
    answered = 0
    for index in range(first, len(lines)):
        line = lines[index]
        if asks[index]:
            current = Turn(None, "interview-answer", line.start, cue="Q")
            turns.append(current)
            covered.add(index)
            continue
        if not line.text.strip():
            continue
        if is_furniture(line) or current is None or ends(line):
            current = None  # a footer, a rule, a byline: what follows is not an answer
            continue
        if current.cue == "Q":
            current = Turn(person, "interview-answer", line.start, resolved=True, cue="A")
            turns.append(current)
            answered += 1
        covered.add(index)
        current.pieces.append(span(line))
    if answered < 2:
        return [], set()
    return turns, covered


def _asks(line: Line) -> str:
    text = line.text.strip()
    if not text or len(text) > _MAX_QUESTION:
        return ""
    if _BOLD.match(text):
        return "bold"
    if text.endswith("?") and text[:1].isupper():
        return "plain"
    return ""


# A headline that opens with a quote: `'Words': Place's clinic director on …`, `"Words" — …`.
_PULL = re.compile(r"\s*(?:\*\*|__)?['\"‘“](?P<words>[^'\"‘’“”\n]{12,200})['\"’”]\s*(?:[:|—–-]|$)")


def pull_quote(source: str, lines: list[Line], turns: list[Turn]) -> tuple[int, int, Turn] | None:
    """The headline's leading quote, when one answer of the interviewee says the same words: the
    headline pulls it from the answers (and names the interviewee by role only, if at all)."""
    answers = [turn for turn in turns if turn.cue == "A" and turn.resolved and turn.speaker]
    headline = next((line for line in lines if line.text.strip()), None)
    if not answers or headline is None or headline.start >= min(t.label_at for t in turns):
        return None
    match = _PULL.match(headline.text[:300])
    if not match:
        return None
    words = " ".join(match.group("words").split()).casefold()
    for turn in answers:
        said = " ".join(" ".join(source[s:e] for s, e in turn.pieces).split()).casefold()
        if words in said:
            start = headline.start + match.start("words")
            return start, headline.start + match.end("words"), turn
    return None
