"""The one analyzer that turns text into search tokens, for documents and queries alike.

- NFKC and case folding first, so full-width forms and capitals match.
- Hangul, kanji and kana runs become overlapping character bigrams ("개발의" -> 개발, 발의), so a
  two-syllable word matches inside longer ones without a dictionary. A run of one character is
  kept as it is.
- Other words are stemmed with the Snowball English stemmer ("distilling" -> distil), in Python,
  so both databases see the same tokens.
- Between two CJK runs goes a boundary token, so a phrase cannot run from one word into the next:
  "개발자" (개발 발자) does not match "개발 발자국" (개발 | 발자 자국).

Bump ANALYZER_VERSION whenever the tokens this module makes change; the app then asks for a
reindex (`flask --app api search reindex`).
"""

import hashlib
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

ANALYZER_VERSION = 1
# Longer words keep their first characters and a hash of the whole (PostgreSQL refuses lexemes
# of 2 KB and more).
MAX_WORD_LENGTH = 100
# What PostgreSQL's tsvector can hold: positions up to 16383, and 256 positions per lexeme. A
# document is cut to fit, the same for both backends, so both find the same claims.
MAX_DOCUMENT_TOKENS = 16383
MAX_OCCURRENCES = 256
# A letter no analysed text can contain (it is stripped from input): marks a word boundary
# between CJK runs, and separates the fields of one document. FILLER stands where a document
# had a token past MAX_OCCURRENCES. Both are gaps to PostgreSQL (no lexeme, a position).
BOUNDARY = "ǂ"
FILLER = "ǂǂ"
GAPS = frozenset({BOUNDARY, FILLER})

# A Snowball stemmer keeps state between calls: one per thread (gunicorn's gthread workers
# analyse in several threads at once; a shared one stemmed wrongly, or raised, under load).
_stemmers = threading.local()


def is_cjk(char: str) -> bool:
    """A letter of Hangul, the CJK ideographs (all extensions) or kana."""
    code = ord(char)
    return char.isalnum() and (
        0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F
        or 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
        or 0x3040 <= code <= 0x30FF or 0x20000 <= code <= 0x3FFFF)


# Marks that searchers leave out: Arabic vowel signs, and the dot that casefolding puts after
# the i of Turkish İ ("İstanbul" must match "istanbul").
_DROPPED_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0307])


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().replace(BOUNDARY, " ")
    return folded.translate(_DROPPED_MARKS)


# What each character is to runs(), as bits: a CJK letter, another letter or digit, a
# combining mark. Learnt per character as met (a text's characters are mostly the same few
# hundred), so the loop below looks each up in a dict instead of asking unicodedata.
_CJK, _OTHER, _MARK = 1, 2, 4
_KINDS: dict[str, int] = {}
_MAX_KINDS = 200_000


def _kind(char: str) -> int:
    kind = ((_CJK if is_cjk(char) else _OTHER if char.isalnum() else 0)
            | (_MARK if unicodedata.category(char)[0] == "M" else 0))
    if len(_KINDS) < _MAX_KINDS:
        _KINDS[char] = kind
    return kind


def runs(normalised: str) -> Iterator[tuple[bool, int, int]]:
    """(is_cjk, start, end) for each run of CJK characters or of other letters and digits. A
    combining mark belongs to the run it follows (Indic vowel signs)."""
    kinds = _KINDS
    start = None
    kind = 0
    for index, char in enumerate(normalised):
        this = kinds.get(char)
        if this is None:
            this = _kind(char)
        if start is not None and this & _MARK:
            continue
        this &= _CJK | _OTHER
        if start is not None and this != kind:
            yield kind == _CJK, start, index
            start = None
        if start is None and this:
            start, kind = index, this
    if start is not None:
        yield kind == _CJK, start, len(normalised)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def run_tokens(cjk: bool, run: str) -> list[str]:
    if not cjk:
        if len(run) > MAX_WORD_LENGTH:
            digest = hashlib.sha256(run.encode()).hexdigest()[:12]
            return [f"{run[:MAX_WORD_LENGTH - 12]}{digest}"]
        return [stem(run)]
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """The search tokens of a text, in order, with boundary tokens between CJK runs."""
    normalised = normalise(text)
    out: list[str] = []
    previous_cjk = False
    for cjk, start, end in runs(normalised):
        if cjk and previous_cjk:
            out.append(BOUNDARY)
        out.extend(run_tokens(cjk, normalised[start:end]))
        previous_cjk = cjk
    return out


def document_tokens(fields: list[str | None]) -> list[str]:
    """The tokens of a claim's searchable fields, a boundary between fields so that no phrase
    spans two of them, cut to what both backends can hold (put short fields first)."""
    return fitted(field_tokens(fields))


def field_tokens(fields: list[str | None]) -> list[list[str]]:
    """The tokens of each non-empty field: document_tokens in two steps, so that a caller can
    keep the tokens of fields many documents share (a speaker's names)."""
    return [tokens(field) for field in fields if field]


def fitted(fields: list[list[str]]) -> list[str]:
    """Fields' tokens as one document: a boundary between fields, cut to what both backends can
    hold."""
    out: list[str] = []
    for field in fields:
        if out:
            out.append(BOUNDARY)
        out.extend(field)
    if len(out) <= MAX_OCCURRENCES:
        return out  # nothing to cut: no token can occur too often
    seen: dict[str, int] = {}
    fitted = []
    for token in out[:MAX_DOCUMENT_TOKENS]:
        seen[token] = seen.get(token, 0) + 1
        fitted.append(FILLER if token not in GAPS and seen[token] > MAX_OCCURRENCES else token)
    return fitted
