"""Korean words as extraction needs them: the stem without its particle, whether it is a noun,
whether it is a proper noun. Two analyzers: kiwipiepy's morphological analysis (the `korean`
extra) and a rule-only fallback that guesses from particle and ending lists."""

import importlib.util
import threading
from dataclasses import dataclass
from functools import lru_cache

from services.extraction.scan import words_of

# Longest first: the first that ends a word is its particle.
_PARTICLES = ("께서는", "에서는", "에게서", "으로서", "께서", "에서", "에게", "으로", "부터", "까지",
              "처럼", "보다", "에는", "와의", "과의", "은", "는", "이", "가", "을", "를", "의", "에",
              "와", "과", "로", "도", "만", "께")
# Endings that make a word a verb, an adjective or an adverbial clause rather than a noun.
_VERBAL_ENDINGS = ("다", "고", "며", "서", "면", "게", "지", "요", "죠", "까", "니", "네", "데", "던",
                   "려", "러", "도록", "듯", "한", "된", "할", "될", "인", "운", "었", "았", "겠",
                   "으며", "면서")
SURNAMES = frozenset(
    [
        "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황",
        "안", "송", "류", "유",
        "전", "홍", "고", "문", "양", "손", "배", "백", "허", "남", "심", "노", "하", "곽", "성", "차",
        "주", "우", "구", "민",
        "진", "나", "지", "엄", "채", "원", "천", "방", "공", "현", "함", "변", "염", "여", "추", "도",
        "소", "석", "선", "설",
        "마", "길", "연", "위", "표", "명", "기", "반", "왕", "금", "옥", "육", "인", "맹", "제", "모",
        "탁", "국", "어", "은",
        "편", "용", "예", "경", "봉", "사", "부", "황보", "남궁", "제갈", "선우", "독고", "사공",
    ])
PRONOUNS = frozenset(("그", "그녀", "그들", "이들"))
TITLE_SUFFIXES = (
    "대표", "장관", "차관", "의원", "위원", "위원장", "후보", "대통령", "총리", "대변인", "총장", "처장",
    "청장", "시장", "지사", "교수", "앵커", "기자", "회장", "사장", "이사", "총재", "실장", "비서관",
    "수석", "변호사", "판사", "검사", "국장", "과장", "팀장", "원장", "소장", "센터장", "감독", "의장",
    "대행", "고문", "특보", "CEO", "대표이사", "부총리", "연구원", "연구위원", "박사", "본부장", "단장",
    "원내대표", "사무총장", "장", "관", "선수", "코치", "작가", "주교", "추기경", "교황", "사무처장",
    "씨", "군", "양", "옹", "여사")
_FORMER = ("전", "현", "前", "당시", "신임", "초대")


def title_like(stem: str) -> bool:
    """A title (대표, 제1차관, 원내대변인) or a word before one (전 총리)."""
    return stem.endswith(TITLE_SUFFIXES) or stem in _FORMER
_KIWI_NOMINAL = ("NN", "NR", "NP", "SL", "SH", "SN", "XSN", "XPN", "SO", "SW", "SP", "MM")


@dataclass(frozen=True)
class KoWord:
    start: int
    end: int
    text: str
    stem: str
    particle: str
    nominal: bool
    proper: bool
    boundary: bool = False
    tagged: bool = False  # by kiwipiepy, rather than guessed by rules

    @property
    def pronoun(self) -> bool:
        return self.stem in PRONOUNS


def hangul(text: str) -> bool:
    return bool(text) and all("\uac00" <= char <= "\ud7a3" for char in text)


def name_shaped(word: str) -> bool:
    """A Korean personal name: a surname and one to three syllables, written together."""
    if not hangul(word) or not 2 <= len(word) <= 4 or word.endswith("들"):
        return False  # 들 makes a plural: 지지자들 is a crowd, not 지 someone
    if len(word) == 2 and word[1] == "모":
        return False  # 최모 씨: a name the paper withholds
    return word[0] in SURNAMES or (len(word) >= 3 and word[:2] in SURNAMES)


