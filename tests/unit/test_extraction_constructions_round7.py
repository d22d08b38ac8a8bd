"""Constructions of round 7 (generalisation): a call or briefing with an operator, speaker
lines `Name -- Title` alone on a line, analysts who ask and executives who answer; an interview
without cues whose headline names no one and whose intro gives the interviewee by surname.
Every text is fictional and written for the construction (none from an evaluation set)."""

from services.extraction import extract
from services.extraction.korean_nlp import RuleAnalyzer, kiwi_available, make_analyzer


def found(text):
    """(speaker, quote) for each candidate, checking every offset on the way."""
    extraction = extract(text, analyzer=RuleAnalyzer())
    for candidate in extraction.candidates:
        for occurrence in candidate.occurrences:
            assert text[occurrence.start:occurrence.end] == candidate.text
    return [(c.speaker.name, c.text) for c in extraction.candidates]


_CALL = "\n".join([
    "Tidewater Pumps (TWP) Q1 2031 Earnings Call",
    "",
    "Prepared Remarks:",
    "",
    "Operator",
    "",
    "Good morning and welcome to the Tidewater Pumps first-quarter call. All lines are muted.",
    "",
    "Ingrid Solberg -- Head of Investor Relations",
    "",
    "Thanks, operator. Our results today are unaudited and may change. "
    "With that, I'll pass the call to Omar.",
    "",
    "Omar Castellano -- Chief Executive Officer",
    "",
    "Thank you, Ingrid. Orders rose 14% in the quarter. Our service unit now earns a third of our profit.",
    "",
    "Questions & Answers:",
    "",
    "Operator",
    "",
    "Our first question comes from Dev Anand with Lark Partners. Your line is open.",
    "",
    "Dev Anand -- Lark Partners -- Analyst",
    "",
    "Hi, thanks. Omar, how big is the backlog now? And is pricing holding up?",
    "",
    "Omar Castellano -- Chief Executive Officer",
    "",
    "The backlog is the largest we have ever had. Pricing held in every region.",
    "",
    "Dev Anand -- Lark Partners -- Analyst",
    "",
    "Got it, that is helpful.",
    "",
    "Operator",
    "",
    "That concludes today's call. You may now disconnect.",
    "",
    "Duration: 22 minutes",
    "",
    "Call participants:",
    "",
    "Ingrid Solberg -- Head of Investor Relations",
    "",
    "Omar Castellano -- Chief Executive Officer",
    "",
    "Dev Anand -- Lark Partners -- Analyst",
])


def test_a_call_gives_the_executives_statements_only():
    got = found(_CALL)
    assert ("Omar Castellano", "Orders rose 14% in the quarter.") in got
    assert ("Omar Castellano", "Our service unit now earns a third of our profit.") in got
    assert ("Omar Castellano", "The backlog is the largest we have ever had.") in got
    assert ("Omar Castellano", "Pricing held in every region.") in got
    assert ("Ingrid Solberg", "Our results today are unaudited and may change.") in got
    assert len(got) == 5, got


_BRIEFING = "\n".join([
    "Lakeshore Transit Authority - Budget Briefing",
    "",
    "Moderator",
    "",
    "Welcome, everyone. We will hear from the general manager first and then take questions.",
    "",
    "Renata Oduya - General Manager",
    "",
    "Ridership is back to 92% of its old level. We will add forty buses by the spring.",
    "",
    "Moderator",
    "",
    "Our next question comes from Sam Whitlock with the Lakeshore Courier.",
    "",
    "Sam Whitlock - Lakeshore Courier",
    "",
    "Will fares go up this year? And what happens to the night routes?",
    "",
    "Renata Oduya - General Manager",
    "",
    "Fares will stay where they are. The night routes keep running until at least June.",
])


def test_a_briefing_with_single_dash_speaker_lines_and_a_reporter_who_asks():
    got = found(_BRIEFING)
    assert ("Renata Oduya", "Ridership is back to 92% of its old level.") in got
    assert ("Renata Oduya", "We will add forty buses by the spring.") in got
    assert ("Renata Oduya", "Fares will stay where they are.") in got
    assert ("Renata Oduya", "The night routes keep running until at least June.") in got
    assert len(got) == 4, got


def test_a_name_dash_title_line_once_in_prose_is_not_a_transcript():
    text = ("Marta Ilic -- Staff Writer\n\nThe council met on Monday. \"We will not raise the levy,\" "
            "council president Joel Brandt said.")
    assert found(text) == [("Joel Brandt", "We will not raise the levy,")]


_INTERVIEW = "\n".join([
    "# 'Water does not wait for permits': A talk with Port Velin's new flood chief",
    "",
    "By Corin Ash | March 3, 2031",
    "",
    "When Port Velin named Dr. Halvard Brekke its first flood chief, he had one engineer and a van.",
    "",
    "The Tidings spoke with Brekke about pumps, levees and why he keeps a kayak at the office.",
    "",
    "**Why a flood chief, and why now?**",
    "",
    "The river rose twice in one year. Nobody owned the problem.",
    "",
    "**What changes first?**",
    "",
    "We map every storm drain by August. Half of them are not on any plan.",
    "",
    "*Corin Ash is a reporter for The Tidings.*",
])


