"""Who an English attribution names: "Mayor Elena Ruiz", "Dr. Amara Okafor, the state
epidemiologist", "Tan" (a surname the text named in full earlier), "she" (the last person
named), "the mayor" (the last person with that title)."""

import bisect
import re
from dataclasses import dataclass

from services.extraction.model import SpeakerMention
from services.extraction.scan import Line

_TITLE_WORDS = (
    "Mayor|Governor|Gov\\.|Senator|Sen\\.|Representative|Rep\\.|President|Vice|Secretary|"
    "Minister|Prime|Chancellor|Chief|Councilman|Councilwoman|Councillor|Councilor|Council|Member|"
    "Commissioner|Director|Budget|Dr\\.|Doctor|Professor|Prof\\.|Judge|Justice|General|Gen\\.|"
    "Colonel|Col\\.|Captain|Capt\\.|Sheriff|Officer|Detective|Mr\\.|Mrs\\.|Ms\\.|Miss|Rev\\.|"
    "Speaker|Leader|Chairman|Chairwoman|Chair|Superintendent|Ambassador|Attorney|Press|"
    "Spokesperson|Spokesman|Spokeswoman|Deputy|Assistant|Lt\\.|Sgt\\.|Coach|Bishop|Pope|King|"
    "Queen|Prince|Princess|Lord|Lady|Sir|Dame|Premier|Treasurer|Auditor|Comptroller|Trustee")
TITLES = frozenset(t.replace("\\", "") for t in _TITLE_WORDS.split("|"))
_NAME = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
_TITLED = re.compile(rf"\b(?:{_TITLE_WORDS})\s+((?:{_NAME}\s+){{0,2}}{_NAME})")
_VERB_THEN_NAME = re.compile(rf"\b(?:said|says|according to)\s+({_NAME}(?:\s+{_NAME}){{1,2}})")
_SUBJECT_NAME = re.compile(rf"(?:^|[.!?]\s+)({_NAME}\s+{_NAME})(?=,|\s+(?:said|says|told|added|"
                           r"was|is|has|had|who|spoke|wrote|warned))")
_NAME_THEN_VERB = re.compile(rf"\b({_NAME}\s+{_NAME})(?=\s+(?:said|says|told|added|wrote|argued|"
                             r"warned|insisted|noted|explained)\b)")
# Not a first name: a sentence that starts "The Farm…" or "Health officials…" names nobody.
_NOT_FIRST = frozenset([
    "The", "A", "An", "One", "Some", "Several", "Many", "Most", "Other", "This", "That", "These", "Those",
    "Health", "City", "State", "County", "Police", "Residents", "Officials", "Critics", "Experts",
    "Analysts", "Not", "Every", "Each", "Both", "No",
])
_LEADING = frozenset([
    "But", "And", "Later", "Still", "Yet", "So", "Then", "Meanwhile", "Now", "Instead", "However", "Asked",
])
_TRAILING = frozenset([
    "later", "also", "then", "again", "once", "previously", "recently", "earlier", "first", "finally",
])
_MAX_NAMES = 500
_MAX_MENTIONS = 5000  # full names a text is searched for by surname
_PRONOUNS = frozenset(("he", "she", "they"))
_INDEFINITE = frozenset(("a", "an", "one", "some", "several", "many", "two", "three", "officials",
                         "residents", "critics", "experts", "analysts", "sources", "people"))


@dataclass(frozen=True)
class Mention:
    at: int
    name: str
    title: str | None