class RuleAnalyzer:
    name = "rules"

    def analyse(self, source: str, start: int, end: int, context_end: int) -> list[KoWord]:
        return [self._word(word) for word in words_of(source, start, end)]

    @staticmethod
    def _word(word) -> KoWord:  # type: ignore[no-untyped-def]
        if word.boundary:
            return KoWord(word.start, word.end, word.text, word.text, "", False, False, True)
        stem, particle = split_particle(word.text)
        nominal = not stem.endswith(_VERBAL_ENDINGS) or name_shaped(stem) or title_like(stem)
        proper = name_shaped(stem) or any(char.isupper() for char in stem)
        return KoWord(word.start, word.end, word.text, stem, particle, nominal, proper)


def split_particle(text: str) -> tuple[str, str]:
    for particle in _PARTICLES:
        if text.endswith(particle) and len(text) > len(particle):
            return text[: -len(particle)], particle
    return text, ""


class KiwiAnalyzer:
    """kiwipiepy's tags for each word, from an analysis of the window with some words of
    context after it. At most `budget` analyses per extraction; the rest fall back to rules,
    so a text of a megabyte of quotes stays within its time."""

    name = "kiwipiepy"

    def __init__(self, budget: int = 2000) -> None:
        self.budget = budget
        self.fell_back = False
        self._rules = RuleAnalyzer()

    def analyse(self, source: str, start: int, end: int, context_end: int) -> list[KoWord]:
        if self.budget <= 0:
            self.fell_back = True
            return self._rules.analyse(source, start, end, context_end)
        self.budget -= 1
        tokens = _tokens(source[start:context_end])
        found = []
        for word in words_of(source, start, end):
            if word.boundary:
                found.append(KoWord(word.start, word.end, word.text, word.text, "", False, False,
                                    True))
                continue
            inside = [(form, tag, at) for form, tag, at in tokens
                      if word.start - start <= at < word.end - start]
            found.append(_kiwi_word(word, inside, start) if inside else RuleAnalyzer._word(word))
        return found


def _kiwi_word(word, tokens: list[tuple[str, str, int]], base: int) -> KoWord:  # type: ignore[no-untyped-def]
    cut = len(tokens)
    # Vocative 아/야 never follows a speaker in news: 윤정아 is a name, not 윤정 called out to.
    while cut > 1 and tokens[cut - 1][1].startswith("J") and tokens[cut - 1][1] != "JKV":
        cut -= 1
    stem_end = tokens[cut][2] + base - word.start if cut < len(tokens) else len(word.text)
    stem = word.text[:stem_end] or word.text
    particle = word.text[len(stem):]
    body = tokens[:cut]
    nominal = all(tag.startswith(_KIWI_NOMINAL) or tag == "JKV" for _form, tag, _at in body)
    proper = any(tag == "NNP" for _form, tag, _at in body)
    return KoWord(word.start, word.end, word.text, stem, particle, nominal, proper, tagged=True)


_kiwi = None
_kiwi_lock = threading.Lock()


def kiwi_available() -> bool:
    return importlib.util.find_spec("kiwipiepy") is not None


def _load():  # type: ignore[no-untyped-def]
    global _kiwi
    with _kiwi_lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            kiwi = Kiwi()
            kiwi.tokenize("모델을 미리 읽어 둔다")  # the first analysis loads the rest of the model
            _kiwi = kiwi
    return _kiwi


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[tuple[str, str, int], ...]:
    kiwi = _load()
    with _kiwi_lock:  # one analysis at a time: gunicorn's threads share the model
        return tuple((token.form, token.tag, token.start) for token in kiwi.tokenize(text))


def make_analyzer(choice: str = "auto") -> RuleAnalyzer | KiwiAnalyzer:
    """`auto`: kiwipiepy when it is installed; `kiwipiepy`: it, or an error; `rules`: never it."""
    if choice == "rules" or (choice == "auto" and not kiwi_available()):
        return RuleAnalyzer()
    if not kiwi_available():
        raise RuntimeError("kiwipiepy is not installed: pip install 'quotecheck[korean]'")
    _load()
    return KiwiAnalyzer()
