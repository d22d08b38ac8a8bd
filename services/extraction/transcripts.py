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
from services.extraction.scan import Line, quotes_in, sentences
from services.extraction.speakers_en import TITLES

_MARKS = "○●■▲◆◇□△▶▷◎▣◈"
_MARKED = re.compile(rf"\s*([{_MARKS}])\s*(.*)")
_INLINE = re.compile(r"([^:>=]{1,40}?)\s*[:>=]\s*(\S)")
_EN_LABEL = re.compile(r"((?:[A-Z][A-Z.'\-]{0,30}\s){0,4}[A-Z][A-Z.'\-]{0,30})\s?:\s+(\S)")
# `진행자: …`, `김태호 교수: …`: a Korean label with no mark in front, short, then a colon.
_KO_LABEL = re.compile(r"([가-힣]{2,6}(?: [가-힣]{1,8}){0,2})\s?[:：]\s*(\S)")
_HEAD = 120  # a speaker label is at the start of its line
# Header and box labels of broadcast transcripts and pages: never a speaker.
_KO_HEADER_KEYS = frozenset([
    "방송", "진행", "출연", "대담", "일시", "방송일시", "전화", "이메일", "카카오톡", "제보", "제보하기",
    "주소", "팩스", "사진", "영상", "편집",
    "촬영", "정리", "일자", "장소", "글", "출처", "관련기사", "홈페이지", "앵커", "기자", "사회", "질문",
    "답변", "문", "답",
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
_EN_NOT_LABELS = frozenset(("NOTE", "EDITOR'S NOTE", "UPDATE", "SOURCE", "TRANSCRIPT", "PHOTO",
                            "VIDEO", "CORRECTION", "WATCH", "RELATED", "READ MORE", "SUBSCRIBE",
                            "WARNING", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "URL",
                            "TIME", "DATE", "LOCATION", "PLACE", "SUBJECT", "RE", "FROM", "TO"))


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
    return turns, covered


def _is_transcript(labels: list[_Label | None]) -> bool:
    """Two speakers; or one, when its label is certain or a reporter's or moderator's turn
    answers it (MODERATOR: … SEN. WARREN: …)."""
    speakers = sum(1 for label in labels if label and label.kind == "speaker")
    if speakers != 1:
        return speakers >= 2
    return any(label and (label.certain or label.kind == "nobody") for label in labels)


def _label(line: Line, following: Line | None) -> _Label | None:
    text = line.text[:_HEAD]
    first = text.lstrip()[:1]
    if not first or not (first in _MARKS or (first.isascii() and first.isupper())
                         or " / " in text or (hangul(first) and ":" in text[:24])):
        return None  # the quick answer for almost every line of prose
    english = _EN_LABEL.match(text) if first.isascii() else None
    if english:
        label = english.group(1).strip()
        if label in _EN_NOT_LABELS:
            return _Label("stop")
        speech_start = line.start + english.start(2)
        if (label in _EN_NOT_SPEAKERS or label.startswith("UNIDENTIFIED")
                or label.split()[0] in _EN_NAMED_HOSTS):
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
            if name.split()[0] in _KO_HEADER_KEYS if name else True:
                return _Label("stop")
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


# Statements: what in a turn a fact-checker can check.
_TAG_QUESTIONS = re.compile(r"[,，]\s*(?:그렇죠|맞죠|그렇지 않나요|안 그래요|그렇잖아요|right|isn't it|"
                            r"don't you think|wouldn't you say|no)\?$", re.I)
_INDIRECT_QUESTIONS = ("궁금합니다.", "궁금해요.", "궁금하네요.", "궁금합니다", "여쭙겠습니다.",
                       "묻고 싶습니다.")
_COURTESIES = re.compile(
    r"(?:(?:정말|너무|대단히|오늘|네,?)\s*)*(?:말씀\s*)?(?:감사합니다|고맙습니다|감사드립니다|안녕하세요|"
    r"안녕하십니까|반갑습니다)[.!]?$|지금까지 .{1,60}(?:였|이었)습니다[.]?$|"
    r"(?:[A-Z][a-z]+\.? ?(?:[A-Z][a-z]+)?, )?"  # a name called first: "Senator, thanks …"
    r"(?:thanks?|thank you|good (?:morning|afternoon|evening)|hello|hi|welcome|happy to be here|"
    r"glad to be here|great to be here|nice to (?:be|see)|pleasure)\b", re.I)
# Running the event, not stating anything: breaks, hand-overs, turning to a topic or a question.
_PROCEDURAL = re.compile(
    r"(?:(?:and|so|now|okay|ok|all right|well),? )?(?:we'll|we will|i'll|i will|let me|let's|"
    r"let us|we're going to|i'm going to)\s+(?:be (?:right )?back|take (?:a |one |two |three |"
    r"four |five |a few |some |your |\w+ more |more |a couple of |one last |one more )*"
    r"(?:questions?|break)|(?:now )?(?:turn|move|go|come|get|head) (?:it )?(?:now )?(?:over |"
    r"back |on )?(?:to|on)\b|hand (?:it )?over|open (?:it )?(?:up )?(?:to|for) questions|wrap "
    r"(?:it |this )?up|leave it there|stop (?:it |there)|pause here)|(?:the floor is yours|over "
    r"to you|back to you|next question|one (?:more|last|final) question|any (?:other |more )?"
    r"questions)\b|.{0,60}(?:이야기 나눠 보겠습니다|얘기 나눠 보겠습니다|짚어 보겠습니다|"
    r"질문 드리겠습니다|질문 받겠습니다|모시겠습니다|모셨습니다|연결해 보겠습니다|들어 보겠습니다|"
    r"넘어가 보겠습니다|넘어가겠습니다|나와 계십니다|잠시 쉬었다 가겠습니다|마치겠습니다)[.!]?$",
    re.I)
MIN_WORDS = 3


def statements(source: str, turn: Turn) -> list[tuple[int, int]]:
    """The sentences of a turn that state something: not a question, a courtesy or a fragment
    of fewer than three words."""
    found = []
    for start, end in turn.pieces:
        line = Line(start, end, source[start:end])
        if line.text.count(" ") < MIN_WORDS - 1:
            continue  # too short to hold a statement: no need to look closer
        for s, e in sentences(source, start, end, quotes_in(line)):
            text = source[s:e]
            if len(text.split()) < MIN_WORDS or not any(c.isalpha() for c in text):
                continue
            stripped = text.rstrip("\"'”’)」 ")
            if stripped.endswith("?") and not _TAG_QUESTIONS.search(stripped[-30:]):
                continue
            if (stripped.endswith(_INDIRECT_QUESTIONS) or _COURTESIES.match(text[:120])
                    or _PROCEDURAL.match(text[:120])):
                continue
            found.append((s, e))
    return found
