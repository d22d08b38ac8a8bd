"""Every person and body an English text names, by position: full names (`Mayor Elena Ruiz`,
`sculptor Ines Varga`, `Margit Okafor has …`), the surnames they go by later, and who `she` or
`he` is."""

import bisect
import re
from dataclasses import dataclass

from services.extraction.participants import participants
from services.extraction.scan import Line
from services.extraction.vocabulary_en import (
    BODIES,
    COMPANIES,
    COMPANY_WORDS,
    FEMALE_WORDS,
    LEADING,
    MALE_WORDS,
    NAME,
    NOT_FIRST,
    TITLED,
    TITLES,
)

_VERB_THEN_NAME = re.compile(rf"\b(?:said|says|according to)\s+({NAME}(?:\s+{NAME}){{1,2}})")
_SUBJECT_NAME = re.compile(rf"(?:^|[.!?]\s+)({NAME}\s+{NAME})(?=,|\s+(?:said|says|told|added|"
                           r"was|is|has|had|who|spoke|wrote|warned))")
_NAME_THEN_VERB = re.compile(rf"\b({NAME}\s+{NAME})(?=\s+(?:said|says|told|added|wrote|argued|"
                             r"warned|insisted|noted|explained)\b)")
# A person introduced mid-sentence: with an age (`Margaret Osei, 67,`), a relative clause
# (`Ines Varga, who …`), or after an agent noun in lower case (`sculptor Ines Varga`).
_AGED_NAME = re.compile(rf"\b({NAME}\s+{NAME})(?=,\s+\d{{1,3}},|,\s+who\b)")
_AGED_ALONE = re.compile(rf"(?:^|(?<=[.!?]\s))({NAME}),\s+\d{{1,3}},", re.M)
_AGENT_THEN_NAME = re.compile(rf"\b([a-z]{{3,}}(?:er|or|ist|ian|ant|ent|man|woman|person))\s+"
                              rf"({NAME}\s+{NAME})\b(?!\s+[A-Z])")
_NOT_AGENTS = frozenset(("after", "over", "under", "never", "ever", "whether", "either", "neither",
                         "rather", "other", "another", "later", "earlier", "together", "however",
                         "whatever", "whenever", "wherever", "whoever", "sooner", "further",
                         "current", "recent", "different", "present", "absent", "urgent",
                         "silent", "against", "instant", "distant", "constant", "meant",
                         "went", "sent", "spent", "brilliant", "elegant", "giant", "human",
                         "german", "korean", "american", "canadian", "italian", "russian",
                         "indian", "asian", "european", "african", "christian", "anyone",
                         "everyone", "someone", "major", "minor", "senior", "junior", "interior",
                         "exterior", "prior", "inferior", "superior"))
_PRONOUN_GENDER = {"she": "f", "he": "m"}
_PRONOUN_SUBJECT = re.compile(r"(?:^|[.!?]\s+)(He|She)\s+[a-z]")
_PRONOUN_REACH = 250  # characters back a sentence's he or she looks for the person
_TWO_NAMES = re.compile(rf"\b({NAME})\s+({NAME})\b(?!\s+[A-Z])")
# Capitalised words that open a sentence or a place, not a given name.
_NOT_GIVEN = frozenset((
    "In", "On", "At", "For", "From", "By", "With", "To", "Of", "As", "If", "When", "While", "After",
    "Before", "Since", "Until", "Over", "Under", "Into", "Through", "During", "Without", "About",
    "Her", "His", "Its", "Their", "Our", "My", "Your", "We", "They", "He", "She", "It", "You",
    "There", "Here", "What", "Why", "How", "Who", "Where", "Which", "Last", "Next", "New", "Old",
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Saint",
    "Mount", "Lake", "Port", "Fort", "Cape", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December", "Photographs", "Photos",
    "Reporting", "Editing", "Additional", "Dear", "Happy", "Good", "Great", "United", "Royal",
    "National", "Federal", "Central", "General", "First", "Second", "Third"))
