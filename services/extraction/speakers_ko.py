"""Who a Korean noun phrase names: a person with a title, a camp (측), an organisation's
official (관계자), an organisation, a back-reference (강 대표, 그는), or nobody a claim can be
given to (한 중진 의원, 지지자들)."""

import re
from dataclasses import dataclass, field

from services.extraction.korean_nlp import SURNAMES, KoWord, name_shaped, organisation, title_like
from services.extraction.model import SpeakerMention

# Definite institutions a common noun names; any proper noun names someone too.
INSTITUTIONS = frozenset(("정부", "대통령실", "청와대", "경찰", "검찰", "법원", "국회", "여당", "야당",
                          "당국", "군", "군당국", "합참", "방역당국", "보건당국", "금융당국",
                          "소방당국", "교육당국", "외교부", "국방부", "통일부", "백악관"))
# Heads that are no speaker: places and relations (국회 앞) and actions (…겨냥, 촉구).
_NOT_HEADS = frozenset(("앞", "뒤", "옆", "위", "속", "안", "밖", "내", "중", "후", "간", "사이",
                        "겨냥", "관련", "대상", "상대", "촉구", "비판", "논란", "반발", "주장", "발언",
                        "입장", "공세"))
INDEFINITE = frozenset(("어느", "모", "일부", "몇몇", "익명의", "익명", "다른"))
# Words that set a time or join clauses, not part of who speaks.
ADVERBIALS = frozenset(("이날", "오늘", "어제", "내일", "지난", "당시", "최근", "현재", "이후", "한편",
                        "또", "또한", "이어", "이어서", "특히", "다만", "그러면서", "아울러", "앞서",
                        "동시에", "즉", "반면", "하지만", "그러나", "그런데", "그래서", "이에", "이번",
                        "올해"))
_ROLES = ("관계자", "대변인", "측근", "관계자들")
# 관계자 is named only by a particular body before it (한국은행 관계자); of a kind of body, a
# camp or a sector (여당 관계자, 정부 고위 관계자, 당 핵심 관계자, 검찰 관계자) it is anonymous.
_UNSPECIFIC_BODIES = frozenset((
    "정부", "여당", "야당", "당", "여권", "야권", "당국", "정치권", "정계", "재계", "업계", "금융권",
    "경찰", "검찰", "군", "학계", "법조계", "의료계", "교육계", "노동계", "시민단체", "단체", "업체",
    "회사", "기업", "학교", "병원", "구단", "캠프", "당내", "여야", "외교가", "정보당국", "방역당국",
    "보건당국", "금융당국", "소방당국", "교육당국", "군당국", "수사당국", "외교", "안보", "대북",
    "통상", "산업", "지도부", "지자체", "지방자치단체", "은행", "증권가", "시장", "현지", "내부"))
# What may stand between a body and its 관계자: 한국은행 고위 관계자, 여당 핵심 관계자.
_OFFICIAL_MODIFIERS = frozenset(("고위", "핵심", "고위급", "주요", "실무", "복수의", "복수", "전직",
                                 "현직", "고위직", "최고위", "핵심부", "또다른", "다른"))
# A department's last syllable: 교통안전과, 기획조정실, 홍보팀, 정책국.
_DEPARTMENTS = ("과", "실", "팀", "국", "센터", "본부")
_REMEMBERED = 200
# What someone or something is, written before the name: 배우 이서윤, 업체 쿡런.
# A sport before a player's name, as sports pages print it: 쇼트트랙 이름 "…".
_SPORTS = frozenset(("축구", "야구", "농구", "배구", "골프", "테니스", "수영", "피겨", "쇼트트랙",
                     "스피드스케이팅", "체조", "양궁", "유도", "태권도", "탁구", "배드민턴", "육상",
                     "역도", "펜싱", "복싱", "씨름", "스키", "컬링", "사격", "레슬링", "마라톤", "바둑"))
_BODY_KINDS = frozenset(("업체", "기업", "회사", "브랜드", "스타트업", "플랫폼", "그룹", "단체", "재단",
                         "제작사", "배급사", "운영사", "앱", "소속사", "시민단체", "구단", "제조사",
                         "출판사", "연구기관"))
_KINDS = _BODY_KINDS | frozenset(("배우", "가수", "방송인", "개그맨", "개그우먼", "모델", "작가", "소설가",
                                  "시인", "화가", "감독", "선수", "코치", "유튜버", "셰프", "디자이너",
                                  "피아니스트", "바이올리니스트", "래퍼", "아나운서", "평론가")) | _SPORTS
