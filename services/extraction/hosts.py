"""Who runs a transcript's event rather than speaking for themselves: a moderator who hands the
floor over, a host who introduces the guests or calls them by first name. None of their turns
gives a claim."""

import re

from services.extraction.model import Turn
from services.extraction.vocabulary_en import TITLES

# A moderator hands the floor over: `Marcus, go ahead.`, `One at a time, please.`, `We'll take
# questions`, `When you're called on …`, `Next question.`
_HAND_OFF = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:[A-Z][a-z]+, )?go ahead(?:, [A-Z][a-z]+)?[.!]|one at a time\b|"
    r"(?:we'll|we will|i'll|i will|let's) (?:now )?(?:take|open it up (?:to|for)) (?:your |a few |"
    r"some )?questions\b|when you(?:'re| are) called on\b|(?:next|last|final) question\b|"
    r"(?:please )?(?:state|give|identify) your (?:name|outlet)\b|you(?:'re| are) up\b|"
    r"(?:yes|okay|ok), (?:in the back|in front|over here|over there)\b)", re.I)

def silence_moderators(source: str, turns: list[Turn]) -> None:
    """A speaker whose turns, most of them and at least two, hand the floor over is running the
    event: none of their turns gives a claim."""
    by_name: dict[str, list[Turn]] = {}
    for turn in turns:
        if turn.speaker is not None:
            by_name.setdefault(turn.speaker.name, []).append(turn)
    for same in by_name.values():
        handing = sum(1 for turn in same if any(
            _HAND_OFF.search(source, start, min(end, start + 2000))
            for start, end in turn.pieces))
        if handing >= 2 and handing * 2 >= len(same):
            for turn in same:
                turn.speaker = None


# A host introduces the programme and its guests: `Welcome to …`, `I'm Jane Roe.`, `With me are …`,
# `Joining me now …`, `My guests today …`.
_INTRODUCES = re.compile(r"\b(?:welcome (?:back )?to|with me (?:are|is|now|today|tonight|here|in the "
                         r"studio)|joining (?:me|us)\b|my guests?\b|our guests?\b|our panel\b|"
                         r"i'm joined by|we're joined by|i am joined by)", re.I)
_SELF = r"\b(?:I'm|I am|my name is|this is)\s+"
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)(?:(?:so|now|okay|ok|and|well|we're back)[.,]?\s+)?"
                             r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?),\s")


def _given_names(turns: list[Turn]) -> dict[str, tuple[str, str, str]]:
    """Each English speaker's names as the others would call them: the whole label, the first
    word (not an honorific) and the last, casefolded."""
    names: dict[str, tuple[str, str, str]] = {}
    for turn in turns:
        if turn.speaker is not None and turn.english:
            words = [w for w in turn.speaker.name.split() if w.capitalize().rstrip(".") not in TITLES
                     and w.capitalize() not in TITLES]
            if words:
                # full name, first name, last name
                names[turn.speaker.name] = (" ".join(words).casefold(), words[0].casefold(),
                                            words[-1].casefold())
    return names


def silence_hosts(source: str, turns: list[Turn]) -> None:
    """A host with no role word in the label (`NAOMI ROE:`): the speaker who introduces the
    others (`I'm …`, `With me are A and B`), or the first whose turns, most of them and at
    least two, call another speaker by first name (`Ben, let's start with …`): none of their
    turns gives a claim."""
    names = _given_names(turns)
    if len(names) < 2:
        return
    by_name: dict[str, list[str]] = {}
    for turn in turns:
        if turn.speaker is not None and turn.speaker.name in names:
            text = " ".join(source[s:min(e, s + 2000)] for s, e in turn.pieces)
            by_name.setdefault(turn.speaker.name, []).append(text)
    host = None
    for name, texts in by_name.items():  # in the order they first speak
        others = set().union(*(v for k, v in names.items() if k != name))
        own = names[name]
        if any(_INTRODUCES.search(text) and (
                any(o in text.casefold() for o in others if " " in o)
                or re.search(_SELF + "(?:" + "|".join(map(re.escape, own)) + r")\b", text, re.I))
               for text in texts):
            host = name
            break
        # Called by the first name (`Ben, …`), as a host does; a questioner at a hearing calls
        # people by title (`Chief, …`, `Ms. Roe, …`), and asking alone does not make a host.
        given = {called for k, v in names.items() if k != name for called in v[:2]}
        calling = sum(1 for text in texts if any(
            match.group(1).casefold() in given for match in _SENTENCE_START.finditer(text)))
        if calling >= 2 and calling * 3 >= len(texts) * 2:
            host = name
            break
    if host is not None:
        for turn in turns:
            if turn.speaker is not None and turn.speaker.name == host:
                turn.speaker = None