_BODY = re.compile(r"\b((?:[A-Z][\w'’&-]*\s+(?:(?:of|for|and|on) (?:the )?)?){1,4}(?:"
                   + "|".join(sorted(BODIES)) + r"))\b")
_ALONE = re.compile(rf"\b({NAME})\s+(?:says|said|told|tells|added|adds|does|did|nods|nodded|"
                    r"shrugs|shrugged|laughs|laughed|recalls|recalled|admits|admitted|agrees|"
                    r"agreed|insists|insisted|explains|explained|wrote|writes)\b")
_ANONYMITY = re.compile(r"\b(?:who )?(?:spoke|speaking|talked|talking) on (?:the )?condition of "
                        r"anonymity|\b(?:who )?(?:asked|declined|requested|wished|did not want|"
                        r"didn't want) (?:not )?to be (?:named|identified)|\brequested anonymity\b|"
                        r"\bwho (?:was|is|were) not (?:authori[sz]ed|allowed) to speak")
_MAX_NAMES = 500
_MAX_MENTIONS = 5000  # full names a text is searched for by surname
_KOREAN_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")


@dataclass(frozen=True)
class Mention:
    at: int
    name: str
    title: str | None
    person: bool = True


class Mentions:
    """Every person the text names in full, by position, and the surnames they go by."""

    def __init__(self, source: str, lines: list[Line]) -> None:
        found = _named_in_full(lines)
        listed = participants(lines)
        found.extend(Mention(p.at, p.name, p.title) for p in listed)
        # Who runs the event (by surname): their turns are hand-offs, not claims.
        self.moderators = frozenset(surname(p.name) for p in listed if p.moderator)
        self.full: dict[str, Mention] = {}
        for mention in found:
            if " " in mention.name and len(self.full) < _MAX_NAMES:
                self.full.setdefault(surname(mention.name), mention)
        loose, self.pairs = _loose_full_names(source, lines, self.full)
        found.extend(loose)
        for mention in found:
            if " " in mention.name and len(self.full) < _MAX_NAMES:
                self.full.setdefault(surname(mention.name), mention)
        if self.full:
            surnames = re.compile(r"\b(" + "|".join(map(re.escape, sorted(self.full))) + r")\b")
            for line in lines:
                for match in surnames.finditer(line.text):
                    full = self.full[match.group(1)]
                    found.append(Mention(line.start + match.start(), full.name, full.title))
        found.extend(_anonymous(lines))
        found.extend(_bodies(lines))
        found.sort(key=lambda m: m.at)
        self.mentions = found
        self.positions = [m.at for m in found]
        # "f" or "m" for a person the text has called she or he, or given Ms. or Mr.
        self.gender: dict[str, str] = {}
        for mention in found:
            self._learn_gender(mention.name, mention.title)
        self._learn_gender_from_pronouns(lines)

    def add(self, at: int, name: str, title: str | None, person: bool = True) -> None:
        if len(self.mentions) >= _MAX_MENTIONS:
            return  # a text of thousands of names: pronouns resolve among the first ones
        index = bisect.bisect_right(self.positions, at)
        self.positions.insert(index, at)
        self.mentions.insert(index, Mention(at, name, title, person))
        if person:
            self._learn_gender(name, title)
        if " " in name and len(self.full) < _MAX_NAMES:
            self.full.setdefault(surname(name), self.mentions[index])

    def last_before(self, at: int, title_word: str | None = None) -> Mention | None:
        index = bisect.bisect_left(self.positions, at)
        for mention in reversed(self.mentions[max(0, index - 50):index]):
            if title_word is None or (mention.title and _has_title_word(mention.title, title_word)):
                return mention if mention.name else None  # "the nurse", who was not named
            if not mention.person and title_word in mention.name.casefold().split():
                return mention  # "the group": the last body whose name has that word
            if (not mention.person and title_word in COMPANY_WORDS
                    and mention.name.split()[-1].rstrip(".") in COMPANIES):
                return mention  # "the company": the last body named as a company
        return None

    def last_body(self, at: int) -> Mention | None:
        """The last organisation named before `at` (`the statement said`: the body that issued it)."""
        index = bisect.bisect_left(self.positions, at)
        for mention in reversed(self.mentions[max(0, index - 50):index]):
            if not mention.person and mention.name:
                return mention
        return None

    def person_before(self, at: int, pronoun: str) -> Mention | None:
        """Whom `she` or `he` at `at` refers to: the last person named, passing over bodies and
        anyone the text has already shown to be of the other gender."""
        if pronoun.casefold() not in _PRONOUN_GENDER:
            return None  # "they": several people, or a body; a claim has one person
        wanted = _PRONOUN_GENDER[pronoun.casefold()]
        index = bisect.bisect_left(self.positions, at)
        for mention in reversed(self.mentions[max(0, index - 50):index]):
            if not mention.person:
                continue
            if not mention.name:
                return None  # "A nurse, who spoke on condition of anonymity, …": nobody named
            known = self.gender.get(mention.name)
            if known is None or known == wanted:
                self.gender.setdefault(mention.name, wanted)
                return mention
        return None

    def _learn_gender_from_pronouns(self, lines: list[Line]) -> None:
        """`Her apprentice, Tobias Wren, is 24. He still …`: a sentence opening with he or she
        right after a stretch that names one person only tells that person's gender."""
        for line in lines:
            for match in _PRONOUN_SUBJECT.finditer(line.text):
                at = line.start + match.start(1)
                index = bisect.bisect_left(self.positions, at)
                near = {m.name for m in self.mentions[max(0, index - 8):index]
                        if m.person and m.at >= at - _PRONOUN_REACH}
                if len(near) == 1 and "" not in near:
                    self.gender.setdefault(near.pop(), _PRONOUN_GENDER[match.group(1).casefold()])

    def _learn_gender(self, name: str, title: str | None) -> None:
        words = {word.casefold() for word in (title or "").split()}
        if words & FEMALE_WORDS:
            self.gender.setdefault(name, "f")
        elif words & MALE_WORDS:
            self.gender.setdefault(name, "m")

    def full_name(self, surname: str) -> Mention | None:
        return self.full.get(surname)

    def by_initials(self, initials: str) -> Mention | None:
        """The one person named in full whose initials these are (`HR`: Halima Rusk), not the
        writer of a byline (`By Corin Vale`: CV asks the questions)."""
        matching = {name: byline for name, byline in self.pairs.items()
                    if "".join(w[0] for w in name.split()) == initials}
        if len(matching) != 1 or any(matching.values()):
            return None
        name = next(iter(matching))
        full = self.full.get(surname(name))
        return full if full is not None and full.name == name else Mention(0, name, None)


