"""Page furniture and headline-list columns: what is never a claim and must not be mistaken for a
speaker. Every pattern here runs on a bounded slice of a line (its first or last 80 characters),
so a line of a megabyte costs no more than a short one."""

import re

from services.extraction.scan import Line

# Lines that are navigation, bylines, contact boxes, copyright and the like.
_FURNITURE_START = re.compile(
    r"(?:메뉴 건너뛰기|본문 바로가기|많이 본 뉴스|더보기|관련기사|번호 제목|입력 ?\d|수정 ?\d|기사입력|"
    r"[▷☞※]|Skip to|Advertisement|Share this|Sign up|Subscribe|Updated |Published |"
    r"Photo:|Image:|Read more|By [A-Z])")
_FURNITURE_ANYWHERE = re.compile(r"ⓒ|©|무단전재|재배포 금지|All rights reserved|[\w.+-]+@[\w-]+\.[\w.]+")
# The header box of a broadcast page: `방송 : MBS 라디오 '아침의 창'`, `■ 출연 : …`, `Date: …`.
_HEADER_LINE = re.compile(
    r"[○●■▲◆◇□△▶◎▣◈*\s]*(?:방송|방송일시|일시|일자|출연|진행|대담|사회|장소|프로그램|코너|"
    r"방송시간|녹음|녹화|Program|Programme|Show|Date|Air ?date|Guests?|Location)\s*[:：]")
# A printed interview's footer: the issue it ran in, the editing note, the writer's bio, and the
# byline of a pull quote (`— Jane Roe`); after the last answer, none of it is the answer.
_FOOTER = re.compile(
    r"(?:[—–―]\s*(?:[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}(?:,.{0,60})?|"
    r"[가-힣]{2,4}(?: [가-힣]{1,8}){0,2})$|(?:This|The) (?:article|interview|story|piece|essay|"
    r"column|Q&A|conversation) (?:appears|appeared|first appeared|was (?:first )?published|"
    r"is published|ran|will appear|has been (?:edited|condensed)|was (?:edited|condensed)|"
    r"is (?:edited|condensed))\b|(?:Interview|Conversation|Transcript|Answers|Responses)s? "
    r"(?:have been |has been |was |were |are |is )?(?:lightly )?(?:edited|condensed)\b|"
    r"(?:Interview(?:ed)?|Conversation|Reporting|Photos?|Photography|Illustrations?|Edited|"
    r"Produced) by [A-Z]|[-*_=~·• ]{3,}$|"
    # a transcription service's disclaimer under the last turn
    r"Transcripts? (?:may|might|can|could) (?:contain|include|have) (?:errors|mistakes|"
    r"inaccuracies)|(?:Please )?(?:check|verify|consult) (?:the )?(?:corresponding|original) "
    r"(?:audio|video|recording)|"
    r"(?:[A-Z][\w'’-]+ ){1,3}is an? (?:[a-z]+ ){0,2}"
    r"(?:writer|editor|reporter|journalist|correspondent|columnist|photographer)\b.{0,80}$)")
_BYLINE = re.compile(r"(?:\S+\s){0,3}\S{2,4} 기자$")
_DATE_ONLY = re.compile(r"[\d.:/\- ]+$")
# A line wholly in square brackets: a programme's or a page's caption (`[새벽FM '오늘의 경제
# 읽기']`, `[인터뷰 전문]`), never speech.
_BRACKETED = re.compile(r"\[[^\[\]]{1,78}\]")
# A stage direction of a broadcast transcript: (BEGIN VIDEOTAPE), (CROSSTALK), (웃음).
# A pull quote set off as a block quote (`> "…"`): a repeat of words the body gives.
_PULL_QUOTE = re.compile(r"\s*>\s*[\"“].{1,300}[\"”]\s*$")
_STAGE_DIRECTION = re.compile(r"\((?:[A-Z][A-Z ,.'-]*|웃음|박수|음성 ?변조)\)$")

# A headline row: a row or rank number in front, outlet and date (or age) columns behind.
_ROW_NUMBER = re.compile(r"\s*\d{1,7}\s+(?=\D)")
_TRAILING_COLUMNS = re.compile(
    r"(?:\s+\(?[^\s()\"'“”‘’]{1,20}\)?)?\s*"
    r"(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}\.?|\d{1,3}\s*(?:초|분|시간|일|주)\s*전)\s*$|"
    # a newsletter's row: `(outlet 06:41)`, `(outlet, 11/28)` at its end
    r"\s+\([^()\"'“”‘’]{1,20}[\s,]+\d{1,2}[:/.]\d{2}\)\s*$")
