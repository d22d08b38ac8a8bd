"""Transcripts: speaker lines and the turns they open, each turn split into the statements a
fact-checker can check.

Korean: a marked line naming the speaker (`○사티아 나델라 / 마이크로소프트 CEO`, `▲ 백수진
사무처장`), or `Name / Title` alone on a line, followed by the speech; or a marked line with the
speech after a colon (`◆ 김영수 : …`). English: `NAME: speech` (`CHIEF ANGELA MORROW: …`).
`Q:` and reporters' turns are read but give nothing, and header lines (`■ 진행 : 김도윤 앵커`)
are not turns. A text needs two speaker lines to be read as a transcript, or one that cannot be
a dateline or a bullet (`SEN. WARREN:`, `○김하늘 / 기후에너지부 장관`) or that a `Q:` answers.
"""

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from services.extraction.korean_nlp import hangul, name_shaped, title_like
from services.extraction.model import SpeakerMention
from services.extraction.noise import is_furniture
from services.extraction.scan import Line
from services.extraction.vocabulary_en import TITLES

_MARKS = "○●■▲◆◇□△▶▷◎▣◈"
_MARKED = re.compile(rf"\s*([{_MARKS}])\s*(.*)")
_INLINE = re.compile(r"([^:>=]{1,40}?)\s*[:>=]\s*(\S)")
_EN_LABEL = re.compile(r"((?:[A-Z][A-Z.'\-]{0,30}\s){0,4}(?:[A-Z][A-Z.'\-]{0,30}|\d{1,2}))\s?:\s+(\S)")
# `진행자: …`, `김태호 교수: …`: a Korean label with no mark in front, short, then a colon.
_KO_LABEL = re.compile(r"([가-힣]{2,6}(?: [가-힣]{1,8}){0,2})\s?[:：]\s*(\S)")
_HEAD = 120  # a speaker label is at the start of its line
# Header and box labels of broadcast transcripts and pages: never a speaker.
_KO_HEADER_KEYS = frozenset([
    "방송", "진행", "출연", "대담", "일시", "방송일시", "전화", "이메일", "카카오톡", "제보", "제보하기",
    "주소", "팩스", "사진", "영상", "편집",
    "촬영", "정리", "일자", "장소", "글", "출처", "관련기사", "홈페이지", "앵커", "기자", "사회", "질문",
    "답변", "문", "답", "방송일", "녹화", "녹화일", "녹화일시", "방송시간", "게재일", "날짜", "시간",
    "프로그램", "제목", "주제", "참석", "참석자", "패널", "게스트", "대담자", "구성", "작가", "연출", "PD",
    "취재", "녹취", "기록", "문의", "담당", "연락처",
])
# Who runs a programme or a meeting: their turns introduce, frame and hand over; a claim is a
# guest's. Bare CHAIR: is the chair of a sitting; CHAIRMAN SMITH: speaks for himself.
_KO_HOSTS = frozenset(("앵커", "진행자", "사회자", "MC", "엠씨"))
_EN_HOSTS = frozenset(("MODERATOR", "HOST", "CO-HOST", "ANCHOR", "PRESENTER", "INTERVIEWER",
                       "NEWSREADER", "EMCEE", "MC", "CHAIR", "CHAIRMAN", "CHAIRWOMAN",
                       "CHAIRPERSON"))
_EN_NAMED_HOSTS = frozenset(("MODERATOR", "HOST", "CO-HOST", "ANCHOR", "PRESENTER",
                             "INTERVIEWER"))
_EN_NOT_SPEAKERS = frozenset(("Q", "A", "QUESTION", "ANSWER", "REPORTER", "REPORTERS", "AUDIENCE",
                              "AUDIENCE MEMBER", "CROWD", "UNIDENTIFIED", "UNIDENTIFIED MALE",
                              "UNIDENTIFIED FEMALE", "PARTICIPANT", "OPERATOR", "ANNOUNCER",
                              "VOICE", "NARRATOR")) | _EN_HOSTS
