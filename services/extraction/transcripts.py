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

from services.extraction.cues import Label as _Label
from services.extraction.cues import (
    header_hosts,
    heading,
    heads_a_list,
    repeating,
    shaped_cue,
    silence_askers,
    silence_named,
)
from services.extraction.hosts import silence_hosts, silence_moderators
from services.extraction.interviews import answer_cues, interview_turns
from services.extraction.interviews_ko import korean_interview_turns
from services.extraction.korean_nlp import hangul, name_shaped, title_like
from services.extraction.model import SpeakerMention, Turn
from services.extraction.noise import is_furniture
from services.extraction.qa import qa_turns
from services.extraction.scan import Line
from services.extraction.vocabulary_en import (
    EN_NOT_LABELS,
    HEADING_WORDS,
    SITTING_OFFICES,
    TITLES,
    UNNAMED_WORDS,
)

__all__ = ["Turn", "find_turns"]

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
# A time stamp before a label: [00:01:12], (01:12), 00:01:12.
_TIMESTAMP = re.compile(r"\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?[\])]?\s+(?=\S)")
# Cues of a Q&A or an examination, and the examiner's line: `Q.`, `A:`, `THE WITNESS:`, `BY MR. ROE:`.
_QA_CUE = re.compile(r"\s*(Q|A|QUESTION|ANSWER)\s?[.:)]\s+(\S)")
_WITNESS = re.compile(r"\s*(?:THE )?(?:WITNESS|DEPONENT|INTERVIEWEE)\s?:\s+(\S)")
_EXAMINER = re.compile(r"\s*BY (?:MR|MS|MRS|DR|MX)\.? [A-Z][A-Z'’ -]{1,40}:?\s*$")
_LOOSE = re.compile(r"\s*(?:\[([A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2})\]|((?:(?:Mr|Ms|Mrs|Dr|Prof)\. )?"
                    r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2})(?: \([^()]{1,50}\))?\s?[:>])"
                    r"\s+([A-Z0-9\"“‘'(\[])")
_BRACKET = re.compile(r"\s*\[([가-힣]{2,6}(?: [가-힣]{1,10}){0,2})\]\s*(\S)")
# Header keys of a broadcast whose value is a date: 방송일, 녹화일시, 게재일.
_KO_DATE = re.compile(r"\s*(?:\d{4}\s*[년.\-/]|\d{1,2}\s*월\s*\d{1,2}\s*일)")


def find_turns(source: str, lines: list[Line]) -> tuple[list[Turn], set[int]]:
    """The turns of a transcript and the indexes of the lines they cover; nothing if the text
    has fewer than two speaker lines."""
    if (qa := qa_turns(lines))[0]:
        return qa
    labels = repeating([_label(line, lines[i + 1] if i + 1 < len(lines) else None)
                         for i, line in enumerate(lines)])
    if not _is_transcript(labels):
        return qa if (qa := interview_turns(lines))[0] else korean_interview_turns(lines)
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
            current = Turn(speaker, label.pattern, line.start, label.english, cue=label.cue)
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
    answer_cues(source, lines, turns)
    silence_moderators(source, turns)
    silence_hosts(source, turns)
    silence_named(turns, header_hosts(lines))
    silence_askers(source, turns)
    return turns, covered


def _is_transcript(labels: list[_Label | None]) -> bool:
    """Two speakers; or one, when its label is certain or a reporter's or moderator's turn
    answers it (MODERATOR: … SEN. WARREN: …)."""
    speakers = sum(1 for label in labels if label and label.kind == "speaker")
    cues = {label.cue for label in labels if label and label.cue}
    if cues == {"Q", "A"} and sum(1 for label in labels if label and label.cue) >= 3:
        return True  # Q. … A. … Q. …: a Q&A or an examination
    loose = {label.name for label in labels if label and label.loose}
    if loose and len(loose) < 2 and speakers == sum(1 for lb in labels if lb and lb.loose):
        return False  # `Nadia Brill:` once, and nothing else: prose, not a transcript
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
    if first.isascii() and (cue := _cue(line, text)) is not None:
        return cue
    if first.isascii() and (shaped := shaped_cue(line, following)) is not None:
        return shaped
    if first == "[":
        return _bracket_label(line, text) or _loose_label(line, text)
    english = _EN_LABEL.match(text) if first.isascii() else None
    if english:
        label = english.group(1).strip()
        if label in EN_NOT_LABELS or heading(label, line.text[english.start(2):]):
            return _Label("stop")
        speech_start = line.start + english.start(2)
        if (label in _EN_NOT_SPEAKERS or label.startswith("UNIDENTIFIED")
                or label.split()[0] in _EN_NAMED_HOSTS or _unnamed_voice(label)
                or _office_of_the_sitting(label)):
            return _Label("nobody", speech_start=speech_start)
        honorific = label.split()[0].capitalize() in TITLES and " " in label
        return _Label("speaker", label, None, speech_start, "transcript-label", english=True,
                      certain=honorific)
    if first.isascii() and (loose := _loose_label(line, text)) is not None:
        return loose
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
        if parsed is None or not _speech_follows(following) or heads_a_list(following):
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


def _cue(line: Line, text: str) -> _Label | None:
    """`Q.`/`Q:` (the questioner side), `A.`/`A:` and `THE WITNESS:` (the answerer, named in
    the header); `BY MS. ROE:` (who examines now) ends a turn."""
    if match := _QA_CUE.match(text):
        return _Label("nobody", speech_start=line.start + match.start(2), cue=match.group(1)[0])
    if match := _WITNESS.match(text):
        return _Label("nobody", speech_start=line.start + match.start(1), cue="A")
    if _EXAMINER.match(text):
        return _Label("stop")
    return None


def _loose_label(line: Line, text: str) -> _Label | None:
    """`Nadia Brill: …`, `[Nadia Brill] …`, `Nadia Brill (Library Board): …`, `Nadia Brill > …`:
    a name of two or three capitalised words (no heading word) and speech that opens a sentence."""
    match = _LOOSE.match(text)
    if not match:
        return None
    name = match.group(1) or match.group(2)
    words = name.split()
    if any(word.rstrip(".") in HEADING_WORDS for word in words):
        return None
    return _Label("speaker", name, None, line.start + match.start(3), "transcript-label",
                  english=True, loose=True)


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


def _unnamed_voice(label: str) -> bool:
    """`SPEAKER FROM AUDIENCE`, `MALE SPEAKER`, `SPEAKER 2`, `PUBLIC COMMENTER`: a voice the
    transcript does not name (but `SPEAKER HOLLOWAY` is the Speaker of a house, named)."""
    words = label.split()
    if any(word in UNNAMED_WORDS or word.isdigit() for word in words):
        return True
    return words[-1] in ("SPEAKER", "SPEAKERS")


def _office_of_the_sitting(label: str) -> bool:
    """`THE CHAIR`, `THE CLERK`, `CLERK`, `PRESIDING OFFICER`: whoever runs a sitting or
    keeps its record speaks for the sitting, not for themselves."""
    words = label.split()
    if words[0] == "THE":
        words = words[1:]
    return " ".join(words) in SITTING_OFFICES


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
