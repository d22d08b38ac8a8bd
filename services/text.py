"""Text rules shared by every write: normalisation, dedupe keys and language detection."""

import hashlib
import re
import unicodedata

import py3langid

# Runs of whitespace, punctuation (P*) and symbols (S*) collapse to one space in dedupe keys, so
# “…” and "..." and a trailing full stop do not make a second claim.
_SEPARATOR_CATEGORIES = ("P", "S", "Z", "C")


def clean_text(value: str) -> str:
    """The stored form of verbatim text: NFC-normalised and trimmed, otherwise untouched."""
    return unicodedata.normalize("NFC", value).strip()


def name_key(value: str) -> str:
    """The form names and aliases are matched on: NFKC, casefolded, single-spaced."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def normalise_for_dedupe(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).casefold()
    out: list[str] = []
    pending_space = False
    for char in folded:
        if unicodedata.category(char)[0] in _SEPARATOR_CATEGORIES:
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        out.append(char)
    return "".join(out)


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
