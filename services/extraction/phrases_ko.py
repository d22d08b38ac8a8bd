"""Korean noun phrases around a quote: the subject before or after it, the nouns right before a
headline quote, an anonymous subject, an age in brackets; and headline quotes set against each
other (`"…" vs "…"`)."""

import re
from dataclasses import replace

from services.extraction.korean_nlp import KoWord, name_shaped
from services.extraction.speakers_ko import ADVERBIALS, INDEFINITE, kind_word

_TOPIC = ("은", "는", "께서는")
_SUBJECT = ("이", "가", "께서", "도")
# 익명을 요구한 관계자, 익명을 전제로 한 의원: whoever follows is not named.
_ANONYMOUS_VERBS = ("요구한", "요청한", "전제로", "조건으로", "부탁한")

VERSUS = re.compile(r"[\"”’'」]\s*(?:vs\.?|VS\.?|대|對)\s*[\"“‘'「]")


def _noun(word: KoWord) -> bool:
    """A word of a speaker's noun phrase: not a time (이날, 14일), a connective or a verb."""
    return (not word.boundary and word.nominal and word.stem not in ADVERBIALS
            and not word.stem[:1].isdigit() and not (word.stem.isascii() and word.stem.islower()))


def _phrase_ending_at(words: list[KoWord], index: int) -> list[KoWord]:
    """The noun phrase whose last word is words[index]: the nouns before it, joined to it with
    no particle but the genitive 의."""
    phrase = [words[index]]
    earlier = words[:index]
    if len(earlier) >= 4 and [w.text for w in earlier[-3::2]] == ["(", ")"]:
        earlier = earlier[:-3]  # 이정숙(62) 씨: the age in brackets
    for word in reversed(earlier):
        if word.text in INDEFINITE or word.text == "한":
            phrase.insert(0, word)  # 한 중진 의원: kept, so that the phrase reads as anonymous
            break
        if not _noun(word) or word.particle not in ("", "의"):
            anonymous = _anonymity(earlier, word)
            if anonymous is not None:
                phrase.insert(0, anonymous)  # 익명을 요구한 여권 인사: read as anonymous
            break
        phrase.insert(0, word)
    return phrase


def _anonymity(earlier: list[KoWord], word: KoWord) -> KoWord | None:
    """The word 익명 when the phrase is introduced by 익명을 요구한/전제로/조건으로."""
    index = earlier.index(word)
    if index and word.text.startswith(_ANONYMOUS_VERBS) and earlier[index - 1].stem == "익명":
        return earlier[index - 1]
    return None


def subject_before(words: list[KoWord]) -> list[KoWord] | None:
    words = _age_before_particle(words)
    for particles in (_TOPIC, _SUBJECT):
        for index in range(len(words) - 1, -1, -1):
            word = words[index]
            if word.particle in particles and (_noun(word) or word.pronoun):
                return _phrase_ending_at(words, index)
    return None


def _age_before_particle(words: list[KoWord]) -> list[KoWord]:
    """`한 상인(54)은`: the particle after an age in brackets belongs to the noun before it."""
    if len(words) < 5 or [w.text for w in words[-4::2]] != ["(", ")"]:
        return words
    noun, age, particle = words[-5], words[-3], words[-1].text
    if not age.text.isdigit() or particle not in _TOPIC + _SUBJECT:
        return words
    return [*words[:-5], replace(noun, particle=particle, nominal=True)]


def subject_after(words: list[KoWord]) -> list[KoWord] | None:
    phrase: list[KoWord] = []
    for word in words[:6]:
        if not _noun(word):
            return None
        phrase.append(word)
        if word.particle in _TOPIC + _SUBJECT:
            return phrase
        if word.particle:
            return None
    return None


def kind_then_name(words: list[KoWord]) -> list[KoWord]:
    """`배우 김하은 "…"`: a name ending like a particle (은, 이) or a verb form, right after the
    word for what someone is, is the whole name."""
    if len(words) < 2 or not kind_word(words[-2].stem) or words[-2].particle:
        return words
    last = words[-1]
    if (last.nominal and not last.particle) or len(last.text) != 3 or not name_shaped(last.text):
        return words
    return [*words[:-1], replace(last, stem=last.text, particle="", nominal=True, proper=True)]


def direct_phrase(words: list[KoWord]) -> list[KoWord] | None:
    """Nouns right before a quote with no particle between: 한덕수 "…", 민주당 초선들 "…"."""
    phrase: list[KoWord] = []
    for word in reversed(words):
        if not _noun(word) or word.particle:
            if phrase and (word.text in INDEFINITE or word.text == "한"):
                phrase.insert(0, word)  # 한 교육청 관계자 "…": kept, so that it reads as anonymous
            break
        phrase.insert(0, word)
    return phrase or None
