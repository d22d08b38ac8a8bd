"""Snippets of the original text with the query's matches in <mark>, HTML-escaped elsewhere."""

import html
import unicodedata

from services.search.analyzer import normalise, run_tokens, runs
from services.search.query import SearchQuery

SNIPPET_LENGTH = 200


def _needles(query: SearchQuery) -> tuple[set[str], set[str]]:
    """What to mark: CJK strings to find inside CJK runs, and stems of other words."""
    cjk: set[str] = set()
    stems: set[str] = set()
    for word in query.words:
        normalised = normalise(word)
        for is_cjk_run, start, end in runs(normalised):
            run = normalised[start:end]
            if is_cjk_run:
                cjk.add(run)
            else:
                stems.add(run_tokens(False, run)[0])
    return cjk, stems


_JOINERS = {"\uff9e", "\uff9f"}  # half-width voiced sound marks: ｶﾞ is one letter, ガ


def _cluster_end(text: str, index: int) -> int:
    """Just past the character at `index` and the marks that belong to it."""
    end = index + 1
    while end < len(text) and (unicodedata.category(text[end])[0] == "M" or text[end] in _JOINERS):
        end += 1
    return end


def _normalised_with_origins(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the index of the original one. A
    character is normalised together with the marks that follow it, as in the whole text."""
    out: list[str] = []
    origins: list[int] = []
    index = 0
    while index < len(text):
        end = _cluster_end(text, index)
        folded = normalise(text[index:end])
        out.append(folded)
        origins.extend([index] * len(folded))
        index = end
    return "".join(out), origins


def match_spans(text: str, query: SearchQuery) -> list[tuple[int, int]]:
    """Merged (start, end) spans of `text` that the query matches."""
    cjk, stems = _needles(query)
    normalised, origins = _normalised_with_origins(text)
    spans: list[tuple[int, int]] = []
    for is_cjk_run, start, end in runs(normalised):
        run = normalised[start:end]
        if is_cjk_run:
            for needle in cjk:
                if len(needle) == 1 and run != needle:
                    continue  # one syllable matches a one-syllable word only, as in search
                found = run.find(needle)
                while found != -1:
                    spans.append((start + found, start + found + len(needle)))
                    found = run.find(needle, found + 1)
        elif run_tokens(False, run)[0] in stems:
            spans.append((start, end))
    original = sorted((origins[s], _cluster_end(text, origins[e - 1])) for s, e in spans)
    merged: list[tuple[int, int]] = []
    for start, end in original:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, query: SearchQuery, *, length: int = SNIPPET_LENGTH) -> str:
    """Up to `length` characters of `text` around its first match, marked and escaped."""
    spans = match_spans(text, query)
    begin = 0
    if spans and len(text) > length:
        begin = max(0, min(spans[0][0] - length // 4, len(text) - length))
    end = min(len(text), begin + length)
    out = ["…" if begin else ""]
    cursor = begin
    for start, stop in spans:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        out.append(html.escape(text[cursor:start]))
        out.append(f"<mark>{html.escape(text[start:stop])}</mark>")
        cursor = stop
    out.append(html.escape(text[cursor:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)

