"""Who an English attribution names: "Mayor Elena Ruiz", "Dr. Amara Okafor, the state
epidemiologist", "Tan" (a surname the text named in full earlier), "she" (the last person
named), "the mayor" (the last person with that title)."""

import re

from services.extraction.mentions import Mention, Mentions
from services.extraction.model import SpeakerMention
from services.extraction.vocabulary_en import (
    AFTER_NAME,
    BODIES,
    INDEFINITE,
    LEADING,
    NOT_DESCRIPTORS,
    OCCUPATIONS,
    PRONOUNS,
    TITLES,
    TRAILING,
)

_INITIALS = re.compile(r"[A-Z]{2,3}")
# `a statement from the company`, `a news release issued by X`: who issued it speaks.
_STATEMENT_FROM = re.compile(r"(?:a|an|the|its|their)\s+(?:[\w-]+\s+)?(?:statement|release|"
                             r"announcement)\s+(?:from|by|issued by|released by)\s+([^,]+)(?:,.*)?",
                             re.I | re.S)
# `the statement said`: the body that issued it, the last one named.
_THE_STATEMENT = re.compile(r"(?:the|its|their|that|this)\s+(?:[\w-]+\s+)?(?:statement|release)",
                            re.I)
# `A spokesperson for the Rowing Federation`: the named body speaks through them; for `the
# company` or a person (`for the minister`), nobody the text names.
_SPOKESPERSON_FOR = re.compile(r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?(?:spokesperson|spokesman|"
                               r"spokeswoman|representative|press officer)\s+(?:for|of|at)\s+"
                               r"(?:the\s+)?([A-Z][\w'’&-]*(?:\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?"
                               r"[A-Z][\w'’&-]*){0,6})$")
# `A Ministry of Fisheries spokesperson`: the body named before the word.
_BODY_SPOKESPERSON = re.compile(r"(?:[Aa]n?|[Tt]he)\s+([A-Z][\w'’&-]*(?:\s+(?:(?:of|for|and|on)\s+"
                                r"(?:the\s+)?)?[A-Z][\w'’&-]*){0,6})\s+(?:spokesperson|spokesman|"
                                r"spokeswoman|"
                                r"press officer)")
_SPOKESPERSON = re.compile(r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?(?:spokesperson|spokesman|spokeswoman|"
                           r"representative|press officer)(?:\s+(?:for|of|at)\s+.+)?", re.I)


_RELATIVE = re.compile(r"\s*(?:which|who|whose|that|where)\b")


def parse_who(who: str, at: int, mentions: Mentions) -> tuple[SpeakerMention | None, str]:
    """The speaker a phrase such as "Mayor Elena Ruiz" or "she" names, and how it was named:
    "named", "pronoun" or "" when it names nobody."""
    who = who.strip().strip(",").strip()
    if who.count(",") >= 2:
        # "Helen Marsh, a lawyer for the publisher, in a letter dated …": the name and one
        # appositive; what follows the second comma is about the saying, not the speaker.
        who = who[:who.index(",", who.index(",") + 1)].strip()
    words = who.split()
    while len(words) > 1 and words[0].strip(",") in LEADING:
        words = words[1:]
    while len(words) > 1 and words[-1] in TRAILING:
        words = words[:-1]  # Brennan later wrote
    who = " ".join(words)
    head, _, appositive = who.partition(",")
    if appositive and (_RELATIVE.match(appositive) or _SPOKESPERSON.fullmatch(head.strip())):
        # "X, which represents …", "a spokesperson for X, the system that owns …": the subject
        who, words = head.strip(), head.split()
    if not words or len(words) > 14:
        return None, ""
    if issued := _STATEMENT_FROM.fullmatch(who):
        return parse_who(issued.group(1), at, mentions)
    if _THE_STATEMENT.fullmatch(who):
        body = mentions.last_body(at)
        return (SpeakerMention(body.name, None, person=False), "named") if body else (None, "")
    body_before = _BODY_SPOKESPERSON.fullmatch(who)
    if body_before and body_before.group(1)[:1].isupper() and \
            body_before.group(1).split()[-1] not in TITLES:
        return SpeakerMention(body_before.group(1), None, person=False), "named"
    if _SPOKESPERSON.fullmatch(who):
        body_name = _SPOKESPERSON_FOR.fullmatch(who)
        if body_name is None or body_name.group(1).split()[-1] in TITLES:
            return None, ""
        return SpeakerMention(body_name.group(1), None, person=False), "named"
    if words[0].casefold() in PRONOUNS and len(words) == 1:
        mention = mentions.person_before(at, words[0])
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
    if words[0].casefold() in INDEFINITE or not (words[0][0].isupper() or full_after_descriptor):
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
    mentions.add(at, name, title, person=not organisation)
    return SpeakerMention(name, title, person=not organisation), "named"


def _name_and_descriptor(tokens: list[str]) -> tuple[list[str], list[str], bool] | None:
    """Split "Finance Minister Choi Sang-mok", "opposition lawmaker Park Min-su", "housing
    economist Lee Do-yun of Hanbit University" into the words before the name, the name and
    whether it is an organisation ("The Farm Bureau"); None when they name nobody."""
    for index, token in enumerate(tokens[1:-1], 1):
        # "… Lee Do-yun of Hanbit University": what follows a full name is about the person.
        if (token in AFTER_NAME and _capitalised_run(tokens[:index]) >= 2
                and tokens[index - 1] not in BODIES):
            tokens = tokens[:index]
            break
    if not tokens or len(tokens) > 10:  # "the … Department of Public Safety and Emergency …"
        return None
    organisation = tokens[0] in ("The", "the") and len(tokens) > 1 and tokens[1][:1].isupper()
    if organisation:
        tokens = tokens[1:]
    if (len(tokens) >= 3 and all(t[:1].isupper() or _within_a_name(t, i, tokens)
                                 or (t.isdigit() and i == len(tokens) - 1)  # "… Local 19"
                                 for i, t in enumerate(tokens))
            and not any(t in TITLES or t in OCCUPATIONS for t in tokens)):
        return [], tokens, True  # "Ministry of Finance", "Bank of Korea": a body
    # The name is the capitalised words after the last title or lowercase descriptor word.
    cut = len(tokens) - _capitalised_run(tokens)
    for index in range(len(tokens) - 2, cut - 1, -1):
        if tokens[index] in TITLES or tokens[index] in OCCUPATIONS:
            cut = index + 1
            break
    descriptor, name = tokens[:cut], tokens[cut:]
    if not name or len(name) > 4 or len(descriptor) > 5:
        return None
    # A descriptor in lower case ("opposition lawmaker") only before a full name, and never a
    # clause ("which Ruiz", "and Smith").
    lowercase = any(not t[:1].isupper() for t in descriptor)
    clause = any(t.casefold() in NOT_DESCRIPTORS and not _within_a_name(t, i, tokens)
                 for i, t in enumerate(descriptor))
    if lowercase and (len(name) < 2 or clause):
        return None
    return descriptor, name, organisation


def _within_a_name(token: str, index: int, tokens: list[str]) -> bool:
    """"of" inside a capitalised name: "Bank of Korea Governor Rhee Chang-yong"; "for" or "and"
    after the word for a body: "Department for Transport"; "and" after "of" in a body's name."""
    if not (0 < index < len(tokens) - 1 and tokens[index - 1][:1].isupper()
            and tokens[index + 1][:1].isupper()):
        return False
    if token == "of" or (token in ("for", "and") and tokens[index - 1] in BODIES):
        return True
    # "Department of Labor and Industry": "and" after "of" in the name of a body
    return token == "and" and any(t in BODIES for t in tokens[:index]) and "of" in tokens[:index]


def _name_after_descriptor(name_part: str, appositive: str) -> tuple[str, str] | None:
    """"the company's lawyer, Tom Reed": a descriptor, then the name between commas."""
    words = name_part.split()
    name = appositive.strip().rstrip(".,").split()
    if (not words or (words[0][:1].isupper() and words[0] != "The") or not 2 <= len(name) <= 4
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


def label_speaker(label: str, at: int, mentions: Mentions) -> SpeakerMention | None:
    """A transcript's speaker label, "CHIEF ANGELA MORROW" or "DELGADO", as a name; a title
    alone ("MAYOR", "THE GOVERNOR") is the person the text gave that title, or nobody; initials
    ("HR") are the one person the text names with them, or nobody."""
    words = [w if w.isupper() is False else _capitalised(w) for w in label.split()]
    if words and words[0] == "The":
        words = words[1:]
    if words and all(word in TITLES for word in words):
        mention = mentions.last_before(at, words[-1].casefold())
        return SpeakerMention(mention.name, mention.title) if mention else None
    if len(words) == 1 and _INITIALS.fullmatch(label):
        mention = mentions.by_initials(label)
        return SpeakerMention(mention.name, mention.title) if mention else None
    full = mentions.full_name(words[-1]) if len(words) > 1 else None
    if full is not None and _titles_of(words[:-1], full):
        return SpeakerMention(full.name, full.title)  # FIRE CHIEF FERREIRA: Samuel Ferreira
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


def _capitalised(word: str) -> str:
    """OKONKWO-BELL → Okonkwo-Bell, O'NEILL → O'Neill."""
    return "-".join("'".join(part.capitalize() for part in piece.split("'"))
                    for piece in word.split("-"))


def _titles_of(words: list[str], full: Mention) -> bool:
    """Whether the words before a surname in a label are titles, the person's own title's words
    (FIRE CHIEF of Fire Chief Samuel Ferreira) or the first name (SAMUEL)."""
    own = {w.casefold() for w in ((full.title or "") + " " + full.name).split()}
    return all(w in TITLES or w.casefold() in own for w in words)
