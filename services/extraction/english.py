"""English quoted speech: who said each quote.

After the quote: `"…," Mayor Elena Ruiz said`, `"…," said Gregory Tan, chief operating
officer`, `"…," she added`, `"…," according to Okafor`. Before it: `Okafor said: "…"`,
`she added, "…"`, `According to Okafor, "…"`, `Ruiz said "…"`. Inside reported speech, a partial
quote of three words or more: `Kim said the country "will raise …"`. A quote with none of these
takes the speaker of another quote of its paragraph, or of the paragraph before when that one's
last quote was left open (a quote running on over paragraphs) or when this paragraph is nothing
but a quote. Titles of works and scare quotes have no speaker.
"""

import re

from services.extraction.mentions import Mentions
from services.extraction.model import SpeakerMention
from services.extraction.phrases_en import (
    named_subject,
    nearest_speakers,
    only_quotes,
    without_affiliation,
    words_at_least,
)
from services.extraction.scan import Found, Line, Quote, quotes_in, sentences
from services.extraction.speakers_en import parse_who
from services.extraction.vocabulary_en import (
    CLAUSE_WORDS,
    LEADING_WORDS_EN,
    SAYING_VERBS,
    SUBJECT_PRONOUNS,
    TITLE_CUES,
    WORKS,
)

_VERB_FIRST = re.compile(rf"\s*,?\s*(?:{SAYING_VERBS})\s+(?!that\b)(.+)", re.S)
_PRONOUN_FIRST = re.compile(rf"\s*,?\s*(he|she|they)\s+(?:{SAYING_VERBS})\b", re.I)
_ACCORDING_AFTER = re.compile(r"\s*,?\s*according to\s+(.+)", re.I | re.S)
_VERB = re.compile(rf"\b(?:{SAYING_VERBS})\b")
# A full stop ends a sentence, but not after an initial or a title before a name (Sen., Gov.).
_SENTENCE_END = re.compile(r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])(?<!\bSen)(?<!\bRep)(?<!\bGov)"
                           r"(?<!\bGen)(?<!\bCol)(?<!\bSgt)(?<!\bMrs)(?<!\bRev)(?<!\bCapt)"
                           r"(?<!\bProf)(?<!\bLt)[.!?](?:\s|$)")
_ACCORDING_BEFORE = re.compile(r"according to\s+([^,]{1,80}(?:,[^,]{1,80})?),\s*$", re.I)
# `said:`, `told reporters,`, `told a news conference on Friday:` — or nothing: `said "…"`.
_AFTER_VERB = re.compile(r"(?:(?:\s+[a-zA-Z]+){0,6}\s*[,:]|\s*)\s*$")
# What may stand between a verb and a partial quote: `said the country "…"`, `told reporters
# that "…"`, `said the line would be "…"` — words, no clause of its own.
_PARTIAL_GAP = re.compile(r",?[\sa-zA-Z0-9'’$%:-]{1,100}")  # `she says, only to "…"`
_PARTIAL_MIN_WORDS = 3  # "circus", "long overdue": a word or two in quotation marks is a label
_TITLE_MAX_WORDS = 6  # "The Salt Road": titles of works are short
# `X calls Y "…"`, `who called the decision "…"`, `described it as "…"`: a characterisation in
# the speaker's own words when it runs to three words or more.
_CHARACTERISING = frozenset(("called", "calls", "described", "describes", "branded", "brands",
                             "labelled", "labeled", "labels"))
_CHARACTERISATION = re.compile(r"(?:^|(?<=\s))(calls|called|describes|described|branded|brands|"
                               r"labell?ed|labels)\s+((?:[\w'’-]+\s+){1,5}?)(?:as\s+)?$")
_WHO = re.compile(r",\s*who\s*$")
# `The group disputed the figure, saying "…"`: the subject of the sentence speaks.
_PARTICIPLE = re.compile(r",\s*(?:saying|adding|writing|warning|arguing|insisting|noting|"
                         r"telling (?:reporters|the \w+|\w+))\b(?:[\sa-zA-Z0-9'’$%-]{0,100})"
                         r"[,:]?\s*$")
_SUBJECT_OPENING = re.compile(r"\s*(?:(?:But|And|Still|Yet|Later|Earlier)\s+)?(He|She|The [a-z]+|"
                              r"(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]+)\s+[a-z]")
# A sentence that leads into the quote after it: `She explains why …`, `Okafor recalls the day.`
_LEAD_IN = re.compile(r"(?:^|,\s+)(he|she|He|She|(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)\s+"
                      r"(?:explains|explained|recalls|recalled|remembers|remembered|describes|"
                      r"described|puts it|put it|sums it up|summed it up|admits|admitted|"
                      r"reflects|reflected|is blunt|was blunt|is candid|was candid)\b")
