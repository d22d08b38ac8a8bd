"""Extraction, start to end: transcripts' turns, then quotes line by line in the text's order,
then the same quote by the same speaker merged into one candidate."""

from services.extraction.english import EnglishQuotes
from services.extraction.interviews import pull_quote
from services.extraction.korean import KoreanQuotes
from services.extraction.korean_nlp import KiwiAnalyzer, RuleAnalyzer
from services.extraction.mentions import Mentions, surname
from services.extraction.model import (
    CONFIDENCE,
    UNRESOLVED_PENALTY,
    Candidate,
    Extraction,
    Occurrence,
    SpeakerMention,
)
from services.extraction.noise import is_furniture
from services.extraction.scan import lines_of, quotes_in
from services.extraction.speakers_en import label_speaker
from services.extraction.speakers_ko import KoreanState
from services.extraction.statements import statements
from services.extraction.transcripts import Turn, find_turns
from services.text import name_key, normalise_for_dedupe

# What one extraction looks at, at most: a megabyte of quotation marks must end in time.
MAX_QUOTES = 10_000
MAX_CANDIDATES = 10_000
_CONTEXT = 1000


def extract(source: str, *, language: str | None = None,
            analyzer: RuleAnalyzer | KiwiAnalyzer | None = None) -> Extraction:
    """Candidate claims in `source`. `language` ("ko", "en") is for lines whose script does not
    say; `analyzer` reads Korean words (default: the rules)."""
    analyzer = analyzer or RuleAnalyzer()
    run = _Run(source, language, analyzer)
    run.go()
    name = analyzer.name
    if isinstance(analyzer, KiwiAnalyzer) and analyzer.fell_back:
        name = "kiwipiepy+rules"
    return Extraction(run.merged(), name, run.truncated)


class _Run:
    def __init__(self, source: str, language: str | None,
                 analyzer: RuleAnalyzer | KiwiAnalyzer) -> None:
        self.source = source
        self.default_language = (language or "").split("-")[0].casefold() or None
        self.lines = lines_of(source)
        self.mentions = Mentions(source, self.lines)
        self.korean_state = KoreanState()
        self.korean = KoreanQuotes(source, analyzer, self.korean_state)
        self.english = EnglishQuotes(source, self.mentions)
        self.found: list[tuple[int, int, SpeakerMention, str, float, str, tuple[int, int]]] = []
        self.quotes_seen = 0
        self.truncated = False

    def go(self) -> None:
        turns, covered = find_turns(self.source, self.lines)
        turn_at = {turn.label_at: turn for turn in turns}
        if (pulled := pull_quote(self.source, self.lines, turns)) is not None:
            start, end, turn = pulled
            self._add(start, end, turn.speaker, turn.pattern, True,
                      self._language(self.source[start:end]), (start, end))
        for index, line in enumerate(self.lines):
            paragraph = line.paragraph
            if self.truncated:
                return
            if line.start in turn_at:
                self._turn(turn_at[line.start], paragraph)
            if index in covered:
                continue
            quotes = quotes_in(line, limit=MAX_QUOTES - self.quotes_seen + 1)
            if not quotes and not is_furniture(line) and self._language(line.text) != "ko":
                self.english.plain(line)  # `Jane Roe said she …` over a paragraph of quote
            if not quotes or is_furniture(line):
                continue
            if self.quotes_seen + len(quotes) > MAX_QUOTES:
                quotes = quotes[:MAX_QUOTES - self.quotes_seen]
                self.truncated = True
            self.quotes_seen += len(quotes)
            if self._language(line.text) == "ko":
                for found in self.korean.line(line, paragraph, quotes):
                    self._add(found.quote.start, found.quote.end, found.speaker, found.pattern,
                              found.resolved, "ko", found.context)
            else:
                for found in self.english.line(line, quotes):
                    self._add(found.quote.start, found.quote.end, found.speaker, found.pattern,
                              found.resolved, "en", found.context)

    def _turn(self, turn: Turn, paragraph: int) -> None:
        if turn.speaker is None:
            return
        speaker = turn.speaker
        if turn.resolved:
            pass  # the witness or interviewee as the header or intro named them
        elif turn.english:
            named = label_speaker(speaker.name, turn.label_at, self.mentions)
            if named is None or surname(named.name) in self.mentions.moderators:
                return  # MAYOR: with no mayor named in the text; the moderator listed
            speaker = named
        else:
            self.korean_state.spoke(speaker, paragraph)
        for start, end in statements(self.source, turn):
            self._add(start, end, speaker, turn.pattern, True,
                      self._language(self.source[start:end]), (start, end))

    def _add(self, start: int, end: int, speaker: SpeakerMention, pattern: str, resolved: bool,
             language: str, context: tuple[int, int]) -> None:
        if len(self.found) >= MAX_CANDIDATES:
            self.truncated = True
            return
        confidence = CONFIDENCE[pattern] - (0 if resolved else UNRESOLVED_PENALTY)
        self.found.append((start, end, speaker, pattern, round(confidence, 2), language, context))

    def _language(self, text: str) -> str:
        sample = text[:2000]
        hangul = sum(1 for char in sample if "\uac00" <= char <= "\ud7a3")
        letters = sum(1 for char in sample if char.isalpha())
        if not letters:
            return self.default_language or "und"
        return "ko" if hangul * 2 >= letters else "en"

    def merged(self) -> list[Candidate]:
        """One candidate per speaker and words: a quote repeated lists every place it is."""
        by_key: dict[tuple[str, str, str | None], Candidate] = {}
        for start, end, speaker, pattern, confidence, language, context in self.found:
            text = self.source[start:end]
            key = (normalise_for_dedupe(text), name_key(speaker.name), speaker.role)
            occurrence = Occurrence(start, end, pattern,
                                    _context(self.source, start, end, *context))
            candidate = by_key.get(key)
            if candidate is None:
                by_key[key] = Candidate(text, speaker, pattern, confidence, language, [occurrence])
            else:
                candidate.occurrences.append(occurrence)
                if confidence > candidate.confidence:
                    candidate.confidence, candidate.pattern = confidence, pattern
        return list(by_key.values())


def _context(source: str, start: int, end: int, sentence_start: int, sentence_end: int) -> str:
    """The sentence around a quote, single-spaced; of a long one, the part around the quote."""
    margin = max(0, (_CONTEXT - (end - start)) // 2)
    left, right = max(sentence_start, start - margin), min(sentence_end, end + margin)
    text = " ".join(source[left:right].split())
    text = ("…" if left > sentence_start else "") + text + ("…" if right < sentence_end else "")
    return text if len(text) <= _CONTEXT + 2 else text[:_CONTEXT - 1] + "…"
