"""Korean quoted speech in headlines and body text: who said each quote.

Body text: "…"(이)라고/고/며 말했다, with the speaker as the subject before the quote (강 대표는
"…"고 말했다), after it ("…"고 최민호 사무총장은 말했다), the speaker of the quote before it
in the same sentence ("…"며 "…"고), a pronoun (그는) or, with no subject at all, the last
speaker. Headlines: the speaker right before the quote (한덕수 "…", 한덕수 측 "…"), the
headline's topic (이재명, … "…"), or a speaker right after a leading quote ("…"…강태윤, …).
"""

import re
from itertools import takewhile

from services.extraction.dashes_ko import dash_byline
from services.extraction.korean_nlp import KoWord, hangul, title_like
from services.extraction.model import SpeakerMention
from services.extraction.noise import (
    SCARE_CUES_KO,
    content_range,
    is_headline_like,
    without_columns,
)
from services.extraction.phrases_ko import (
    VERSUS,
    direct_phrase,
    kind_then_name,
    subject_after,
    subject_before,
)
from services.extraction.scan import Found, Line, Quote, quotes_in, sentences
from services.extraction.speakers_ko import (
    KoreanState,
    Parsed,
    parse_phrase,
)

_QUOTATIVE = ("이라면서", "라면서", "이라고", "이라며", "면서", "라고", "라며", "며", "고")
# "…"이라는 입장을 밝혔다: an adnominal ending, then a noun that names what was said.
_ADNOMINAL = ("이라는", "라는", "는")
_SAID_NOUNS = ("입장", "뜻", "말", "주장", "의견", "견해", "취지", "답", "답변", "설명", "지적", "메시지",
               "반응", "논평", "발언")
# "…" 정 대표는 이렇게 강조했다: the words that point back to a quote before its speaker.
_POINTING_BACK = ("이렇게", "이같이", "이처럼", "그렇게")
_SPEECH = ("double", "corner")
# `'…'이라고 비판했다`, `'…'라고 부른다`: the verbs that name or brand a thing.
_NAMING_ENDINGS = ("이라고", "라고", "이라며", "라며", "이라면서", "라면서")
_NAMING_VERBS = ("부르", "부른", "부를", "불러", "불렀", "불린", "불리", "칭하", "칭한", "칭했", "일컫",
                 "규정", "비판", "비난", "꼬집", "평가", "표현", "지칭", "명명", "혹평", "비꼬", "비꼰",
                 "조롱", "묘사", "규탄")
# `"…"는 게 하 교수의 설명이다`: the speaker in a genitive after the quote.
_GENITIVE_OWNER = re.compile(r"(?:이라는|라는|는|란)\s*(?:게|것이|것은)\s+"
                             r"([가-힣]+(?:\s+[가-힣]+){0,3}?)의\s+(?:설명|주장|입장|지적|생각|분석|진단|전망|견해|평가|얘기|말)(?:이다|이었다|입니다|이에요|이죠)")
_LABEL_MAX_WORDS = 3
# How a quoted clause ends (다, 요, 까 …): words someone said, not a label.
_CLAUSE_ENDS = ("다", "요", "까", "죠", "네", "라", "자", ".", "!", "?", "냐", "나", "지")
_CLOSERS = "\"”’」'"
_WINDOW = 150  # characters looked at before a quote; Korean subjects sit close to their quote