_TAIL = 200
# Between two partial quotes of one clause: `and would`, `but said it could`, `or`.
_JOINED = re.compile(r"\s*,?\s*(?:and|but|or)\s+(?:[a-z][\w'’-]*\s+){0,5}")


class EnglishQuotes:
    def __init__(self, source: str, mentions: Mentions) -> None:
        self.source, self.mentions = source, mentions
        # The speaker of the last quote of the previous paragraph, when that quote ran on.
        self.open_speaker: SpeakerMention | None = None
        # The end of the last line with a speaker's quote, and that speaker: a paragraph right
        # after it that is nothing but a quote goes on with the same words.
        self.previous: tuple[int, SpeakerMention] | None = None

    def line(self, line: Line, quotes: list[Quote] | None = None) -> list[Found]:
        quotes = [q for q in (quotes if quotes is not None else quotes_in(line))
                  if q.kind == "double"]
        carried, self.open_speaker = self.open_speaker, None
        previous, self.previous = self.previous, None
        if not quotes:
            return []
        if (carried is None and previous is not None and only_quotes(self.source, line, quotes)
                and not self.source[previous[0]:line.start].strip()):
            carried = previous[1]
        ranges = sentences(self.source, line.start, line.end, quotes)
        speakers: list[tuple[SpeakerMention, str] | None] = []
        for index, quote in enumerate(quotes):
            previous_end = quotes[index - 1].close + 1 if index else line.start
            next_open = quotes[index + 1].open if index + 1 < len(quotes) else line.end
            speakers.append(None if self._titled(quote, previous_end)
                            else self._attributed(quote, previous_end, next_open))
            if speakers[-1] is None and index and speakers[index - 1] is not None:
                speakers[-1] = self._joined(quotes[index - 1], quote, speakers[index - 1])
        before, after = nearest_speakers(speakers)
        found: list[Found] = []
        at = 0
        for index, quote in enumerate(quotes):
            result = speakers[index]
            if result is None and self._speech_like(quote, line):
                nearest = (before[index] or after[index] or (carried if index == 0 else None)
                           or self.lead_in(quote, line)
                           or (self._reported_before(quote, line) if index == 0 else None))
                result = (nearest, "en-quote-continuation") if nearest else None
            while at + 1 < len(ranges) and ranges[at][1] <= quote.open:
                at += 1
            if result is None:
                continue
            speaker, pattern = result
            context = ranges[at] if ranges else (line.start, line.end)
            found.append(Found(quote, speaker, pattern, True, context))
        if found:
            self.previous = (line.end, found[-1].speaker)
        last = quotes[-1]
        if not last.closed and found and found[-1].quote is last:
            self.open_speaker = found[-1].speaker
        return found

    def _titled(self, quote: Quote, previous_end: int) -> bool:
        """`the film "…"`, `called it "…"`. After a comma (`The film, "Tailings," …`) the cue
        names a title only when the quote is as short as titles are: `a former inspector who
        appears in the film, "the company knew …"` is speech after an appositive."""
        before = self.source[max(previous_end, quote.open - 40):quote.open].split()
        words = self.source[quote.start:min(quote.end, quote.start + 200)]
        short = not words_at_least(words, _TITLE_MAX_WORDS + 1)
        label = not words_at_least(words, _PARTIAL_MIN_WORDS)
        for place, word in enumerate(reversed(before[-3:])):
            cue = word.strip(",:").casefold()
            if cue in _CHARACTERISING and place > 0 and not label:
                continue  # `calls the plan "a betrayal of …"`: the caller's words (below)
            if place > 0 and cue in WORKS:
                continue  # `the report had been "…"`: a work's title comes right after it
            if cue in TITLE_CUES and (short or not word.endswith((",", ":"))):
                return True
        return False

    def _attributed(self, quote: Quote, previous_end: int,
                    next_open: int) -> tuple[SpeakerMention, str] | None:
        if quote.closed:
            tail = self.source[quote.close + 1:min(next_open, quote.close + 1 + _TAIL)]
            found = self._after(tail, quote.open)
            if found:
                return found
        head_start = max(previous_end, quote.open - _TAIL)
        head = self.source[head_start:quote.open]
        ends = list(_SENTENCE_END.finditer(head))
        if ends:
            head = head[ends[-1].end():]
        return self._before(head, quote)

    def _after(self, tail: str, at: int) -> tuple[SpeakerMention, str] | None:
        if tail[:1].isalnum():
            return None  # "circus" of competing proposals: the quote is inside a phrase
        clause = _clause(tail)
        if match := _PRONOUN_FIRST.match(clause):
            speaker, _how = parse_who(match.group(1), at, self.mentions)
            return (speaker, "en-quote-pronoun") if speaker else None
        if match := _ACCORDING_AFTER.match(clause):
            speaker, _how = parse_who(match.group(1), at, self.mentions)
            return (speaker, "en-quote-according-to") if speaker else None
        if match := _VERB_FIRST.match(clause):
            speaker, how = parse_who(match.group(1), at, self.mentions)
            if speaker:
                return speaker, "en-quote-pronoun" if how == "pronoun" else "en-quote-attribution-after"
            return None
        verb = _VERB.search(clause)
        if verb is None or verb.start() > 120:
            return None
        speaker, how = parse_who(clause[:verb.start()], at, self.mentions)
        if speaker is None:
            return None
        return speaker, "en-quote-pronoun" if how == "pronoun" else "en-quote-attribution-after"

    def _before(self, head: str, quote: Quote) -> tuple[SpeakerMention, str] | None:
        at = quote.open
        if match := _ACCORDING_BEFORE.search(head):
            speaker, _how = parse_who(match.group(1), at, self.mentions)
            return (speaker, "en-quote-according-to") if speaker else None
        if (found := self._characterised(head, quote)) is not None:
            return found
        if (found := self._participle(head, quote)) is not None:
            return found
        verbs = list(_VERB.finditer(head))
        if not verbs:
            return self._subject_colon(head, at)
        gap = head[verbs[-1].end():]
        if _AFTER_VERB.fullmatch(gap):
            pattern = "en-quote-attribution-before"
        elif _PARTIAL_GAP.fullmatch(gap) and words_at_least(
                self.source[quote.start:min(quote.end, quote.start + 200)], _PARTIAL_MIN_WORDS):
            pattern = "en-quote-partial"
        else:
            return None
        who = head[:verbs[-1].start()]
        who = who[who.rfind(": ") + 1:]  # `Q&A: Jane Roe says …`: a headline's label is no name
        who = who[who.rfind(",") + 1:] if who.count(",") % 2 == 1 else who
        last_word = who.split()[-1:]
        if last_word and last_word[0].casefold() in ("he", "she"):
            who = last_word[0]  # "…, a job she said she "…"": the pronoun is the subject
        speaker, how = parse_who(who, at, self.mentions)
        if speaker is None:
            return None
        if pattern == "en-quote-partial":
            return speaker, pattern
        return speaker, "en-quote-pronoun" if how == "pronoun" else pattern

    def _characterised(self, head: str, quote: Quote) -> tuple[SpeakerMention, str] | None:
        """`The trust's director, Alan Pickering, calls Halloran "a national asset …"`, `X, a
        retired teacher, who called the budget "a betrayal of …"`: the caller's partial quote."""
        match = _CHARACTERISATION.search(head)
        if match is None or not words_at_least(
                self.source[quote.start:min(quote.end, quote.start + 200)], _PARTIAL_MIN_WORDS):
            return None
        who = head[:match.start()]
        if _WHO.search(who):
            mention = self.mentions.last_before(quote.open - len(head) + match.start())
            if mention is None or not mention.name:
                return None
            return SpeakerMention(mention.name, mention.title, person=mention.person), \
                "en-quote-partial"
        who = who[who.rfind(",") + 1:] if who.count(",") % 2 == 1 else who
        if who.split()[-1:] in (["he"], ["she"]):
            who = who.split()[-1]  # "a budget she describes as "…"": the pronoun is the subject
        if (len(who.split()) == 1 and who.strip().capitalize() not in SUBJECT_PRONOUNS
                and self.mentions.full_name(who.strip()) is None):
            return None  # "Prosecutors called …": a kind of people, or a name never given
        speaker, _how = parse_who(who, quote.open, self.mentions)
        return (speaker, "en-quote-partial") if speaker else None

    def _participle(self, head: str, quote: Quote) -> tuple[SpeakerMention, str] | None:
        """`The group disputed that figure, saying the report had been "taken out of context."`:
        the subject that opens the sentence said it."""
        if not _PARTICIPLE.search(head) or not words_at_least(
                self.source[quote.start:min(quote.end, quote.start + 200)], _PARTIAL_MIN_WORDS):
            return None
        subject = _SUBJECT_OPENING.match(head)
        if subject is None:
            return None
        speaker, how = parse_who(subject.group(1), quote.open, self.mentions)
        if speaker is None:
            return None
        return speaker, "en-quote-pronoun" if how == "pronoun" else "en-quote-partial"

    def _joined(self, first: Quote, quote: Quote, said: tuple[SpeakerMention, str]
                ) -> tuple[SpeakerMention, str] | None:
        """`said the company had "met …" and would "work with …"`: a second partial quote
        joined to the first by `and`, in the same clause, is the same speaker's."""
        if (said[1] not in ("en-quote-partial", "en-quote-attribution-before")
                or not first.closed or not _JOINED.fullmatch(self.source[first.close + 1:quote.open])
                or not words_at_least(self.source[quote.start:min(quote.end, quote.start + 200)],
                                       _PARTIAL_MIN_WORDS)):
            return None
        return said[0], "en-quote-partial"

    def plain(self, line: Line) -> None:
        """A line without quotes: it may report whose words the
        quote-only paragraph after it holds."""
        reported = self._reported(line)
        self.previous = (line.end, reported) if reported is not None else None

    def _reported(self, line: Line) -> SpeakerMention | None:
        """`Jane Roe, 41, who drives a bus, said she has asked for a transfer.`: a paragraph
        whose last sentence reports a named person's words; a paragraph of nothing but a quote
        right after it is that person's."""
        text = self.source[line.start:min(line.end, line.start + 1000)].rstrip()
        if not text.endswith((".", "!")) or len(text) >= 1000:
            return None
        ends = list(_SENTENCE_END.finditer(text[:-1]))
        start = ends[-1].end() if ends else 0
        verb = _VERB.search(text, start, min(len(text), start + 160))
        if verb is None or not text[verb.end():].startswith(" "):
            return None
        who = text[start:verb.start()]
        if not who.strip() or not who.strip()[:1].isupper():
            return None
        speaker, how = parse_who(who, line.start + start, self.mentions)
        return speaker if speaker is not None and speaker.person and how == "named" else None

    def _reported_before(self, quote: Quote, line: Line) -> SpeakerMention | None:
        """`Jane Roe said the delay was a choice. "…`: a quote opening the sentence right after
        one reporting a named person's words is theirs (as a quote-only paragraph is)."""
        head = self.source[line.start:quote.open].rstrip()
        return self._reported(Line(line.start, line.start + len(head), head, line.paragraph)) \
            if head else None

    def lead_in(self, quote: Quote, line: Line) -> SpeakerMention | None:
        """`Over tea, she explains why the organs are dying. "…"`: a quote opening a sentence
        right after one whose subject, a person, explains, recalls or describes."""
        head = self.source[max(line.start, quote.open - _TAIL):quote.open].rstrip()
        if not head.endswith((".", ":", "!")):
            return None
        ends = list(_SENTENCE_END.finditer(head[:-1]))
        sentence = head[ends[-1].end():] if ends else head
        match = _LEAD_IN.search(sentence)
        if match is None:
            return None
        speaker, _how = parse_who(match.group(1), quote.open - len(sentence) + match.start(1),
                                  self.mentions)
        return speaker if speaker is not None and speaker.person else None

    def _subject_colon(self, head: str, at: int) -> tuple[SpeakerMention, str] | None:
        """`Villanueva put it bluntly at a hearing: "…"`: a named subject opening the sentence,
        any verb phrase of a few words, and a colon right before the quote. The subject must be
        a full name, a name the text gave in full, or he/she."""
        if not head.rstrip().endswith(":"):
            return None
        words = head.rstrip()[:-1].split()
        while words and words[0].strip(",") in LEADING_WORDS_EN:
            words = words[1:]
        if not words or len(words) > 20:
            return None
        for index in range(len(words) - 1):
            if not words[index + 1][:1].islower() or not words[index][-1:].isalpha():
                continue
            verb_phrase = words[index + 1:]
            subject = words[:index + 1]
            if not named_subject(subject, self.mentions):
                continue  # "Council member …": the name is still to come
            verb_phrase = without_affiliation(verb_phrase)
            if len(verb_phrase) > 12 or any(w.rstrip(",") in CLAUSE_WORDS for w in verb_phrase):
                return None
            speaker, how = parse_who(" ".join(subject), at, self.mentions)
            if speaker is None:
                return None
            return speaker, "en-quote-pronoun" if how == "pronoun" else "en-quote-attribution-before"
        return None

    def _speech_like(self, quote: Quote, line: Line) -> bool:
        """Whole sentences, not a word or two set in quotation marks inside a sentence."""
        before = self.source[max(line.start, quote.open - 3):quote.open].rstrip()
        starts_clause = not before or before.endswith((".", ",", ":", "!", "?", "—", '"', "”"))
        return starts_clause and len(self.source[quote.start:quote.end].split()) >= 2


def _clause(tail: str) -> str:
    """The attribution after a quote, up to the end of its sentence."""
    end = _SENTENCE_END.search(tail)
    return tail[:end.start()] if end else tail
