"""Statements: the sentences of a transcript's turn that a fact-checker can check. Not
questions, courtesies, fragments, nor the procedure of a programme or a sitting (hand-overs,
breaks, motions, seconds, votes, yields, rulings of the chair), and without the transcriber's
markers ([crosstalk], (inaudible)) at either end."""

import re

from services.extraction.scan import Line, quotes_in, sentences
from services.extraction.transcripts import Turn

_TAG_QUESTIONS = re.compile(r"[,，]\s*(?:그렇죠|맞죠|그렇지 않나요|안 그래요|그렇잖아요|right|isn't it|"
                            r"don't you think|wouldn't you say|no)\?$", re.I)
_INDIRECT_QUESTIONS = ("궁금합니다.", "궁금해요.", "궁금하네요.", "궁금합니다", "여쭙겠습니다.",
                       "묻고 싶습니다.")
_COURTESIES = re.compile(
    r"(?:(?:정말|너무|대단히|오늘|네,?)\s*)*(?:말씀\s*)?(?:감사합니다|고맙습니다|감사드립니다|안녕하세요|"
    r"안녕하십니까|반갑습니다)[.!]?$|"
    r"[^.?!\n]{0,60}(?:감사드립니다|감사합니다|고맙습니다)[.!]?$|"  # 기회를 주신 구단에 감사드립니다
    r"지금까지 .{1,60}(?:였|이었)습니다[.]?$|"
    r"(?:[A-Z][a-z]+\.? ?(?:[A-Z][a-z]+)?, )?"  # a name called first: "Senator, thanks …"
    r"(?:thanks?|thank you|good (?:morning|afternoon|evening)|hello|hi|welcome|happy to be here|"
    r"glad to be here|great to be here|nice to (?:be|see)|pleasure|(?:that's |that is |it's )?(?:a )?"
    r"(?:good|great|fair|excellent|interesting) question(?:, [\w .'’-]{1,30})?[.!]?$)", re.I)
# A name or a title called first: "Senator, …", "Chief Hale, …" (at most four words).
_CALLED = r"(?:(?:with that|and with that|so|at this time|now), )?(?:[\w.'’-]+(?: [\w.'’-]+){0,3}, )?"
# Running the event, not stating anything: breaks, hand-overs, turning to a topic or a question.
_PROCEDURAL = re.compile(
    _CALLED +
    r"(?:(?:(?:and|so|now|okay|ok|all right|well),? )?(?:we'll|we will|i'll|i will|let me|let's|"
    r"let us|we're going to|i'm going to)\s+(?:now |just |then )?(?:be (?:right )?back|take "
    r"(?:a |one |two |three |four |five |a few |some |your |\w+ more |more |a couple of |one last |"
    r"one more |a short |"
    r"a brief |a ten-minute |a five-minute )*(?:questions?|break|recess)|(?:now )?(?:turn|move|go|"
    r"come|get|head) (?:it )?(?:now )?(?:over |back |on )?(?:to|on)\b|hand (?:it )?over|"
    # `I'll pass the call to …`, `I'll hand the floor back to …`
    r"(?:hand|pass|turn) (?:the )?(?:call|floor|line|meeting|mic|microphone|conference)\b|open "
    r"(?:it )?(?:up )?(?:to|for) questions|wrap (?:it |this )?up|leave it there|stop (?:it |"
    r"there)|pause here|stand in recess)|(?:the floor is yours|you have the floor|over to you|"
    r"back to you|next question|one (?:more|last|final) question|any (?:other |more )?"
    r"questions)\b|"
    # `Operator, we're ready for questions.`, `We'll talk to you again in May.`
    r"(?:we're|we are|i'm|i am) (?:now )?ready (?:for|to take) (?:your |the |some )?questions\b|"
    r"(?:we'll|we will|i'll|i will|we look forward to) (?:talk|talking|speak|speaking) (?:to|with) "
    r"(?:you|everyone|all of you)(?: all)? (?:again|soon|next)\b|"
    r"(?:we|i) look forward to (?:updating|seeing|hearing from|speaking with|talking with|talking to) "
    r"(?:you|everyone|all of you)\b|"
    r".{0,60}(?:이야기 나눠 보겠습니다|얘기 나눠 보겠습니다|짚어 보겠습니다|"
    r"질문 드리겠습니다|질문 받겠습니다|모시겠습니다|모셨습니다|연결해 보겠습니다|들어 보겠습니다|"
    r"넘어가 보겠습니다|넘어가겠습니다|나와 계십니다|잠시 쉬었다 가겠습니다|마치겠습니다)[.!]?$)",
    re.I)
