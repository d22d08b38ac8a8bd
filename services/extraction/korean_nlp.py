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
# Nouns of one syllable that take 은/는 as subjects (그는, 당은, 시는); any other syllable before
# 은/는 is a verb's stem (못 박은 뒤, 수문을 닫는, 묻는 질문에).
_ONE_SYLLABLE_NOUNS = frozenset("그당시도군구청부처원측팀사국실과위회단소동읍면씨님분쪽곳")
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
    "씨", "군", "양", "옹", "여사", "군수", "교육감", "구청장", "전무", "상무", "간사", "목사", "스님",
    "교사", "의사", "간호사", "약사", "회계사", "세무사", "노무사", "평론가", "애널리스트",
    "이코노미스트", "주무관", "사무관", "서기관", "경감", "경정", "총경", "경위", "대령", "중령", "소령")
_FORMER = ("전", "현", "前", "당시", "신임", "초대")


def title_like(stem: str) -> bool:
    """A title (대표, 제1차관, 원내대변인) or a word before one (전 총리)."""
    return stem.endswith(TITLE_SUFFIXES) or stem in _FORMER


# Bodies by their usual short forms (한은 is not 한 with the particle 은), and the endings of
# a ministry's, agency's or office's name (해수부, 국세청, 인사처, 공정거래위원회).
ORG_SHORT_FORMS = frozenset((
    "한은", "금감원", "금융위", "공정위", "선관위", "방통위", "권익위", "인권위", "국정원", "감사원",
    "기재부", "해수부", "산업부", "국토부", "복지부", "행안부", "과기부", "과기정통부", "문체부",
    "농식품부", "고용부", "환경부", "여가부", "중기부", "보훈부", "법무부", "교육부", "외교부",
    "국방부", "통일부", "식약처", "질병청", "기상청", "경찰청", "국세청", "관세청", "조달청",
    "한전", "코레일", "건보공단", "국민연금공단", "전경련", "경총", "대한상의", "민주노총", "한국노총",
    "헌재", "대법", "대법원", "중앙지검", "공수처", "합참", "국수본"))
_ORG_ENDINGS = ("부", "처", "청", "위원회", "공사", "공단", "은행", "재단", "협회", "연맹", "노총",
                "지검", "지법", "고법", "법원")
_NOT_ORGS = ("주부", "청소부", "잠수부", "농부", "광부", "어부", "인부", "간부", "내부", "외부", "전부",
             "일부", "신부", "형부", "정부", "지도부")  # people, parts; 정부 is an institution of its own


def organisation(stem: str) -> bool:
    """A body by its name or short form: 교육부, 해수부, 한은, 한국은행, 금융위원회."""
    return stem in ORG_SHORT_FORMS or (len(stem) >= 3 and hangul(stem)
                                       and stem.endswith(_ORG_ENDINGS)
                                       and not _not_an_org(stem) and not title_like(stem))


def _not_an_org(stem: str) -> bool:
    """주부, 청소부, 일부: a person or a part, not a body; but a long name ending in one of those
    words (기획재정부, 행정안전부) is a ministry."""
    return any(stem.endswith(word) and len(stem) - len(word) <= 1 for word in _NOT_ORGS)


def _short_form(text: str) -> tuple[str, str] | None:
    """한은, 한은은, 한은이: a short form, and the particle after it."""
    for cut in (len(text), len(text) - 1, len(text) - 2):
        if cut > 1 and text[:cut] in ORG_SHORT_FORMS and text[cut:] in ("", *_PARTICLES):
            return text[:cut], text[cut:]
    return None


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
        words = [self._word(word) for word in words_of(source, start, end)]
        for index in range(len(words) - 1):
            word = words[index]
            if (word.particle and name_shaped(word.text) and not words[index + 1].boundary
                    and title_like(words[index + 1].stem)):
                # 송이 교수, 김지은 의원: no particle comes between a name and its title.
                words[index] = KoWord(word.start, word.end, word.text, word.text, "", True, True)
        return _departments(words)

    @staticmethod
    def _word(word) -> KoWord:  # type: ignore[no-untyped-def]
        if word.boundary:
            return KoWord(word.start, word.end, word.text, word.text, "", False, False, True)
        short = _short_form(word.text)
        if short:
            return KoWord(word.start, word.end, word.text, *short, True, True)
        stem, particle = split_particle(word.text)
        nominal = not stem.endswith(_VERBAL_ENDINGS) or name_shaped(stem) or title_like(stem)
        if len(stem) == 1 and particle in ("은", "는") and stem not in _ONE_SYLLABLE_NOUNS:
            nominal = False  # 박은, 닫는, 묻는, 같은: a verb's stem before its ending, not a name
        proper = name_shaped(stem) or any(char.isupper() for char in stem)
        return KoWord(word.start, word.end, word.text, stem, particle, nominal, proper)