# Words of a label that name nobody: SPEAKER FROM AUDIENCE, UNKNOWN SPEAKER, RESIDENT.
_UNNAMED_WORDS = frozenset(("AUDIENCE", "UNIDENTIFIED", "UNKNOWN", "VOICE", "VOICES", "CROWD",
                            "GALLERY", "FLOOR", "MULTIPLE", "COMMENTER", "COMMENTERS", "CALLER",
                            "RESIDENT", "RESIDENTS", "PROTESTER", "PROTESTERS", "HECKLER",
                            "ATTENDEE", "PARTICIPANT", "PARTICIPANTS", "MALE", "FEMALE", "OFF-MIC",
                            "OFF-CAMERA", "INAUDIBLE", "CROSSTALK", "GROUP"))
# Who runs a sitting or keeps its record, with THE or without: never a claim's speaker.
_SITTING_OFFICES = frozenset(("CHAIR", "CHAIRMAN", "CHAIRWOMAN", "CHAIRPERSON", "CO-CHAIR",
                              "VICE CHAIR", "CLERK", "DEPUTY CLERK", "CITY CLERK", "SECRETARY",
                              "PRESIDING OFFICER", "PRESIDING JUDGE", "SPEAKER", "COURT",
                              "BAILIFF", "WITNESS", "INTERPRETER", "PARLIAMENTARIAN",
                              "SERGEANT AT ARMS", "RECORDER", "COURT REPORTER", "STENOGRAPHER",
                              "MODERATOR", "HOST", "TIMEKEEPER"))
_EN_NOT_LABELS = frozenset(("NOTE", "EDITOR'S NOTE", "UPDATE", "SOURCE", "TRANSCRIPT", "PHOTO",
                            "VIDEO", "CORRECTION", "WATCH", "RELATED", "READ MORE", "SUBSCRIBE",
                            "WARNING", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "URL",
                            "TIME", "DATE", "LOCATION", "PLACE", "SUBJECT", "RE", "FROM", "TO",
                            "TITLE", "EVENT", "VENUE", "TOPIC", "PARTICIPANTS", "ATTENDEES",
                            "PRESENT", "PANELISTS", "PANELLISTS", "PANEL", "GUESTS", "SPEAKERS",
                            "IN ATTENDANCE", "FEATURING", "PROGRAM", "PROGRAMME", "EPISODE",
                            "AIRED", "AIR DATE", "RECORDED", "CONTACT", "MEDIA CONTACT",
                            "PRESS CONTACT", "FOR IMMEDIATE RELEASE", "EMBARGOED", "DATELINE"))
# The name of an event heading a transcript (PRESS CONFERENCE: …, PUBLIC WORKS BRIEFING: …).
_EVENT_WORDS = frozenset(("CONFERENCE", "BRIEFING", "HEARING", "MEETING", "INTERVIEW",
                          "TRANSCRIPT", "SESSION", "STATEMENT", "REMARKS", "SUMMIT", "DEBATE",
                          "FORUM", "TOWN HALL", "WEBINAR", "PODCAST", "BROADCAST", "PROCEEDINGS",
                          "MINUTES", "AGENDA", "RELEASE", "ADVISORY", "NOTICE"))
# A time stamp before a label: [00:01:12], (01:12), 00:01:12.
_TIMESTAMP = re.compile(r"\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?[\])]?\s+(?=\S)")
# A moderator hands the floor over: `Marcus, go ahead.`, `One at a time, please.`, `We'll take
# questions`, `When you're called on …`, `Next question.`
_HAND_OFF = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:[A-Z][a-z]+, )?go ahead(?:, [A-Z][a-z]+)?[.!]|one at a time\b|"
    r"(?:we'll|we will|i'll|i will|let's) (?:now )?(?:take|open it up (?:to|for)) (?:your |a few |"
    r"some )?questions\b|when you(?:'re| are) called on\b|(?:next|last|final) question\b|"
    r"(?:please )?(?:state|give|identify) your (?:name|outlet)\b|you(?:'re| are) up\b|"
    r"(?:yes|okay|ok), (?:in the back|in front|over here|over there)\b)", re.I)
_BRACKET = re.compile(r"\s*\[([가-힣]{2,6}(?: [가-힣]{1,10}){0,2})\]\s*(\S)")
# Header keys of a broadcast whose value is a date: 방송일, 녹화일시, 게재일.
_KO_DATE = re.compile(r"\s*(?:\d{4}\s*[년.\-/]|\d{1,2}\s*월\s*\d{1,2}\s*일)")


@dataclass
class Turn:
    speaker: SpeakerMention | None  # None: a reporter's or an unnamed voice's turn
    pattern: str
    label_at: int
    english: bool = False  # the name is an English label as written: CHIEF ANGELA MORROW
    pieces: list[tuple[int, int]] = field(default_factory=list)


