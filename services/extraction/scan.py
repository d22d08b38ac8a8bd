"""Linear-time scanning of the input: lines, quoted spans and sentences. Every loop here looks at
each character a bounded number of times, so a megabyte of quotation marks costs what a
megabyte of prose costs; nothing backtracks."""

import re
from dataclasses import dataclass
from typing import NamedTuple

from services.extraction.model import SpeakerMention

# Opening mark -> what closes it. 『』《》〈〉 mark titles of books and works, never speech.
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", "«": "»", "„": "“"}
_KIND = {"“": "double", '"': "double", "«": "double", "„": "double", "‘": "single",
         "'": "single", "「": "corner", "『": "title", "《": "title", "〈": "title"}
# A closing mark, and the openers it may close (typed text mixes curly and straight marks).
_CLOSES = {"”": ("“", '"', "„"), '"': ('"', "“", "„"), "’": ("‘", "'"), "'": ("'", "‘"),
           "」": ("「",), "』": ("『",), "》": ("《",), "〉": ("〈",), "»": ("«",)}
_MAX_DEPTH = 4
_DOUBLE_OPENERS = ('"', "“", "„")
_AFTER_OPENING = set(" \t([{<“‘「『《〈«…‥·,-—:")


class Line(NamedTuple):
    start: int
    end: int
    text: str
    paragraph: int = 0  # lines of one paragraph share it; a blank line starts the next


class Quote(NamedTuple):
    """A top-level quoted span: `open`/`close` are the marks' positions (close is the line's end
    when the quote is not closed on its line), `start`/`end` the trimmed words between them."""

    open: int
    close: int
    start: int
    end: int
    kind: str
    closed: bool


_NON_EMPTY = re.compile(r"[^\n]+")


def lines_of(source: str) -> list[Line]:
    """The lines that hold something, each numbered with its paragraph. Blank lines are left
    out: a megabyte of newlines is no lines at all."""
    lines: list[Line] = []
    paragraph, previous_end, gap = 0, 0, False
    for match in _NON_EMPTY.finditer(source):
        start, stop = match.span()
        if stop > start and source[stop - 1] == "\r":
            stop -= 1
        text = source[start:stop]
        if not text.strip():
            gap = True
            continue
        if lines and (gap or source.count("\n", previous_end, start) > 1):
            paragraph += 1
        gap, previous_end = False, stop
        lines.append(Line(start, stop, text, paragraph))
    return lines


def _latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


@dataclass(frozen=True)
class Found:
    """A quote and who a pattern (Korean or English) says said it."""

    quote: Quote
    speaker: SpeakerMention
    pattern: str
    resolved: bool
    context: tuple[int, int]


def quotes_in(line: Line, limit: int = 1_000_000) -> list[Quote]:
    """The top-level quoted spans of one line (quotes do not run across lines; a quote still
    open at the line's end is returned with closed=False). Quotes nested in another are part of
    it. A straight ' between two Latin letters is an apostrophe; one that could open a quote
    opens one only if something later on the line could close it. Scanning stops once `limit`
    quotes are found."""
    text, base = line.text, line.start
    last_single_closer = -1
    for index in range(len(text) - 1, 0, -1):
        if text[index] == "'" and _may_close_single(text, index):
            last_single_closer = index
            break
    found: list[Quote] = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char not in _PAIRS and char not in _CLOSES:
            continue
        if len(found) >= limit:
            return found
        if char == "'":
            if _latin_apostrophe(text, index):
                continue
            if stack and _may_close_single(text, index) and _close(stack, char, index, base,
                                                                   text, found):
                continue
            if _may_open(text, index) and index < last_single_closer and len(stack) < _MAX_DEPTH:
                stack.append((char, index))
            continue
        if char == '"':
            if stack and stack[-1][0] in _DOUBLE_OPENERS:  # the common case, kept quick
                opener, at = stack.pop()
                if not stack and index > at + 1:
                    _record(found, opener, at, index, base, text, closed=True)
                continue
            if not _close(stack, char, index, base, text, found) and len(stack) < _MAX_DEPTH:
                stack.append((char, index))
            continue
        if char in _CLOSES and _close(stack, char, index, base, text, found):
            continue
        if char in _PAIRS and len(stack) < _MAX_DEPTH:
            stack.append((char, index))
    if stack:
        opener, index = stack[0]
        if _KIND.get(opener) == "double":
            _record(found, opener, index, len(text), base, text, closed=False)
    return found