def _departments(words: list[KoWord]) -> list[KoWord]:
    """물류학과 교수, 교통안전과 관계자: a department's 과 right before a title or 관계자 is
    part of its name, not the particle "and"."""
    for index in range(len(words) - 1):
        word, following = words[index], words[index + 1]
        if (word.particle == "과" and len(word.text) >= 4 and not following.boundary
                and (title_like(following.stem) or following.stem.startswith("관계자"))):
            words[index] = KoWord(word.start, word.end, word.text, word.text, "", True,
                                  word.proper, tagged=word.tagged)
    return words


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
            if inside and not _short_form(word.text):
                found.append(_unknown_name(_kiwi_word(word, inside, start), word))
            else:
                found.append(RuleAnalyzer._word(word))  # 한은: Kiwi reads 한 + 은
        return _departments(found)


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


# Kiwi reads a name it does not know as pieces (임채원: 임 + 채 + 원) of these kinds, never as
# a noun it knows of two syllables or more (신도시: 신 + 도시) nor with a suffix or an ending.
_PIECES = ("NNP", "NNG", "NNB", "NR", "NP", "MAG", "MAJ", "MM", "IC")
# The last syllables of places, bodies, brands and counts, not of given names: 서울시, 강남구,
# 남해군, 강원도, 민주당, 안전과, 정비창, 사흘째, 이마트.
_NOT_NAME_ENDINGS = ("시", "군", "구", "도", "읍", "면", "동", "당", "과", "창", "국", "청", "부", "처",
                     "위", "째", "회", "사", "관", "트", "브", "계", "꾼", "생", "단", "실", "팀", "소")


def _unknown_name(kiwi_word: KoWord, word) -> KoWord:  # type: ignore[no-untyped-def]
    """A name-shaped word of three syllables (or a double surname and two) that Kiwi does not
    know is a name: invented and rare names (임채원, 오세린) are read as pieces in context and
    would otherwise be common nouns, while 전문가 or 신도시 are words Kiwi knows."""
    rule = RuleAnalyzer._word(word)
    stem = rule.stem
    if kiwi_word.proper and kiwi_word.nominal and kiwi_word.stem == stem:
        return kiwi_word  # a name Kiwi knows, read whole
    if (not rule.proper or not hangul(stem) or not name_shaped(stem) or title_like(stem)
            or organisation(stem)
            or not (len(stem) == 3 or (len(stem) == 4 and stem[:2] in SURNAMES))):
        return kiwi_word
    if stem.endswith(_NOT_NAME_ENDINGS) or not _unknown_to_kiwi(stem):
        return kiwi_word
    return KoWord(word.start, word.end, word.text, stem, rule.particle, True, True, tagged=True)


@lru_cache(maxsize=4096)
def _unknown_to_kiwi(stem: str) -> bool:
    """Kiwi, asked about `stem 씨가` (a name's usual frame), reads it as one proper noun, or
    splits it into two or more pieces, none a word it knows of two syllables or more (but a
    given name after a surname: 김 + 지은)."""
    pieces = [(form, tag, at) for form, tag, at in _tokens(f"{stem} 씨가") if at < len(stem)]
    if len(pieces) == 1:
        return pieces[0][1] == "NNP" and len(pieces[0][0]) == len(stem)  # 오채린: a name
    return len(pieces) >= 2 and all(
        tag.startswith(_PIECES) and (len(form) < 2 or tag == "MAG" or (tag == "NNP" and index))
        for index, (form, tag, _at) in enumerate(pieces))


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