# The business of a sitting: motions, seconds, votes, yields, points of order, the chair's
# rulings, time running out, and asking for the floor ("If I could add something.").
_SITTING = re.compile(
    _CALLED +
    r"(?:i (?:would |'d )?(?:like to )?move (?:that|to|the|for|we)\b|(?:i'll |i will |i )?second "
    r"(?:that|the motion|it)\b|so moved\b|motion to \w+|i vote (?:yes|no|aye|nay|in favou?r|"
    r"against|present)\b|i (?:yield|reserve) (?:back|the)\b|point of (?:order|information|"
    r"personal privilege)\b|(?:i have )?no further questions|(?:i have )?nothing further\b|"
    r"without objection\b|so ordered\b|the (?:motion|amendment|item|ordinance|resolution) "
    r"(?:carries|passes|fails|is adopted|is approved)\b|(?:we are|we're|the meeting is|this "
    r"meeting is|the committee is|the hearing is) (?:now )?adjourned\b|the (?:\w+ )?(?:committee|"
    r"meeting|council|hearing|house|senate|board|court) will (?:come to|be in) order\b|the clerk "
    r"will call the roll\b|(?:please )?call the roll\b|(?:that's|that is) all the time we have\b|"
    # a closing sign-off: "That's all we have for now.", "That is all for today."
    r"(?:and )?(?:that's|that is|that'll be|that will be) (?:all|it) (?:we have |i have |from us |"
    r"from me |for us )?(?:for (?:now|today|tonight|this (?:morning|afternoon|evening)))?[.!]?$|"
    r"(?:we're|we are) out of time\b|if i (?:could|may|might|can) (?:just )?(?:add|respond|"
    r"interject|jump in|say something|follow up)\b|let me (?:just )?add\b|(?:can|may|could) i "
    r"(?:just )?(?:add|respond|jump in|interject|follow up)\b|i'd like to (?:add|respond)\b)", re.I)
# A transcriber's marker: [crosstalk], (inaudible), [LAUGHTER], (APPLAUSE).
_MARKER_START = re.compile(r"\s*[\[(][A-Za-z][A-Za-z ,.'-]{1,30}[\])]\s*")
_MARKER_END = re.compile(r"\s*[\[(][A-Za-z][A-Za-z ,.'-]{1,30}[\])]\s*$")
MIN_WORDS = 3


def statements(source: str, turn: Turn) -> list[tuple[int, int]]:
    """The sentences of a turn that state something: not a question, a courtesy, procedure or
    a fragment of fewer than three words."""
    found = []
    for start, end in turn.pieces:
        line = Line(start, end, source[start:end])
        if line.text.count(" ") < MIN_WORDS - 1:
            continue  # too short to hold a statement: no need to look closer
        for s, e in sentences(source, start, end, quotes_in(line)):
            s, e = _without_markers(source, s, e)
            text = source[s:e]
            if len(text.split()) < MIN_WORDS or not any(c.isalpha() for c in text):
                continue
            stripped = text.rstrip("\"'”’)」 ")
            if stripped.endswith("?") and not _TAG_QUESTIONS.search(stripped[-30:]):
                continue
            head = text[:160]
            if (stripped.endswith(_INDIRECT_QUESTIONS) or _COURTESIES.match(head)
                    or _PROCEDURAL.match(head) or _SITTING.match(head)):
                continue
            found.append((s, e))
    return found


def _without_markers(source: str, start: int, end: int) -> tuple[int, int]:
    """The sentence without a transcriber's marker at its start or its end."""
    if marker := _MARKER_START.match(source, start, min(end, start + 40)):
        start = marker.end()
    window = max(start, end - 40)
    if marker := _MARKER_END.search(source[window:end]):
        end = window + marker.start()
    return start, end
