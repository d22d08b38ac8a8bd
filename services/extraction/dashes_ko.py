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
    if not match or not name_shaped(match.group(1)):
        return None
    title = match.group(2) if match.group(2) and title_like(match.group(2)) else None
    return SpeakerMention(match.group(1), title), after_close + match.start(1)