# A sector speaks for nobody in particular: 플랫폼 업계, 의료계.
_SECTORS = frozenset(("업계", "재계", "학계", "정치권", "정계", "금융권", "의료계", "법조계", "교육계",
                      "노동계", "산업계", "관가", "정가", "시민사회", "업계 일각", "일각", "안팎"))
_GENERIC_BODIES = frozenset(("소속사", "업체", "회사", "기업", "구단", "제작사", "배급사", "운영사",
                             "주최측", "주최 측", "노조", "노동조합", "조합"))
_ANONYMISED = re.compile(r"[A-Z]{1,2}(?:씨|양|군)?")


@dataclass
class KoreanState:
    """Who the text has named so far: persons for back-references (the latest last, at most
    _REMEMBERED of them), and the last speaker."""

    persons: dict[str, SpeakerMention] = field(default_factory=dict)
    last: SpeakerMention | None = None
    last_paragraph: int = -10

    def spoke(self, speaker: SpeakerMention, paragraph: int) -> None:
        self.last, self.last_paragraph = speaker, paragraph
        if not speaker.person:
            return
        self.persons.pop(speaker.name, None)
        self.persons[speaker.name] = SpeakerMention(speaker.name, speaker.title)
        if len(self.persons) > _REMEMBERED:
            del self.persons[next(iter(self.persons))]

    def by_surname(self, surname: str, title: str | None) -> SpeakerMention | None:
        matches = [p for p in self.persons.values() if p.name.startswith(surname)
                   and len(p.name) > 1]
        if title:
            titled = [p for p in matches if p.title and title.split()[-1] in p.title]
            matches = titled or matches
        return matches[-1] if matches else None

    def last_person(self) -> SpeakerMention | None:
        return next(reversed(self.persons.values()), None)


@dataclass(frozen=True)
class Parsed:
    speaker: SpeakerMention | None
    how: str  # "named", "reference", "pronoun", "rejected"
    resolved: bool = True


REJECTED = Parsed(None, "rejected")


def parse_phrase(words: list[KoWord], state: KoreanState) -> Parsed:
    """The speaker a noun phrase (particles already taken off its last word) names."""
    stems = [w.stem for w in words]
    if not stems or any("·" in s for s in stems):
        return REJECTED  # nobody, or several people at once
    if stems[0] in INDEFINITE or (stems[0] == "한" and len(stems) > 1 and not title_like(stems[1])):
        return REJECTED  # anonymous: 한 중진 의원, 어느 관계자
    if any(len(s) == 2 and s[1] == "모" and s[0] in SURNAMES for s in stems):
        return REJECTED  # 최모 씨: withheld
    if any(_ANONYMISED.fullmatch(s) for s in stems):
        return REJECTED  # 배우 A씨: a person the text will not name
    if stems[-1] in _SECTORS or (len(stems) == 1 and stems[0] in _GENERIC_BODIES):
        return REJECTED  # 플랫폼 업계, 소속사: a sector or a body nobody named
    if len(stems) == 1 and words[0].pronoun:
        person = state.last_person()
        return Parsed(person, "pronoun") if person else REJECTED
    role = None
    if len(stems) > 2 and stems[-2] == "측" and stems[-1] in _ROLES:
        role, stems, words = "측", stems[:-2], words[:-2]
    elif len(stems) > 1 and stems[-1] == "측":
        role, stems, words = "측", stems[:-1], words[:-1]
    elif stems[-1].endswith("측") and len(stems[-1]) > 2:
        role, stems = "측", [*stems[:-1], stems[-1][:-1]]
    if stems[-1] in _NOT_HEADS:
        return REJECTED
    kind_at = max((i for i, s in enumerate(stems[:-1]) if s in _KINDS), default=None)
    if (kind_at is not None and not title_like(stems[-1]) and len(stems) - kind_at - 1 <= 2
            and not stems[-1].startswith(_ROLES)):
        # 배우 이서윤, 2위 업체 쿡런: the word for what someone is, then the name
        name, kind = " ".join(stems[kind_at + 1:]), stems[kind_at]
        return Parsed(SpeakerMention(name, kind, role, person=kind not in _BODY_KINDS), "named")
    if role is None and stems[-1].startswith("관계자"):
        return _official(words, stems)
    if len(stems) == 1 and organisation(stems[0]):
        return Parsed(SpeakerMention(stems[0], None, role, person=False), "named")
    if (len(stems) > 2 and len(stems[-2]) == 1 and stems[-2] in SURNAMES and title_like(stems[-1])
            and stems[-2] not in ("전", "현", "前") and not title_like(stems[-3])):  # not 오 전 총리
        stems, words = stems[-2:], words[-2:]  # 12년을 뛴 오 감독: a clause before 오 감독
    if len(stems) >= 2 and stems[0] in SURNAMES and all(title_like(s) for s in stems[1:]):
        found = state.by_surname(stems[0], " ".join(stems[1:]))
        if found:
            return Parsed(SpeakerMention(found.name, found.title, role), "reference")
        return Parsed(SpeakerMention(" ".join(stems), None, role), "reference", resolved=False)
    person_at = _person_index(words, stems)
    if person_at is not None:
        title = " ".join(s for i, s in enumerate(stems) if i != person_at) or None
        return Parsed(SpeakerMention(stems[person_at], title, role), "named")
    if role is None and len(stems) > 1 and stems[-1] in _ROLES:
        role, stems, words = _role_of(stems[-1]), stems[:-1], words[:-1]
    if not _names_someone(words, stems) or all(title_like(s) for s in stems):
        return REJECTED  # a title alone (교수 "…") names nobody
    return Parsed(SpeakerMention(" ".join(stems), None, role, person=False), "named")


