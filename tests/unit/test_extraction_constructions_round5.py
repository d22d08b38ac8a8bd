"""Constructions of round 5 (generalisation): turn and list detection by structure. A speaker
cue is a prefix or a short line that repeats with one shape, its name listed in the header or
recurring as a cue; a marked line that never recurs and heads a list is a section header; list
rows ending in `(outlet time)` are headlines; the questioner side (a host named in the header,
a public information officer) gives nothing. Every text is fictional and written for the
construction (none from an evaluation set)."""


from services.extraction import extract
from services.extraction.korean_nlp import RuleAnalyzer
from tests.unit.extraction_support import found


def patterns(text, analyzer=None):
    return {c.pattern for c in extract(text, analyzer=analyzer or RuleAnalyzer()).candidates}


# A Korean newsletter: section heads (a mark and one word) over bullet rows, each ending in
# `(outlet time)`. The heads are not speakers; each row is a headline.

_NEWSLETTER = "\n".join([
    "[저녁 브리핑] 2033년 4월 2일",
    "",
    "오늘 저녁 챙겨 볼 소식을 모았습니다.",
    "",
    "■ 지역",
    "· 김서연 군수 \"내년부터 마을버스 요금 무료화\" (청솔신문 17:20)",
    "· 도의회, 추경안 심사 하루 연장 (도민일보 16:05)",
    "",
    "■ 산업",
    "· 국토교통부 \"하반기 물류센터 두 곳 더 연다\" (경제온 18:02)",
    "· \"부품 수급 연말까지 빠듯\"…구태경 누리전자 대표 (경제온 16:44)",
    "",
    "■ 가장 많이 본 기사",
    "1. 김서연 군수 \"내년부터 마을버스 요금 무료화\"",
    "2. 도의회, 추경안 심사 하루 연장",
])


def test_section_heads_of_a_newsletter_are_not_speakers(analyzer):
    result = found(_NEWSLETTER, analyzer)
    assert ("김서연", "내년부터 마을버스 요금 무료화") in result
    assert ("국토교통부", "하반기 물류센터 두 곳 더 연다") in result
    assert ("구태경", "부품 수급 연말까지 빠듯") in result
    assert not any(name in ("지역", "산업", "가장") for name, _ in result)
    assert "transcript-speaker-line" not in patterns(_NEWSLETTER, analyzer)


# A transcription service: `Name (mm:ss):` alone on its line, the turn on the lines below;
# a `Speakers:` list with titles; the public information officer runs it; `Speaker 4` asks.

_SERVICE = "\n".join([
    "Pelham Township Briefing on the Mill Road Water Main - Transcript",
    "March 3, 2032 | Township Hall",
    "",
    "Speakers:",
    "Rosa Quintero, Pelham Township Public Information Officer",
    "Engineer Tobias Wrenfield, Pelham Water Department",
    "Mayor Hilde Avramov, Township of Pelham",
    "",
    "Rosa Quintero (00:00):",
    "Good morning. We'll hear from the mayor and the engineer, then we'll take questions.",
    "",
    "Hilde Avramov (00:14):",
    "Thank you, Rosa. The main broke under Mill Road shortly after midnight. Forty homes lost "
    "water pressure for most of the night.",
    "",
    "Tobias Wrenfield (01:02):",
    "The crews replaced eleven feet of pipe before sunrise.",
    "Pressure should be normal across the township by this evening.",
    "",
    "Speaker 4 (01:40):",
    "Ned Falk, Township Courier. Was the pipe on the replacement list?",
    "",
    "Tobias Wrenfield (01:45):",
    "It was scheduled for replacement in the spring.",
    "",
    "Rosa Quintero (02:05):",
    "That's all the time we have for today. Thank you all for coming out this morning.",
])


def test_a_name_and_a_time_stamp_alone_on_a_line_open_a_turn():
    result = found(_SERVICE)
    assert ("Hilde Avramov", "The main broke under Mill Road shortly after midnight.") in result
    assert ("Tobias Wrenfield", "Pressure should be normal across the township by this evening.") \
        in result
    assert ("Tobias Wrenfield", "It was scheduled for replacement in the spring.") in result
    assert not any(name == "Rosa Quintero" for name, _ in result)  # the information officer
    assert not any("Speaker" in name or "Falk" in name for name, _ in result)


def test_a_name_and_a_time_stamp_once_in_prose_is_no_transcript():
    text = ("Lena Marsh (00:41): the clip shows the mayor at the podium.\n\n"
            "\"We will fix the pipes,\" Mayor Ira Bell said on Monday.")
    assert found(text) == [("Ira Bell", "We will fix the pipes,")] or \
        found(text) == [("Ira Bell", "We will fix the pipes")]