def _has_title_word(title: str, word: str) -> bool:
    """`the mayor` is a Mayor; `the group` is not the group's chief executive (a possessive is
    whose title it is, not the title)."""
    return any(word in part for part in title.casefold().split()
               if not part.endswith(("'s", "’s")))


def _named_in_full(lines: list[Line]) -> list[Mention]:
    """Full names with a title, a verb, an age, a relative clause or an occupation beside them."""
    found: list[Mention] = []
    for line in lines:
        for match in TITLED.finditer(line.text):
            names = match.group(1).split()
            while len(names) > 1 and names[0] in TITLES:
                names.pop(0)  # Budget Director Priya Nair
            title = line.text[match.start():match.end()].rsplit(" ".join(names), 1)[0].strip()
            title = _title_words_before(line.text, match.start()) + title
            found.append(Mention(line.start + match.start(), " ".join(names), title))
        for pattern in (_VERB_THEN_NAME, _SUBJECT_NAME, _NAME_THEN_VERB, _AGED_NAME):
            for match in pattern.finditer(line.text):
                if match.group(1).split()[0] not in NOT_FIRST | TITLES:
                    found.append(Mention(line.start + match.start(1), match.group(1), None))
        for match in _AGENT_THEN_NAME.finditer(line.text):
            if (match.group(1) not in _NOT_AGENTS
                    and match.group(2).split()[0] not in NOT_FIRST | TITLES):
                found.append(Mention(line.start + match.start(2), match.group(2),
                                     match.group(1)))
    return found