def _official(words: list[KoWord], stems: list[str]) -> Parsed:
    """`한국은행 고위 관계자`: the body's official; `여당 관계자`, `정부 고위 관계자`: nobody."""
    body = stems[:-1]
    while body and body[-1] in _OFFICIAL_MODIFIERS:
        body = body[:-1]
    while len(body) > 1 and body[-1].endswith(_DEPARTMENTS) and organisation(body[-2]):
        body = body[:-1]  # 경찰청 교통안전과 관계자: the body speaks, not its department
    kept = words[:len(body)]
    # 민주당 지도부 관계자 is named by 민주당; with the rules, any word may be a body's name.
    if not any(stem not in _UNSPECIFIC_BODIES and (organisation(stem) or stem in INSTITUTIONS
                                                   or word.proper or not word.tagged)
               for word, stem in zip(kept, body, strict=True)):
        return REJECTED
    return Parsed(SpeakerMention(" ".join(body), None, "관계자", person=False), "named")


def _role_of(stem: str) -> str:
    return "관계자" if stem.startswith("관계자") else "대변인" if stem == "대변인" else "측"


def _person_index(words: list[KoWord], stems: list[str]) -> int | None:
    """The word that is a person's name: name-shaped (and, with kiwipiepy, tagged a proper
    noun), alone or in a phrase that ends with a title (강태윤 미래연대당 대표)."""
    if len(stems) > 1 and not title_like(stems[-1]):
        return None
    found = [(_name_rank(stem), index)
             for index, (word, stem) in enumerate(zip(words[:-1] or words, stems, strict=False))
             if name_shaped(stem) and word.proper]
    return min(found)[1] if found else None


_PLACE_ENDINGS = ("동", "구", "군", "면", "읍", "리", "시")


def _name_rank(stem: str) -> float:
    """How name-like a name-shaped word is, best first: three syllables (most Korean names) or
    a double surname and two; then two (조국); then four, which is more often a party or a
    body (국민의힘 김용태 위원장); a title (국무총리) last."""
    if title_like(stem):
        return 3
    if len(stem) == 3 and stem.endswith(_PLACE_ENDINGS):
        return 1.5  # 남산동, 송림군: a place, unless no other name is beside it
    if len(stem) == 3 or (len(stem) == 4 and stem[:2] in SURNAMES):
        return 0
    return 1 if len(stem) == 2 else 2


def _names_someone(words: list[KoWord], stems: list[str]) -> bool:
    if len(stems) == 1 and stems[0].endswith("들") and not (words[0].tagged and words[0].proper):
        return False  # a lone plural common noun (지지자들, 시민단체들) is an unnamed crowd
    if stems[-1] in INSTITUTIONS or organisation(stems[-1]) or any(w.proper for w in words):
        return True
    # kiwipiepy tells common nouns (전문가, 주민) from names; the rules cannot, and let them be.
    return not any(w.tagged for w in words)


def kind_word(stem: str) -> bool:
    """What someone is or does (배우, 가수, 쇼트트랙), as a word before a name."""
    return stem in _KINDS and stem not in _BODY_KINDS