def _latin_apostrophe(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and _latin(text[index - 1]) and _latin(text[index + 1])


def _may_close_single(text: str, index: int) -> bool:
    return index > 0 and not text[index - 1].isspace() and not _latin_apostrophe(text, index)


def _may_open(text: str, index: int) -> bool:
    before_ok = index == 0 or text[index - 1] in _AFTER_OPENING or text[index - 1].isspace()
    return before_ok and index + 1 < len(text) and not text[index + 1].isspace()


def _close(stack: list[tuple[str, int]], char: str, index: int, base: int, text: str,
           found: list[Quote]) -> bool:
    """Close the nearest opener `char` may close; True if there was one."""
    openers = _CLOSES.get(char, ())
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] in openers:
            opener, at = stack[depth]
            del stack[depth:]
            if not stack:
                _record(found, opener, at, index, base, text, closed=True)
            return True
    return False


def _record(found: list[Quote], opener: str, at: int, close: int, base: int, text: str, *,
            closed: bool) -> None:
    start, end = at + 1, close
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if any(char.isalnum() for char in text[start:end]):
        found.append(Quote(base + at, base + close, base + start, base + end, _KIND[opener],
                           closed))


# Sentence ends. A full stop after one of these does not end a sentence; after these others it
# does only before a capital letter.
_TITLES_BEFORE_NAMES = frozenset(
    [
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "sen", "rep", "gov", "gen", "col", "capt", "lt", "sgt",
        "prof", "rev", "no", "vs", "fig", "hon", "messrs",
    ])
_MAYBE_END = frozenset([
    "a.m", "p.m", "u.s", "u.k", "etc", "inc", "co", "corp", "ltd", "e.g", "i.e", "jan", "feb", "aug",
    "sept", "oct", "nov", "dec",
])
_CLOSING = set("\"'”’」』)]}»")


def sentences(source: str, start: int, end: int, quotes: list[Quote]) -> list[tuple[int, int]]:
    """The sentences of source[start:end] as trimmed (start, end) ranges. Quoted spans are
    stepped over whole: a full stop inside a quote does not end the sentence around it."""
    ranges: list[tuple[int, int]] = []
    jumps = {quote.open: quote.close for quote in quotes if start <= quote.open < end}
    sentence_start, index = start, start
    while index < end:
        if index in jumps:
            close = jumps[index]
            index = max(close + 1, index + 1)
            if (source[close - 1:close] in (".", "!", "?") and index + 1 < end
                    and source[index].isspace() and source[index + 1].isupper()):
                # "grew. A lot." Then …: a quote that ends its sentence (Korean has no capitals
                # to tell, and goes on: "…습니다." 정 대표는 이렇게 강조했다.)
                _add_trimmed(ranges, source, sentence_start, index)
                sentence_start = index
            continue
        char = source[index]
        if char in ".!?。" and _ends_sentence(source, index, end):
            stop = index + 1
            while stop < end and source[stop] in _CLOSING:
                stop += 1
            _add_trimmed(ranges, source, sentence_start, stop)
            sentence_start = index = stop
            continue
        index += 1
    _add_trimmed(ranges, source, sentence_start, end)
    return ranges


def _ends_sentence(source: str, index: int, end: int) -> bool:
    after = index + 1
    while after < end and source[after] in _CLOSING:
        after += 1
    if after < end and not source[after].isspace():
        return False  # 56.53%, U.S., "…" followed by more
    if source[index] != ".":
        return True
    if index > 0 and source[index - 1] == ".":
        return False  # an ellipsis written as dots
    word_start = index
    while word_start > 0 and index - word_start < 8 and (source[word_start - 1].isalpha()
                                                         or source[word_start - 1] == "."):
        word_start -= 1
    word = source[word_start:index].casefold()
    if word in _TITLES_BEFORE_NAMES:
        return False
    if word in _MAYBE_END or (len(word) == 1 and word.isalpha() and word.isascii()):
        rest = after
        while rest < end and source[rest].isspace():
            rest += 1
        return rest >= end or source[rest].isupper()
    return True


def _add_trimmed(ranges: list[tuple[int, int]], source: str, start: int, end: int) -> None:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    if start < end:
        ranges.append((start, end))


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    boundary: bool  # a clause boundary (… , ; : | brackets), not a word


_BOUNDARY = set("…‥,;:|()[]{}<>!?。\"'“”‘’「」『』《》〈〉«»—–")


def words_of(source: str, start: int, end: int) -> list[Word]:
    """The words of a short window, with clause-boundary punctuation as words of its own."""
    found: list[Word] = []
    index = start
    while index < end:
        char = source[index]
        if char.isspace():
            index += 1
            continue
        if char in _BOUNDARY or (char == "." and (index + 1 >= end or source[index + 1] in ". ")):
            found.append(Word(index, index + 1, char, True))
            index += 1
            continue
        stop = index
        while stop < end and not source[stop].isspace() and source[stop] not in _BOUNDARY:
            stop += 1
        while stop - 1 > index and source[stop - 1] == ".":
            stop -= 1  # "말했다." -> 말했다 then a boundary
        found.append(Word(index, stop, source[index:stop], False))
        index = stop
    return found
