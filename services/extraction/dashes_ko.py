"""A Korean dash byline: the speaker set under or after a quote with a dash (`"…" ―이름 직함`, or
the quote alone on its line and `— 이름(82), 직함 …` on the next), as a newsletter's quote of the
day or a pull quote prints it."""

import re

from services.extraction.korean_nlp import name_shaped, title_like
from services.extraction.model import SpeakerMention

# After the closing mark: spaces, at most one line break, a dash, a name, an age, a title.
_DASH_BYLINE = re.compile(r"[ \t]*(?:\r?\n[ \t]*)?(?:[—―–]|-{1,2})[ \t]*([가-힣]{2,4})"
                          r"(?:[ \t]*\(\d{1,3}\))?(?:[ \t]+([가-힣A-Za-z]{1,10}))?(?=[\s,.·]|$)")


def dash_byline(source: str, after_close: int) -> tuple[SpeakerMention, int] | None:
    """The person a dash names right after a quote, and where the name starts; a word that is
    not name-shaped (`— 편집자`, `― 끝`) is nobody."""
    match = _DASH_BYLINE.match(source[after_close:after_close + 40])
    if not match or _unnamed(source, after_close + match.start(1)):
        return None
    if (later := _later_name(source, after_close + match.start(1))) is not None:
        return later
    if not name_shaped(match.group(1)):
        return None
    title = match.group(2) if match.group(2) and title_like(match.group(2)) else None
    return SpeakerMention(match.group(1), title), after_close + match.start(1)


_WORDS = re.compile(r"[^\s,]+")


def _later_name(source: str, start: int) -> tuple[SpeakerMention, int] | None:
    """`— 경기 한빛시 주민 이름 씨, …`: places and a kind of person before the name; the name is
    the word before `씨` or a title, up to the comma (at most six words)."""
    end = start + 60
    for stop in (",", "\n"):
        if (found := source.find(stop, start, end)) != -1:
            end = found
    words = list(_WORDS.finditer(source, start, end))[:6]
    first = words[0].group() if words else ""
    if (len(first) == 3 and name_shaped(first) and len(words) >= 3
            and any(title_like(word.group()) for word in words[2:])):
        titles = [word.group() for word in words[2:] if title_like(word.group())]
        return SpeakerMention(first, titles[-1]), words[0].start()  # `― 이름 국회 위원장`
    for index in range(len(words) - 2, 0, -1):
        name, after = words[index].group(), words[index + 1].group()
        if name_shaped(name) and (after == "씨" or title_like(after)):
            return SpeakerMention(name, None if after == "씨" else after), words[index].start()
    return None


# `― 부산에서 만난 한 주부`, `— 현장에서 만난 30대 직장인`: a passer-by, nobody the text names.
_UNNAMED = re.compile(r"(?:^|\s)(?:한|\d+대|어느)\s[가-힣]+\s*$|만난\s")


def _unnamed(source: str, start: int) -> bool:
    end = source.find("\n", start, start + 80)
    line = source[start:end if end != -1 else start + 80].split(",")[0]
    return bool(_UNNAMED.search(line))