# A web Q&A: a headline `Q&A: Name says …`, an intro whose subject `spoke with the Gazette`,
# bold questions and unlabelled answers, a `>` pull quote repeating an answer.

_WEB_QA = "\n".join([
    "Harbor Gazette > Neighborhoods > Q&A",
    "",
    "Q&A: Ilse Brandauer says the ferry schedule \"was written for tourists\"",
    "",
    "By Colm Feeney",
    "",
    "Ilse Brandauer has captained the island ferry since 2019. Brandauer spoke with the "
    "Gazette about crowding, fares and the winter timetable.",
    "",
    "> \"Commuters stand on the car deck most mornings.\"",
    "",
    "**How crowded is the morning boat?**",
    "",
    "Commuters stand on the car deck most mornings. We carried 1,900 riders on the first "
    "Monday of May.",
    "",
    "**Why not add a sailing?**",
    "",
    "We have one hull and one crew. The county has not funded a second crew since 2027.",
    "",
    "Colm Feeney is a staff writer for the Harbor Gazette.",
])


def test_a_web_q_and_a_whose_intro_subject_spoke_with_the_paper():
    result = found(_WEB_QA)
    assert ("Ilse Brandauer", "Commuters stand on the car deck most mornings.") in result
    assert ("Ilse Brandauer", "We have one hull and one crew.") in result
    assert ("Ilse Brandauer",
            "The county has not funded a second crew since 2027.") in result
    assert not any(name.startswith("Q&A") or name == "Colm Feeney" for name, _ in result)


# A Korean radio transcript: the header names the anchor (`■ 진행 : 이름 앵커`); the anchor's
# turns (`◇ 이름>`) give nothing, the guests' (`◆ 이름>`) are claims.

_RADIO = "\n".join([
    "[한낮의 초대석] 공공자전거 요금 인상 논란",
    "",
    "■ 방송 : 누리라디오 (12:00~13:00)",
    "■ 진행 : 표세린 앵커",
    "■ 대담 : 연도하 시민교통연대 대표",
    "",
    "◇ 표세린> 공공자전거 요금이 다음 달부터 오른다고 합니다. 연도하 대표 연결돼 있습니다.",
    "",
    "◆ 연도하> 네, 안녕하세요.",
    "",
    "◇ 표세린> 이번 인상을 어떻게 보십니까?",
    "",
    "◆ 연도하> 시민 부담만 늘리는 결정입니다. 이용자가 세 해째 줄고 있는데 요금을 올리면 더 줄어듭니다.",
    "",
    "◇ 표세린> 시간이 다 돼서 여기까지 듣겠습니다. 말씀 고맙습니다.",
])


def test_a_korean_anchor_named_in_the_header_gives_nothing(analyzer):
    result = found(_RADIO, analyzer)
    assert ("연도하", "시민 부담만 늘리는 결정입니다.") in result
    assert not any(name == "표세린" for name, _ in result)


# A cue shape that repeats: `NAME —` opening each turn, with no colon.

_DASHES = "\n".join([
    "TOWN FORUM ON THE LIBRARY BUDGET",
    "",
    "ODALYS FENN — The branch on Carver Street lost two librarians this year.",
    "",
    "BRUNO ASKEW — We moved both of them to the central library to keep it open on Sundays.",
    "",
    "ODALYS FENN — Then the Carver Street branch closes at four every afternoon.",
])


def test_a_name_before_a_dash_that_repeats_opens_turns():
    result = found(_DASHES)
    assert ("Odalys Fenn", "The branch on Carver Street lost two librarians this year.") in result
    assert ("Bruno Askew",
            "We moved both of them to the central library to keep it open on Sundays.") in result


def test_a_name_before_a_dash_once_is_prose():
    text = "JUNE 4 — The council met on Tuesday and approved the new bus routes for the spring."
    assert found(text) == []


def test_a_block_quoted_pull_quote_and_a_writers_bio_are_not_answers():
    extraction = extract(_WEB_QA)
    pulled = [c for c in extraction.candidates
              if c.text == "Commuters stand on the car deck most mornings."]
    assert len(pulled) == 1 and len(pulled[0].occurrences) == 1
    assert not any("staff writer" in c.text for c in extraction.candidates)
    bio = _WEB_QA.replace("a staff writer", "a neighborhood reporter")
    assert not any("reporter" in c.text for c in extract(bio).candidates)