class _Label(NamedTuple):
    kind: str  # "speaker", "nobody" (a reporter's turn), "stop" (ends a turn)
    name: str = ""
    title: str | None = None
    speech_start: int | None = None
    pattern: str = ""
    english: bool = False
    # A label that could be nothing but a speaker (SEN. WARREN:, ○김하늘 / 장관), so that one
    # is enough to make a transcript; WASHINGTON: alone may be a dateline.
    certain: bool = False


def find_turns(source: str, lines: list[Line]) -> tuple[list[Turn], set[int]]:
    """The turns of a transcript and the indexes of the lines they cover; nothing if the text
    has fewer than two speaker lines."""
    labels = [_label(line, lines[i + 1] if i + 1 < len(lines) else None)
              for i, line in enumerate(lines)]
    if not _is_transcript(labels):
        return [], set()
    turns: list[Turn] = []
    covered: set[int] = set()
    current: Turn | None = None
    for index, (line, label) in enumerate(zip(lines, labels, strict=True)):
        if label is not None:
            current = None
            if label.kind == "stop":
                continue
            covered.add(index)
            speaker = None if label.kind == "nobody" else SpeakerMention(label.name, label.title)
            current = Turn(speaker, label.pattern, line.start, label.english)
            turns.append(current)
            if label.speech_start is not None:
                current.pieces.append((label.speech_start, line.end))
            continue
        if current is None:
            continue
        if is_furniture(line):
            current = None
            continue
        covered.add(index)
        current.pieces.append((line.start, line.end))
    _silence_moderators(source, turns)
    _silence_hosts(source, turns)
    return turns, covered


def _silence_moderators(source: str, turns: list[Turn]) -> None:
    """A speaker whose turns, most of them and at least two, hand the floor over is running the
    event: none of their turns gives a claim."""
    by_name: dict[str, list[Turn]] = {}
    for turn in turns:
        if turn.speaker is not None:
            by_name.setdefault(turn.speaker.name, []).append(turn)
    for same in by_name.values():
        handing = sum(1 for turn in same if any(
            _HAND_OFF.search(source, start, min(end, start + 2000))
            for start, end in turn.pieces))
        if handing >= 2 and handing * 2 >= len(same):
            for turn in same:
                turn.speaker = None


# A host introduces the programme and its guests: `Welcome to …`, `I'm Jane Roe.`, `With me are …`,
# `Joining me now …`, `My guests today …`.
_INTRODUCES = re.compile(r"\b(?:welcome (?:back )?to|with me (?:are|is|now|today|tonight|here|in the "
                         r"studio)|joining (?:me|us)\b|my guests?\b|our guests?\b|our panel\b|"
                         r"i'm joined by|we're joined by|i am joined by)", re.I)