def test_an_interview_takes_its_answerer_from_the_intro_not_a_possessive_in_the_headline():
    got = found(_INTERVIEW)
    assert ("Halvard Brekke", "The river rose twice in one year.") in got
    assert ("Halvard Brekke", "Nobody owned the problem.") in got
    assert ("Halvard Brekke", "Half of them are not on any plan.") in got
    assert not any("Corin Ash" in quote for _, quote in got)
    assert {speaker for speaker, _ in got} == {"Halvard Brekke"}


# English news: a body's partial quote after a relative clause or an appositive, bodies whose
# names hold `and` or end in a number, and a quote-only paragraph after reported speech.

def test_a_spokesperson_for_a_body_with_an_appositive_speaks_for_the_body():
    text = ('The plant will close in June.\n\nA spokeswoman for Harlow Water Company, the utility '
            'that runs the plant, said the utility had "no plans to raise rates this year."')
    assert found(text) == [("Harlow Water Company", "no plans to raise rates this year.")]


def test_a_body_then_a_relative_clause_then_said_in_a_statement():
    text = ('Rents rose 9% last year.\n\nHarbor Drivers Local 42, which represents 900 drivers, said '
            'in a written statement that its members "will not accept another pay cut."')
    assert found(text) == [("Harbor Drivers Local 42", "will not accept another pay cut.")]


def test_in_a_statement_a_department_whose_name_holds_and():
    text = ('Permits were paused last week.\n\nIn a statement, the Vermont Department of Labor and '
            'Industry said it was "reviewing every permit issued since 2028."')
    assert found(text) == [("Vermont Department of Labor and Industry",
                            "reviewing every permit issued since 2028.")]


_REPORTED = "\n\n".join([
    'The district cut two routes on Monday. "We had no choice," Superintendent Ada Brill said.',
    "Mara Quill, 41, who drives a school bus, said she has already asked for a transfer.",
    "\"The new route adds an hour each way. I can't do that with two kids at home.",
    '"So I will find another job, and the district will lose another driver."',
])


def test_a_quote_only_paragraph_after_reported_speech_is_that_persons():
    got = found(_REPORTED)
    first = "The new route adds an hour each way. I can't do that with two kids at home."
    assert ("Mara Quill", first) in got
    assert ("Mara Quill", "So I will find another job, and the district will lose another driver.") in got
    assert ("Ada Brill", "We had no choice,") in got


def test_reported_speech_does_not_take_a_quote_attributed_to_someone_else():
    text = ("Mara Quill said she has already asked for a transfer.\n\n"
            '"The routes will be restored in the fall," Superintendent Ada Brill said.')
    assert found(text) == [("Ada Brill", "The routes will be restored in the fall,")]


def test_reported_speech_of_a_nameless_subject_carries_nothing():
    text = ("Several parents said they had not been told.\n\n"
            '"We found out from a flyer on the bus."')
    assert found(text) == []


def test_a_long_department_name_in_a_statement():
    text = ('Roads reopened on Friday.\n\nIn a statement, the Norland Department of Public Safety and '
            'Emergency Management said it was "checking every bridge before the next storm."')
    assert found(text) == [("Norland Department of Public Safety and Emergency Management",
                            "checking every bridge before the next storm.")]


def test_she_describes_as_after_a_clause_is_her_partial_quote():
    text = ("When the county hired Dr. Mireille Batiste as its first drought officer, she got one "
            'assistant and an office she describes as "a broom closet with a window."')
    assert found(text) == [("Mireille Batiste", "a broom closet with a window.")]
    critics = ('Dr. Mireille Batiste runs the office. The budget is what critics describe as '
               '"a rounding error in the county books."')
    assert found(critics) == []


# Korean: a dash byline with places and a kind of person before the name (`— 도 군 주민 이름 씨`).

_KO_BYLINES = ("오늘의 말\n\n“버스 노선이 줄어 병원 가기가 더 힘들어졌어요.”\n— 충북 청솔군 주민 하은비 씨, "
               "3일 간담회에서\n\n“예산은 이미 확보했습니다.”\n— 도경민 청솔군수, 3일 간담회에서\n")


def test_a_korean_dash_byline_names_the_person_before_ssi_or_a_title():
    for name in ("rules", "kiwipiepy"):
        if name == "kiwipiepy" and not kiwi_available():
            continue
        extraction = extract(_KO_BYLINES, analyzer=make_analyzer(name))
        got = [(c.speaker.name, c.text) for c in extraction.candidates]
        assert ("하은비", "버스 노선이 줄어 병원 가기가 더 힘들어졌어요.") in got
        assert ("도경민", "예산은 이미 확보했습니다.") in got
        assert len(got) == 2, got


def test_an_anonymous_korean_subject_with_an_age_is_nobody_not_a_continuation():
    text = ("상인회 서다온 회장은 \"매출이 절반으로 줄었다\"고 말했다.\n\n"
            "집회에 나온 한 상인(54)은 \"가게 문을 열수록 손해를 보는 구조\"라며 한숨을 쉬었다.\n")
    for name in ("rules", "kiwipiepy"):
        if name == "kiwipiepy" and not kiwi_available():
            continue
        extraction = extract(text, analyzer=make_analyzer(name))
        assert [(c.speaker.name, c.text) for c in extraction.candidates] == [
            ("서다온", "매출이 절반으로 줄었다")]
