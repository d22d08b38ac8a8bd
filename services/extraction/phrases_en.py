"""Small readings of English quote paragraphs: the nearest attributed quote on each side, a
named subject, an affiliation after a name, a line of nothing but quotes."""

from services.extraction.mentions import Mentions
from services.extraction.model import SpeakerMention
from services.extraction.scan import Line, Quote
from services.extraction.vocabulary_en import SUBJECT_PRONOUNS


def nearest_speakers(speakers: list[tuple[SpeakerMention, str] | None]
             ) -> tuple[list[SpeakerMention | None], list[SpeakerMention | None]]:
    """For each quote, the speaker of the nearest attributed quote before it and after it in
    its paragraph (two passes, not one search per quote)."""
    before: list[SpeakerMention | None] = []
    last = None
    for item in speakers:
        before.append(last)
        last = item[0] if item else last
    after: list[SpeakerMention | None] = [None] * len(speakers)
    last = None
    for index in range(len(speakers) - 1, -1, -1):
        after[index] = last
        last = speakers[index][0] if speakers[index] else last
    return before, after


def named_subject(words: list[str], mentions: Mentions) -> bool:
    """He/she, a surname the text gave in full, or a run of two capitalised names at the end
    (`Council member Teresa Villanueva`, `Dr. Amara Okafor`)."""
    if len(words) == 1:
        return words[0] in SUBJECT_PRONOUNS or mentions.full_name(words[0]) is not None
    return (len(words) <= 6 and all(w[:1].isupper() for w in words[-2:])
            and not any(w.casefold() in ("the", "a", "an", "this", "that") for w in words))


def without_affiliation(words: list[str]) -> list[str]:
    """`of the University of Leeds put it bluntly`: the verb phrase without the affiliation
    that follows a name (of/at/from, then a capitalised body)."""
    if not words or words[0] not in ("of", "at", "from"):
        return words
    index = 1
    while index < len(words) and (words[index][:1].isupper() or words[index] in ("the", "of")):
        index += 1
    return words[index:] if index > 1 and words[index - 1][:1].isupper() else words


def only_quotes(source: str, line: Line, quotes: list[Quote]) -> bool:
    """Nothing on the line but quotes and punctuation."""
    at = line.start
    for quote in quotes:
        if any(char.isalnum() for char in source[at:quote.open]):
            return False
        at = quote.close + 1
    return not any(char.isalnum() for char in source[at:line.end])


def words_at_least(text: str, count: int) -> bool:
    return len(text.split(None, count)) >= count
