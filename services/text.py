"""Text rules shared by every write: normalisation, dedupe keys and language detection."""

import hashlib
import re
import unicodedata

import py3langid

# In dedupe keys, runs of whitespace, control characters and punctuation collapse to one space, so
# “…” and "..." and a trailing full stop do not make a second claim. What changes a claim's
# meaning stays: symbols ($ € + = ~ °), the marks below, and a minus sign before a number.
_SEPARATOR_CATEGORIES = ("P", "Z", "C")
_MEANINGFUL_PUNCTUATION = frozenset("%‰‱#&@")
_MINUS_SIGNS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d")


def clean_text(value: str) -> str:
    """The stored form of verbatim text: NFC-normalised and trimmed, otherwise untouched."""
    return unicodedata.normalize("NFC", value).strip()


def name_key(value: str) -> str:
    """The form names and aliases are matched on: NFKC, casefolded, single-spaced."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def normalise_for_dedupe(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).casefold()
    separators = _SEPARATORS
    out: list[str] = []
    pending_space = False
    for index, char in enumerate(folded):
        if char in _MINUS_SIGNS and _is_minus_sign(folded, index):
            char = "-"
        else:
            separator = separators.get(char)
            if separator is None:
                separator = _is_separator(char)
            if separator:
                pending_space = bool(out)
                continue
        if pending_space:
            out.append(" ")
            pending_space = False
        out.append(char)
    return "".join(out)


# Whether each character met so far collapses into a space (looked up in a dict, not asked of
# unicodedata, for every character of every claim).
_SEPARATORS: dict[str, bool] = {}


def _is_separator(char: str) -> bool:
    separator = (unicodedata.category(char)[0] in _SEPARATOR_CATEGORIES
                 and char not in _MEANINGFUL_PUNCTUATION)
    if len(_SEPARATORS) < 200_000:
        _SEPARATORS[char] = separator
    return separator


def _is_minus_sign(text: str, index: int) -> bool:
    """A dash that starts a number ("-5도"), as opposed to one inside a range ("20-30")."""
    return (text[index] in _MINUS_SIGNS
            and index + 1 < len(text) and text[index + 1].isdigit()
            and (index == 0 or not text[index - 1].isalnum()))


def dedupe_key(value: str) -> str:
    """SHA-256 of the normalised text: equal for texts that differ only in case, width, spacing
    and punctuation."""
    return hashlib.sha256(normalise_for_dedupe(value).encode("utf-8")).hexdigest()


_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def detect_language(value: str) -> str:
    """A best guess at the language of `value` as a BCP 47 primary tag; `und` if there is no
    text to judge."""
    if not any(char.isalpha() for char in value):
        return "und"
    # Hangul is written by Korean alone; a script check is exact where the statistical model
    # is merely likely (short Korean quotes full of Latin acronyms such as "AI").
    hangul = len(_HANGUL.findall(value))
    letters = sum(char.isalpha() for char in value)
    if hangul * 2 >= letters:
        return "ko"
    language, _score = py3langid.classify(value)
    return language


def unstorable(value: str) -> bool:
    """PostgreSQL cannot store NUL in text, and no UTF-8 can encode a lone surrogate; refuse
    both on every backend alike."""
    return _UNSTORABLE.search(value) is not None


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