# Tags in front of or inside a headline: [속보], [단독], [현장 스케치], (종합), (종합2보), <1보>.
LEADING_TAGS = re.compile(r"\s*(?:\[[^\]\"“”]{1,15}\]|【[^】]{1,15}】|<[^>\"“”]{1,10}>)\s*")
# A bullet in front of a line of a release or a list (`○ 손 국장은 …`, `• …`, `- …`): not a word.
_BULLET = re.compile(r"\s*(?:[○●■▲◆◇□△▶◎▣◈•◦‣∙❍·・▪①-⑳❶-❿]|[-*](?=\s))\s*")
_TAIL = 80


def is_furniture(line: Line) -> bool:
    head = line.text[:_TAIL].strip()
    if not head:
        return True
    if (_FURNITURE_START.match(head) or _HEADER_LINE.match(head) or _BRACKETED.fullmatch(head)
            or (len(line.text) <= 200 and _FOOTER.match(line.text.strip().strip("*_ ")))
            or (len(line.text) <= 320 and _PULL_QUOTE.match(line.text))
            or _FURNITURE_ANYWHERE.search(line.text[:200])):
        return True
    if line.text.rstrip().endswith(("검색결과", "검색 결과", "search results")) and len(line.text) <= 80:
        return True  # a search page's heading: `뉴스 '…' 검색결과`
    if len(line.text) <= 40:
        short = line.text.strip()
        return bool(_BYLINE.fullmatch(short) or _DATE_ONLY.fullmatch(short)
                    or _STAGE_DIRECTION.fullmatch(short) or short in ("END", "###", "-30-"))
    return False


def content_range(line: Line) -> tuple[int, int]:
    """The part of a line that can hold claims: without a leading row number and tags, and,
    for a row of a headline list, without its outlet and date columns."""
    cell = _widest_cell(line.text)
    if cell is not None:
        line = Line(line.start + cell[0], line.start + cell[1], line.text[cell[0]:cell[1]],
                    line.paragraph)
    text = line.text
    start = 0
    number = _ROW_NUMBER.match(text[:_TAIL])
    if number:
        start = number.end()
    if bullet := _BULLET.match(text[start:start + _TAIL]):
        start += bullet.end()
    while tag := LEADING_TAGS.match(text[start:start + _TAIL]):
        if not tag.end():
            break
        start += tag.end()
    end = len(text)
    tail_at = max(start, end - _TAIL)
    columns = _TRAILING_COLUMNS.search(text[tail_at:])
    if columns and (number or "(" in columns.group(0) or re.search(r"\d{4}[./-]", columns.group(0))):
        end = tail_at + columns.start()
    return line.start + start, line.start + max(start, end)


def without_columns(text: str) -> int:
    """Where a headline row's trailing outlet and time columns start (`… (outlet 06:41)`), or
    the length of `text` when it has none; `text` is at most a line's tail."""
    columns = _TRAILING_COLUMNS.search(text[-_TAIL:])
    if columns is None or "(" not in columns.group(0):
        return len(text)
    return len(text) - len(text[-_TAIL:]) + columns.start()


def _widest_cell(text: str) -> tuple[int, int] | None:
    """Of a row of a table drawn with pipes (`| 3 | 이름 "…" | 언론사 | 날짜 |`), the widest
    cell, which holds the headline; None for a line that is not such a row."""
    if not text.lstrip().startswith("|") or text.count("|") < 3:
        return None
    best: tuple[int, int] | None = None
    at = text.index("|") + 1
    while at < len(text):
        bar = text.find("|", at)
        end = bar if bar != -1 else len(text)
        left = at + len(text[at:end]) - len(text[at:end].lstrip())
        right = end - (len(text[at:end]) - len(text[at:end].rstrip()))
        if right > left and (best is None or right - left > best[1] - best[0]):
            best = (left, right)
        if bar == -1:
            break
        at = bar + 1
    return best


# A quote right after one of these is a scare quote or a name, never speech.
SCARE_CUES_KO = ("이른바", "소위", "일명", "이름하여", "이른바 ")


def is_headline_like(source: str, start: int, end: int) -> bool:
    """Short, and not ended like a sentence of prose (다. 요. and full stops)."""
    if end - start > 200:
        return False
    tail = source[max(start, end - 3):end].rstrip()
    return not tail.endswith((".", "다", "요", "!"))