class KoreanQuotes:
    def __init__(self, source: str, analyzer, state: KoreanState) -> None:  # type: ignore[no-untyped-def]
        self.source, self.analyzer, self.state = source, analyzer, state

    def line(self, line: Line, paragraph: int, quotes: list[Quote] | None = None) -> list[Found]:
        start, end = content_range(line)
        quotes = [q for q in (quotes if quotes is not None else quotes_in(line))
                  if start <= q.open and q.close < end]
        if not quotes:
            return []
        headline = is_headline_like(self.source, start, end)
        topic = self._topic(start, quotes[0].open) if headline else None
        found: list[Found] = []
        at = 0  # quotes and sentences both run in order: one pass over each
        for sentence_start, sentence_end in sentences(self.source, start, end, quotes):
            chain: SpeakerMention | None = None
            previous_end = sentence_start
            in_sentence = []
            while at < len(quotes) and quotes[at].open < sentence_end:
                if quotes[at].open >= sentence_start:
                    in_sentence.append(quotes[at])
                at += 1
            for quote in in_sentence:
                result = self._quote(quote, previous_end, sentence_end, headline, topic, chain,
                                     paragraph)
                previous_end = quote.close + 1
                if result is None:
                    continue
                parsed, pattern = result
                assert parsed.speaker is not None
                chain = parsed.speaker
                if parsed.resolved:
                    self.state.spoke(parsed.speaker, paragraph)
                found.append(Found(quote, parsed.speaker, pattern, parsed.resolved,
                                   (sentence_start, sentence_end)))
        return found

    def _quote(self, quote: Quote, previous_end: int, sentence_end: int, headline: bool,
               topic: Parsed | None, chain: SpeakerMention | None,
               paragraph: int) -> tuple[Parsed, str] | None:
        if quote.kind not in ("double", "corner", "single") or not quote.closed:
            return None
        window_start = max(previous_end, quote.open - _WINDOW)
        if (window_start == previous_end and self.source[window_start - 1:window_start] in _CLOSERS
                and self._ending(window_start)):
            # "…"면서도 "…": the words before this quote start with the last one's ending,
            # which is not a noun (Kiwi, seeing it alone, may tag 면서 one).
            space = self.source.find(" ", window_start, quote.open)
            window_start = space if space != -1 else quote.open
        before = self.analyzer.analyse(self.source, window_start, quote.open,
                                       min(quote.end, quote.open + 20))
        if before and not before[-1].boundary and before[-1].text.endswith(SCARE_CUES_KO):
            return None  # 이른바 '…'
        if quote.kind in _SPEECH and (owner := self._genitive_owner(quote.close + 1)):
            return owner  # "…"는 게 하 교수의 설명이다
        ending = self._ending(quote.close + 1)
        if ending is None:
            return None  # '…'에, '…'는, 「…」을: the quote is a noun, not speech
        if ending and self._characterisation(quote, ending):
            return None  # '탁상 행정'이라고 비판했다, '죽음의 커브'라고 부른다: a label
        if ending:
            return self._attributed(quote, before, ending, sentence_end, chain, paragraph)
        if quote.kind in _SPEECH and (byline := dash_byline(self.source, quote.close + 1)):
            return Parsed(byline[0], "named"), "ko-quote-dash-byline"
        if headline and VERSUS.search(self.source, max(0, quote.open - 6), quote.end + 6):
            return None  # "…" vs "…": two sides' slogans set against each other, no one's words
        if headline and topic is not None and quote.kind in _SPEECH:
            return topic, "ko-headline-topic"
        if not headline and quote.kind in _SPEECH and all(w.boundary for w in before):
            return self._pointed_back(quote, sentence_end)
        if headline and self._object_of_the_headline(quote):
            return None  # K리그 '잔디 리스크' 손본다: the quote is what the verb acts on
        direct = direct_phrase(kind_then_name(before))
        if direct:
            parsed = parse_phrase(direct, self.state)
            return (parsed, "ko-headline-speaker-before") if parsed.speaker else None
        if headline and quote.kind in _SPEECH and all(w.boundary for w in before):
            return self._speaker_after(quote)
        return None

    def _ending(self, at: int) -> str | None:
        """The quotative ending right after a quote ("" when none), or None when a particle or
        another ending makes the quote part of a word."""
        rest = self.source[at:at + 12]
        if not rest or not hangul(rest[0]):
            return ""
        for ending in _QUOTATIVE:
            if rest.startswith(ending):
                return ending
        for ending in _ADNOMINAL:
            if rest.startswith(ending) and rest[len(ending):].lstrip().startswith(_SAID_NOUNS):
                return ending
        return None

    def _object_of_the_headline(self, quote: Quote) -> bool:
        """A short noun phrase in quotation marks with the headline's verb right after it
        (`지방공항 '적자 늪' 벗어난다`): a label the headline acts on, not someone's words."""
        words = self.source[quote.start:quote.end].split()
        if not words or len(words) > _LABEL_MAX_WORDS or words[-1].endswith(_CLAUSE_ENDS):
            return False
        after = self.source[quote.close + 1:quote.close + 20]
        if not after[:1].isspace():
            return False
        following = after.split()[:1]
        verb = "".join(takewhile(hangul, following[0])) if following else ""
        if quote.kind == "single" and len(words) == 1 and 2 <= len(verb) <= 4:
            rest = after.lstrip()[len(verb):len(verb) + 1]
            if rest in ("", "\n", "…", ",", "."):
                return True  # 인도 법인 '감원' 착수: one word set off, the headline's last noun after
        return len(verb) >= 2 and verb.endswith("다")

    def _characterisation(self, quote: Quote, ending: str) -> bool:
        """A short noun phrase in quotation marks that something is called or branded
        (`이를 '탁상 행정'이라고 비판했다`, `'유령 상가'라고 부를 정도다`): the writer's or the
        subject's label for a thing, not words someone said."""
        if ending not in _NAMING_ENDINGS:
            return False
        words = self.source[quote.start:quote.end].split()
        if not words or len(words) > _LABEL_MAX_WORDS or words[-1].endswith(_CLAUSE_ENDS):
            return False
        after = self.source[quote.close + 1 + len(ending):quote.close + 1 + len(ending) + 20]
        return any(word.startswith(_NAMING_VERBS) for word in after.split()[:2])

    def _said_as_object(self, at: int) -> bool:
        """`"…"이라는 입장을 밝혔다`: someone stated it (the noun is an object), rather than
        `"…"는 말이 나온다` (the noun is the subject: the words go round, unattributed)."""
        rest = self.source[at:at + 12].lstrip()
        noun = next((n for n in sorted(_SAID_NOUNS, key=len, reverse=True) if rest.startswith(n)),
                    "")
        return rest[len(noun):len(noun) + 1] in ("을", "를")

    def _pointed_back(self, quote: Quote, sentence_end: int) -> tuple[Parsed, str] | None:
        """A quote that opens its sentence, and a speaker after it who "said so":
        `"…" 정 대표는 이렇게 강조했다.`"""
        at = quote.close + 1
        stop = min(sentence_end, at + 80)
        if not any(word in self.source[at:stop] for word in _POINTING_BACK):
            return None
        subject = subject_after(self.analyzer.analyse(self.source, at, stop, stop))
        if subject is None:
            return None
        parsed = parse_phrase(subject, self.state)
        return (parsed, "ko-quote-subject-after") if parsed.speaker else None

    def _attributed(self, quote: Quote, before: list[KoWord], ending: str, sentence_end: int,
                    chain: SpeakerMention | None, paragraph: int) -> tuple[Parsed, str] | None:
        subject = subject_before(before)
        if subject:
            parsed = parse_phrase(subject, self.state)
            if parsed.speaker is None:
                return None  # someone the text does not name: no claim, and no guessing
            return parsed, ("ko-quote-pronoun" if parsed.how == "pronoun"
                            else "ko-quote-subject-before")
        if ending in _ADNOMINAL and not self._said_as_object(quote.close + 1 + len(ending)):
            return None  # "…"는 말이 나온다, "…"는 지적도 있다: a voice, nobody's words
        after_start = quote.close + 1 + len(ending)
        after = self.analyzer.analyse(self.source, after_start, min(sentence_end, after_start + 60),
                                      min(sentence_end, after_start + 80))
        subject = subject_after(after)
        if subject:
            parsed = parse_phrase(subject, self.state)
            return (parsed, "ko-quote-subject-after") if parsed.speaker else None
        if chain is not None:
            return Parsed(chain, "named"), "ko-quote-chain"
        last = self.state.last
        if last is not None and paragraph - self.state.last_paragraph <= 1:
            return Parsed(last, "named"), "ko-quote-continuation"
        return None

    def _genitive_owner(self, at: int) -> tuple[Parsed, str] | None:
        """`"…"는 게 하 교수의 설명이다`: the one whose explanation, claim or view the quote is."""
        match = _GENITIVE_OWNER.match(self.source, at, min(len(self.source), at + 60))
        if match is None:
            return None
        words = self.analyzer.analyse(self.source, match.start(1), match.end(1), match.end(1))
        parsed = parse_phrase([w for w in words if not w.boundary], self.state) if words else None
        return (parsed, "ko-quote-subject-after") if parsed and parsed.speaker else None

    def _topic(self, start: int, first_quote: int) -> Parsed | None:
        """A headline's topic: `이재명, …` — a short noun phrase and a comma before any quote."""
        words = self.analyzer.analyse(self.source, start, first_quote, first_quote + 10)
        phrase: list[KoWord] = []
        for word in words:
            if word.boundary:
                break
            phrase.append(word)
        else:
            return None
        if (not phrase or len(phrase) > 3 or words[len(phrase)].text != ","
                or not all(w.nominal and not w.particle for w in phrase)):
            return None
        parsed = parse_phrase(phrase, self.state)
        return parsed if parsed.speaker and parsed.how != "pronoun" else None

    def _speaker_after(self, quote: Quote) -> tuple[Parsed, str] | None:
        """`"…"…강태윤, 청년 공천 약속`: the name after a leading quote, closed by a comma; or
        `"…"…새솔초 허은비 영양교사`: a name and a title that end the headline."""
        at = quote.close + 1
        line_end = self.source.find("\n", at, at + 61)
        if line_end == -1 and len(self.source) - at <= 60:
            line_end = len(self.source)
        if line_end != -1:  # a row's `(outlet 06:41)` is not part of the headline
            line_end = at + without_columns(self.source[at:line_end])
            if line_end - at > 40:
                line_end = -1
        end = line_end if line_end != -1 else min(len(self.source), at + 40)
        words = self.analyzer.analyse(self.source, at, end,
                                      line_end if line_end != -1 else min(len(self.source), at + 60))
        phrase: list[KoWord] = []
        for word in words:
            if word.boundary and not phrase and word.text in "…‥.":
                continue
            if word.boundary:
                if word.text != ",":
                    return None
                break
            if not word.nominal or word.particle or len(phrase) == 3:
                return None
            phrase.append(word)
        else:
            if line_end == -1 or not phrase or not title_like(phrase[-1].stem):
                return None
        parsed = parse_phrase(phrase, self.state) if phrase else None
        return (parsed, "ko-headline-speaker-after") if parsed and parsed.speaker else None