class Mentions:
    """Every person the text names in full, by position, and the surnames they go by."""

    def __init__(self, source: str, lines: list[Line]) -> None:
        found: list[Mention] = []
        for line in lines:
            for match in _TITLED.finditer(line.text):
                names = match.group(1).split()
                while len(names) > 1 and names[0] in TITLES:
                    names.pop(0)  # Budget Director Priya Nair
                title = line.text[match.start():match.end()].rsplit(" ".join(names), 1)[0].strip()
                found.append(Mention(line.start + match.start(), " ".join(names), title))
            for pattern in (_VERB_THEN_NAME, _SUBJECT_NAME, _NAME_THEN_VERB):
                for match in pattern.finditer(line.text):
                    if match.group(1).split()[0] not in _NOT_FIRST | TITLES:
                        found.append(Mention(line.start + match.start(1), match.group(1), None))
        self.full: dict[str, Mention] = {}
        for mention in found:
            if " " in mention.name and len(self.full) < _MAX_NAMES:
                self.full.setdefault(mention.name.split()[-1], mention)
        if self.full:
            surnames = re.compile(r"\b(" + "|".join(map(re.escape, sorted(self.full))) + r")\b")
            for line in lines:
                for match in surnames.finditer(line.text):
                    full = self.full[match.group(1)]
                    found.append(Mention(line.start + match.start(), full.name, full.title))
        found.sort(key=lambda m: m.at)
        self.mentions = found
        self.positions = [m.at for m in found]

    def add(self, at: int, name: str, title: str | None) -> None:
        if len(self.mentions) >= _MAX_MENTIONS:
            return  # a text of thousands of names: pronouns resolve among the first ones
        index = bisect.bisect_right(self.positions, at)
        self.positions.insert(index, at)
        self.mentions.insert(index, Mention(at, name, title))

    def last_before(self, at: int, title_word: str | None = None) -> Mention | None:
        index = bisect.bisect_left(self.positions, at)
        for mention in reversed(self.mentions[max(0, index - 50):index]):
            if title_word is None or (mention.title and title_word in mention.title.casefold()):
                return mention
        return None

    def full_name(self, surname: str) -> Mention | None:
        return self.full.get(surname)


def parse_who(who: str, at: int, mentions: Mentions) -> tuple[SpeakerMention | None, str]:
    """The speaker a phrase such as "Mayor Elena Ruiz" or "she" names, and how it was named:
    "named", "pronoun" or "" when it names nobody."""
    who = who.strip().strip(",").strip()
    words = who.split()
    while len(words) > 1 and words[0].strip(",") in _LEADING:
        words = words[1:]
    while len(words) > 1 and words[-1] in _TRAILING:
        words = words[:-1]  # Brennan later wrote
    who = " ".join(words)
    if not words or len(words) > 14:
        return None, ""
    if words[0].casefold() in _PRONOUNS and len(words) == 1:
        mention = mentions.last_before(at)
        return (SpeakerMention(mention.name, mention.title), "pronoun") if mention else (None, "")
    if words[0].casefold() == "the" and len(words) >= 2 and words[1].islower():
        mention = mentions.last_before(at, words[-1].casefold())
        return (SpeakerMention(mention.name, mention.title), "pronoun") if mention else (None, "")
    if words[0].casefold() in _INDEFINITE or not words[0][0].isupper():
        return None, ""
    name_part, _, appositive = who.partition(",")
    tokens = name_part.split()
    organisation = tokens[0] == "The"
    if organisation:
        tokens = tokens[1:]
    title_tokens = []
    while len(tokens) > 1 and tokens[0] in TITLES:
        title_tokens.append(tokens.pop(0))
    if not tokens or not all(t[0].isupper() for t in tokens) or len(tokens) > 4:
        return None, ""
    title = appositive.strip().rstrip(".,") or " ".join(title_tokens) or None
    name = " ".join(tokens).rstrip(".,")
    if len(tokens) == 1 and not organisation:
        full = mentions.full_name(name)
        if full is not None:
            return SpeakerMention(full.name, title or full.title), "named"
    mentions.add(at, name, title)
    return SpeakerMention(name, title, person=not organisation), "named"


def label_speaker(label: str, at: int, mentions: Mentions) -> SpeakerMention:
    """A transcript's speaker label, "CHIEF ANGELA MORROW" or "DELGADO", as a name."""
    words = [w if w.isupper() is False else w.capitalize() for w in label.split()]
    title_tokens = []
    while len(words) > 1 and words[0] in TITLES:
        title_tokens.append(words.pop(0))
    name = " ".join(words)
    title = " ".join(title_tokens) or None
    if len(words) == 1:
        full = mentions.full_name(name)
        if full is not None:
            return SpeakerMention(full.name, title or full.title)
    mentions.add(at, name, title)
    return SpeakerMention(name, title)