_SELF = r"\b(?:I'm|I am|my name is|this is)\s+"
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)(?:(?:so|now|okay|ok|and|well|we're back)[.,]?\s+)?"
                             r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?),\s")


def _given_names(turns: list[Turn]) -> dict[str, tuple[str, str, str]]:
    """Each English speaker's names as the others would call them: the whole label, the first
    word (not an honorific) and the last, casefolded."""
    names: dict[str, tuple[str, str, str]] = {}
    for turn in turns:
        if turn.speaker is not None and turn.english:
            words = [w for w in turn.speaker.name.split() if w.capitalize().rstrip(".") not in TITLES
                     and w.capitalize() not in TITLES]
            if words:
                # full name, first name, last name
                names[turn.speaker.name] = (" ".join(words).casefold(), words[0].casefold(),
                                            words[-1].casefold())
    return names


def _silence_hosts(source: str, turns: list[Turn]) -> None:
    """A host with no role word in the label (`NAOMI ROE:`): the speaker who introduces the
    others (`I'm …`, `With me are A and B`), or the first whose turns, most of them and at
    least two, call another speaker by first name (`Ben, let's start with …`): none of their
    turns gives a claim."""
    names = _given_names(turns)
    if len(names) < 2:
        return
    by_name: dict[str, list[str]] = {}
    for turn in turns:
        if turn.speaker is not None and turn.speaker.name in names:
            text = " ".join(source[s:min(e, s + 2000)] for s, e in turn.pieces)
            by_name.setdefault(turn.speaker.name, []).append(text)
    host = None
    for name, texts in by_name.items():  # in the order they first speak
        others = set().union(*(v for k, v in names.items() if k != name))
        own = names[name]
        if any(_INTRODUCES.search(text) and (
                any(o in text.casefold() for o in others if " " in o)
                or re.search(_SELF + "(?:" + "|".join(map(re.escape, own)) + r")\b", text, re.I))
               for text in texts):
            host = name
            break
        # Called by the first name (`Ben, …`), as a host does; a questioner at a hearing calls
        # people by title (`Chief, …`, `Ms. Roe, …`), and asking alone does not make a host.
        given = {called for k, v in names.items() if k != name for called in v[:2]}
        calling = sum(1 for text in texts if any(
            match.group(1).casefold() in given for match in _SENTENCE_START.finditer(text)))
        if calling >= 2 and calling * 3 >= len(texts) * 2:
            host = name
            break
    if host is not None:
        for turn in turns:
            if turn.speaker is not None and turn.speaker.name == host:
                turn.speaker = None


def _is_transcript(labels: list[_Label | None]) -> bool:
    """Two speakers; or one, when its label is certain or a reporter's or moderator's turn
    answers it (MODERATOR: … SEN. WARREN: …)."""
    speakers = sum(1 for label in labels if label and label.kind == "speaker")
    if speakers != 1:
        return speakers >= 2
    return any(label and (label.certain or label.kind == "nobody") for label in labels)


def _label(line: Line, following: Line | None) -> _Label | None:
    if stamp := _TIMESTAMP.match(line.text[:20]):
        line = Line(line.start + stamp.end(), line.end, line.text[stamp.end():], line.paragraph)
    text = line.text[:_HEAD]
    first = text.lstrip()[:1]
    if not first or not (first in _MARKS or (first.isascii() and first.isupper())
                         or " / " in text or (hangul(first) and ":" in text[:24]) or first == "["):
        return None  # the quick answer for almost every line of prose
    if first == "[":
        return _bracket_label(line, text)
    english = _EN_LABEL.match(text) if first.isascii() else None
    if english:
        label = english.group(1).strip()
        if label in _EN_NOT_LABELS or _heading(label, line.text[english.start(2):]):
            return _Label("stop")
        speech_start = line.start + english.start(2)
        if (label in _EN_NOT_SPEAKERS or label.startswith("UNIDENTIFIED")
                or label.split()[0] in _EN_NAMED_HOSTS or _unnamed_voice(label)
                or _office_of_the_sitting(label)):
            return _Label("nobody", speech_start=speech_start)
        honorific = label.split()[0].capitalize() in TITLES and " " in label
        return _Label("speaker", label, None, speech_start, "transcript-label", english=True,
                      certain=honorific)
    marked = _MARKED.match(text)
    if marked:
        rest = marked.group(2).strip()
        inline = _INLINE.match(rest)
        if inline:
            name = inline.group(1).strip()
            speech_start = line.start + marked.start(2) + inline.start(2)
            if _hosts(name):
                return _Label("nobody", speech_start=speech_start)  # ◆ 앵커 : …
            if (name.split()[0] in _KO_HEADER_KEYS if name else True) or _KO_DATE.match(
                    rest[inline.start(2):inline.start(2) + 20]):
                return _Label("stop")  # ■ 방송일 : 2031년 3월 4일
            parsed = _name_and_title(name)
            if parsed is None:
                return _Label("stop")
            return _Label("speaker", *parsed, speech_start, "transcript-label",
                          certain=_titled(*parsed))
        if len(line.text) <= 60 and _hosts(rest) and _speech_follows(following):
            return _Label("nobody")  # ■ 김도윤 앵커, ○진행자 / 김도윤
        parsed = _name_and_title(rest) if len(line.text) <= 60 else None
        if parsed is None or not _speech_follows(following):
            return _Label("stop")
        return _Label("speaker", *parsed, None, "transcript-speaker-line",
                      certain=_titled(*parsed))
    if hangul(first):
        return _korean_label(line, text)
    if " / " in text and len(line.text) <= 60 and _speech_follows(following):
        parsed = _name_and_title(text.strip())
        if parsed is not None:
            return _Label("speaker", *parsed, None, "transcript-speaker-line")
    return None


def _bracket_label(line: Line, text: str) -> _Label | None:
    """`[진행자] …`, `[앵커] …` (a host's turn), `[기자] …` (a reporter's), `[나은채 교수] …` (a
    guest's: a name and a title, so that a headline tag such as `[속보]` is not a speaker)."""
    match = _BRACKET.match(text)
    if not match:
        return None
    name, speech_start = match.group(1).strip(), line.start + match.start(2)
    if _hosts(name) or name in ("기자", "리포터", "질문", "문"):
        return _Label("nobody", speech_start=speech_start)
    parsed = _name_and_title(name)
    if parsed is None or not _titled(*parsed) or not name_shaped(parsed[0]):
        return None
    return _Label("speaker", *parsed, speech_start, "transcript-label", certain=True)


def _heading(label: str, speech: str) -> bool:
    """`PRESS CONFERENCE: RIVERSIDE FIRE`, `PUBLIC WORKS BRIEFING: …`: the name of an event, or
    a label whose words after the colon are capitals too (a heading, not speech)."""
    words = label.split()
    if any(word in _EVENT_WORDS for word in words) or " ".join(words[-2:]) in _EVENT_WORDS:
        return True
    letters = [c for c in speech[:80] if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _unnamed_voice(label: str) -> bool:
    """`SPEAKER FROM AUDIENCE`, `MALE SPEAKER`, `SPEAKER 2`, `PUBLIC COMMENTER`: a voice the
    transcript does not name (but `SPEAKER HOLLOWAY` is the Speaker of a house, named)."""
    words = label.split()
    if any(word in _UNNAMED_WORDS or word.isdigit() for word in words):
        return True
    return words[-1] in ("SPEAKER", "SPEAKERS")


def _office_of_the_sitting(label: str) -> bool:
    """`THE CHAIR`, `THE CLERK`, `CLERK`, `PRESIDING OFFICER`: whoever runs a sitting or
    keeps its record speaks for the sitting, not for themselves."""
    words = label.split()
    if words[0] == "THE":
        words = words[1:]
    return " ".join(words) in _SITTING_OFFICES


def _hosts(label: str) -> bool:
    """A host's or moderator's label: `김도윤 앵커`, `진행자 / 김도윤`, `사회자`."""
    words = label.replace("/", " ").split()
    return 0 < len(words) <= 5 and any(word in _KO_HOSTS for word in words)


def _korean_label(line: Line, text: str) -> _Label | None:
    """An unmarked Korean label: `진행자: …` (a host's turn), `김태호 교수: …` (a guest's);
    a header key (`방송 : …`) ends a turn. A name alone must have three syllables or more
    (`이유: …` is prose)."""
    match = _KO_LABEL.match(text)
    if not match:
        return None
    name, speech_start = match.group(1), line.start + match.start(2)
    if _hosts(name):
        return _Label("nobody", speech_start=speech_start)
    if name.split()[0] in _KO_HEADER_KEYS:
        return _Label("stop")
    parsed = _name_and_title(name)
    if parsed is None or not ((parsed[1] and title_like(parsed[1].split()[-1]))
                              or (len(parsed[0]) >= 3 and parsed[1] is None)):
        return None
    return _Label("speaker", *parsed, speech_start, "transcript-label")


def _titled(name: str, title: str | None) -> bool:
    """A marked name with a title (○김하늘 / 기후에너지부 장관, ■ 김도윤 앵커): a speaker, not
    the item of a bulleted list (▲ 정부 지원 확대)."""
    return bool(title) and title_like(title.split()[-1])


def _speech_follows(line: Line | None) -> bool:
    return line is not None and bool(line.text.strip()) and not _MARKED.match(line.text)


def _name_and_title(label: str) -> tuple[str, str | None] | None:
    """`사티아 나델라 / 마이크로소프트 CEO`, `백수진 사무처장`, `Angela Morrow`."""
    name, _, title = (part.strip() for part in label.partition("/"))
    if _ends_like_prose(name) or not name or name.split()[0] in _KO_HEADER_KEYS:
        return None
    words = name.split()
    if title:
        return (name, title) if len(words) <= 4 else None
    if name_shaped(words[0]) and len(words) <= 5:
        return words[0], " ".join(words[1:]) or None
    if all(word[:1].isupper() for word in words) and len(words) <= 4:
        return name, None
    return None


def _ends_like_prose(text: str) -> bool:
    return text.endswith((".", "?", "!", "다", "요", ":")) or len(text) > 40
