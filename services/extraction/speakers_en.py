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
    "Queen|Prince|Princess|Lord|Lady|Sir|Dame|Premier|Treasurer|Auditor|Comptroller|Trustee|"
    "Executive|Clerk|Administrator|Supervisor|Alderman|Alderwoman|Alderperson|Assemblyman|"
    "Assemblywoman|Assemblymember|Councilmember|Delegate|Inspector|Marshal|Constable|Dean|"
    "Provost|Warden|Coroner|Sergeant|Lieutenant|Major|Admiral|Commander|Principal|Pastor|"
    "Rabbi|Imam|Father|Solicitor|Registrar|Controller|Recorder|Assessor|Selectman|"
    "Selectwoman|Magistrate|Ombudsman|Surgeon General|Chairperson|Administrator")
TITLES = frozenset(t.replace("\\", "") for t in _TITLE_WORDS.split("|"))
# Occupations that open a sentence capitalised: "Economist Jonathan Pryce says …".
_OCCUPATIONS = frozenset((
    "Economist", "Analyst", "Lawyer", "Lawmaker", "Legislator", "Activist", "Researcher",
    "Scientist", "Expert", "Historian", "Resident", "Nurse", "Teacher", "Author", "Executive",
    "Founder", "CEO", "Manager", "Official", "Candidate", "Adviser", "Advisor", "Strategist",
    "Pollster", "Organizer", "Organiser", "Protester", "Witness", "Farmer", "Owner", "Student",
    "Physician", "Surgeon", "Epidemiologist", "Engineer", "Economists", "Spokesperson", "Envoy",
    "Diplomat", "Prosecutor", "Minister", "Lawmakers", "Legislators", "Chairperson", "Negotiator"))
_OCCUPATION_WORDS = "|".join(sorted(_OCCUPATIONS))
_NAME = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
# A title or an occupation, capitalised or not ("Mayor Elena Ruiz", "climate minister Kim
# Ha-neul"), then a capitalised name.
_LOWER_TITLES = ("member|executive|clerk|chief|administrator|supervisor|"
                 "mayor|governor|senator|representative|president|secretary|minister|chancellor|"
                 "commissioner|director|professor|judge|sheriff|detective|ambassador|attorney|"
                 "spokesperson|spokesman|spokeswoman|treasurer|lawmaker|economist|analyst|lawyer|"
                 "legislator|activist|researcher|scientist|historian|official|adviser|advisor|"
                 "strategist|pollster|epidemiologist|prosecutor|negotiator|chairman|chairwoman")
_TITLED = re.compile(rf"\b(?:{_TITLE_WORDS}|{_OCCUPATION_WORDS}|(?i:{_LOWER_TITLES}))"
                     rf"\s+((?:{_NAME}\s+){{0,2}}{_NAME})")
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
_KOREAN_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")
# The last word of an organisation's name: "Bank of Korea", "Ministry of Finance".
_BODIES = frozenset(("Bank", "Ministry", "Department", "University", "Institute", "Office", "Party",
                     "Association", "Union", "Federation", "Committee", "Agency", "Bureau", "Board",
                     "Court", "Commission", "Center", "Centre", "Foundation", "Corporation",
                     "Company", "Group", "Service", "League", "Chamber", "Government", "Embassy",
                     "Council", "School", "College", "Hospital", "Museum", "Fund", "Authority"))
# Words after a full name that start what is said about the person, not the name.
_AFTER_NAME = frozenset(("of", "at", "for", "from", "with", "in"))
# Words that make a phrase a clause or a list, not a descriptor and a name.
_NOT_DESCRIPTORS = frozenset(("a", "an", "and", "or", "but", "nor", "who", "whom", "which", "that",
                              "whose", "when", "while", "as", "if", "after", "before", "because",
                              "where", "to", "by", "on", "of", "at", "for", "from", "with", "in",
                              "is", "was", "were", "are", "has", "had", "have", "not", "also"))
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
                title = _title_words_before(line.text, match.start()) + title
                found.append(Mention(line.start + match.start(), " ".join(names), title))
            for pattern in (_VERB_THEN_NAME, _SUBJECT_NAME, _NAME_THEN_VERB):
                for match in pattern.finditer(line.text):
                    if match.group(1).split()[0] not in _NOT_FIRST | TITLES:
                        found.append(Mention(line.start + match.start(1), match.group(1), None))
        self.full: dict[str, Mention] = {}
        for mention in found:
            if " " in mention.name and len(self.full) < _MAX_NAMES:
                self.full.setdefault(surname(mention.name), mention)
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
        if " " in name and len(self.full) < _MAX_NAMES:
            self.full.setdefault(surname(name), self.mentions[index])

    def last_before(self, at: int, title_word: str | None = None) -> Mention | None:
        index = bisect.bisect_left(self.positions, at)
        for mention in reversed(self.mentions[max(0, index - 50):index]):
            if title_word is None or (mention.title and title_word in mention.title.casefold()):
                return mention
        return None

    def full_name(self, surname: str) -> Mention | None:
        return self.full.get(surname)