def _loose_full_names(source: str, lines: list[Line], known: dict[str, Mention]
                      ) -> tuple[list[Mention], dict[str, bool]]:
    """`For 40 years Margit Halloran has …`: two capitalised words anywhere are a full name
    when the second, alone, acts elsewhere in the text (`Halloran says`, `Halloran does not`).
    Also every such pair, and whether a byline gives it (`By Corin Vale`: the writer)."""
    acting = _acting_alone(source)
    found: list[Mention] = []
    pairs: dict[str, bool] = {}
    for line in lines:
        for match in _TWO_NAMES.finditer(line.text):
            first, last = match.group(1), re.sub(r"['’]s$", "", match.group(2))  # Eke's header
            if first in _NOT_GIVEN or first in NOT_FIRST | TITLES | LEADING or last in TITLES:
                continue
            if len(pairs) < _MAX_NAMES:
                byline = line.text[max(0, match.start() - 3):match.start()].casefold() == "by "
                pairs[f"{first} {last}"] = pairs.get(f"{first} {last}", False) or byline
            if last not in acting or last in known or len(known) >= _MAX_NAMES:
                continue
            found.append(Mention(line.start + match.start(), f"{first} {last}", None))
            known.setdefault(last, found[-1])
    return found, pairs


def _acting_alone(source: str) -> set[str]:
    """Capitalised words that stand alone, not after another capitalised word, as the subject
    of a verb: `Halloran says`, `Farrow nods`, `Halloran does not deny it`."""
    acting: set[str] = set(_AGED_ALONE.findall(source))  # `Eke, 19, was …`
    for match in _ALONE.finditer(source):
        before = source[max(0, match.start() - 30):match.start()].split()
        if before and before[-1][:1].isupper() and not before[-1].endswith((".", ",", ":", ";")):
            continue  # "Port Calder is": part of a longer name
        acting.add(match.group(1))
    return acting


def _bodies(lines: list[Line]) -> list[Mention]:
    """Organisations named in full (`Orvane Shipping Group`, `Department for Transport`), so
    that `the group` or `the department` later is that body."""
    found: list[Mention] = []
    for line in lines:
        for match in _BODY.finditer(line.text):
            name = match.group(1)
            if len(name.split()) >= 2 and name.split()[0] not in NOT_FIRST | LEADING:
                found.append(Mention(line.start + match.start(1), name, None, person=False))
    return found


def _anonymous(lines: list[Line]) -> list[Mention]:
    """Someone the text will not name (`A nurse, who spoke on condition of anonymity, …`): a
    mention of nobody, so that `she said` after it is not the last person named."""
    found: list[Mention] = []
    for line in lines:
        for match in _ANONYMITY.finditer(line.text):
            start = max(line.text.rfind(". ", 0, match.start()) + 2, 0)
            who = line.text[start:match.start()].strip(" ,")
            found.append(Mention(line.start + match.start(), "", who.casefold() or None))
    return found


def _title_words_before(text: str, at: int) -> str:
    """The capitalised words that open a title: "Council" of "Council member", "County" of
    "County Executive" (at most three, and no sentence opener such as "But")."""
    words = text[max(0, at - 40):at].split()
    if text[max(0, at - 40):at][-1:] not in (" ", ""):
        return ""
    kept: list[str] = []
    for word in reversed(words[-3:]):
        if not word[:1].isupper() or not word[-1:].isalpha() or word in LEADING or word in (
                "The", "A", "An", "I"):
            break
        kept.insert(0, word)
    return " ".join(kept) + " " if kept else ""


def surname(name: str) -> str:
    """The word a full name is shortened to: the last ("Elena Ruiz" -> Ruiz), or the first for a
    Korean name written surname first with a hyphenated given name ("Kim Ha-neul" -> Kim)."""
    words = name.split()
    if len(words) == 2 and _KOREAN_GIVEN.fullmatch(words[1]):
        return words[0]
    return words[-1]