def _title_words_before(text: str, at: int) -> str:
    """The capitalised words that open a title: "Council" of "Council member", "County" of
    "County Executive" (at most three, and no sentence opener such as "But")."""
    words = text[max(0, at - 40):at].split()
    if text[max(0, at - 40):at][-1:] not in (" ", ""):
        return ""
    kept: list[str] = []
    for word in reversed(words[-3:]):
        if not word[:1].isupper() or not word[-1:].isalpha() or word in _LEADING or word in (
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
    name_part, _, appositive = who.partition(",")
    swapped = _name_after_descriptor(name_part, appositive)
    if swapped:
        name_part, appositive = swapped  # "the company's lawyer, Tom Reed,"
    if appositive.strip().rstrip(".,").isdigit():
        appositive = ""  # "Johnson, 62,": an age
    # "opposition lawmaker Park Min-su", "the climate minister Kim Ha-neul": a full name after
    # words in lower case.
    split = _name_and_descriptor(name_part.split())
    full_after_descriptor = split is not None and len(split[1]) >= 2
    if (words[0].casefold() == "the" and len(words) >= 2 and words[1].islower()
            and not full_after_descriptor):
        mention = mentions.last_before(at, words[-1].casefold())
        return (SpeakerMention(mention.name, mention.title), "pronoun") if mention else (None, "")
    if words[0].casefold() in _INDEFINITE or not (words[0][0].isupper() or full_after_descriptor):
        return None, ""
    if split is None:
        return None, ""
    descriptor, tokens, organisation = split
    title = appositive.strip().rstrip(".,") or " ".join(descriptor) or None
    name = " ".join(tokens).rstrip(".,")
    if len(tokens) == 1 and not organisation:
        full = mentions.full_name(name)
        if full is not None:
            return SpeakerMention(full.name, title or full.title), "named"
    mentions.add(at, name, title)
    return SpeakerMention(name, title, person=not organisation), "named"


def _name_and_descriptor(tokens: list[str]) -> tuple[list[str], list[str], bool] | None:
    """Split "Finance Minister Choi Sang-mok", "opposition lawmaker Park Min-su", "housing
    economist Lee Do-yun of Hanbit University" into the words before the name, the name and
    whether it is an organisation ("The Farm Bureau"); None when they name nobody."""
    for index, token in enumerate(tokens[1:-1], 1):
        # "… Lee Do-yun of Hanbit University": what follows a full name is about the person.
        if (token in _AFTER_NAME and _capitalised_run(tokens[:index]) >= 2
                and tokens[index - 1] not in _BODIES):
            tokens = tokens[:index]
            break
    if not tokens or len(tokens) > 8:
        return None
    organisation = tokens[0] in ("The", "the") and len(tokens) > 1 and tokens[1][:1].isupper()
    if organisation:
        tokens = tokens[1:]
    if (len(tokens) >= 3 and all(t[:1].isupper() or _within_a_name(t, i, tokens)
                                 for i, t in enumerate(tokens))
            and not any(t in TITLES or t in _OCCUPATIONS for t in tokens)):
        return [], tokens, True  # "Ministry of Finance", "Bank of Korea": a body
    # The name is the capitalised words after the last title or lowercase descriptor word.
    cut = len(tokens) - _capitalised_run(tokens)
    for index in range(len(tokens) - 2, cut - 1, -1):
        if tokens[index] in TITLES or tokens[index] in _OCCUPATIONS:
            cut = index + 1
            break
    descriptor, name = tokens[:cut], tokens[cut:]
    if not name or len(name) > 4 or len(descriptor) > 5:
        return None
    # A descriptor in lower case ("opposition lawmaker") only before a full name, and never a
    # clause ("which Ruiz", "and Smith").
    lowercase = any(not t[:1].isupper() for t in descriptor)
    clause = any(t.casefold() in _NOT_DESCRIPTORS and not _within_a_name(t, i, tokens)
                 for i, t in enumerate(descriptor))
    if lowercase and (len(name) < 2 or clause):
        return None
    return descriptor, name, organisation


def _within_a_name(token: str, index: int, tokens: list[str]) -> bool:
    """"of" inside a capitalised name: "Bank of Korea Governor Rhee Chang-yong"."""
    return (token == "of" and 0 < index < len(tokens) - 1 and tokens[index - 1][:1].isupper()
            and tokens[index + 1][:1].isupper())


def _name_after_descriptor(name_part: str, appositive: str) -> tuple[str, str] | None:
    """"the company's lawyer, Tom Reed": a descriptor, then the name between commas."""
    words = name_part.split()
    name = appositive.strip().rstrip(".,").split()
    if (not words or words[0][:1].isupper() or not 2 <= len(name) <= 3
            or not all(t[:1].isupper() for t in name) or name[0] in TITLES):
        return None
    return " ".join(name), name_part.strip()


def _capitalised_run(tokens: list[str]) -> int:
    """How many words at the end of `tokens` are capitalised (a name's words)."""
    count = 0
    for token in reversed(tokens):
        if not token[:1].isupper():
            break
        count += 1
    return count


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
