"""Constructions of round 6 (generalisation): a printed Q&A whose two sides are decided by
behaviour (the cue whose turns ask is the questioner, whatever it is called: the outlet, the
interviewer, initials), its answerer resolved to the full name the intro gives; a briefing's
sign-off and a transcription service's disclaimer; `the company wrote:`; Korean dash bylines
under a quote and bullets before a name. Every text is fictional and written for the
construction (none from an evaluation set)."""


from tests.unit.extraction_support import found

# A magazine Q&A: the outlet asks (`Harbour Review:`), the interviewee's surname answers.

_OUTLET_QA = "\n".join([
    "SCIENCE | FIVE QUESTIONS",
    "",
    "By Petra Vance | Harbour Review",
    "",
    "Dr. Ines Kovalenko studies kelp forests off the northern coast. Her survey starts in May.",
    "",
    "\"The forests are thinning faster than our models said,\" Kovalenko told me on the dock.",
    "",
    "Harbour Review: What did the survey find last year?",
    "",
    "Kovalenko: We lost about a third of the canopy in two seasons. The urchins moved in behind it.",
    "",
    "Harbour Review: You once called urchins the weeds of the sea. Is that still fair?",
    "",
    "Kovalenko: It is fair for the purple ones. The red ones are another story.",
    "",
    "Harbour Review: What would help most?",
    "",
    "Kovalenko: Divers paid to clear urchins would help more than any new study.",
])


def test_a_q_and_a_whose_outlet_asks_and_whose_surname_answers():
    got = found(_OUTLET_QA)
    assert ("Ines Kovalenko", "We lost about a third of the canopy in two seasons.") in got
    assert ("Ines Kovalenko", "The red ones are another story.") in got
    assert ("Ines Kovalenko", "Divers paid to clear urchins would help more than any new study.") in got
    assert ("Ines Kovalenko", "The forests are thinning faster than our models said,") in got \
        or ("Ines Kovalenko", "The forests are thinning faster than our models said") in got
    # the questioner's preamble is not a claim
    assert not any("weeds of the sea" in quote for _, quote in got)
    assert all(name == "Ines Kovalenko" for name, _ in got)


# The interviewer's own name asks; the answerer's full name and her initials answer.

_NAMED_QA = "\n".join([
    "The long shift",
    "",
    "Tobias Grell spoke with Anneke Sorensen, who has driven a night bus for twenty years.",
    "",
    "Tobias Grell: You start at midnight. What is the first hour like?",
    "",
    "Anneke Sorensen: The first hour is the quietest of the night. Most riders are cleaners going home.",
    "",
    "Tobias Grell: I rode with you last week. Has the route changed since the depot moved?",
    "",
    "Anneke Sorensen: The route is eleven minutes longer now. Nobody asked the drivers about it.",
])


def test_a_q_and_a_whose_interviewer_is_named_gives_only_the_answers():
    got = found(_NAMED_QA)
    assert ("Anneke Sorensen", "The first hour is the quietest of the night.") in got
    assert ("Anneke Sorensen", "The route is eleven minutes longer now.") in got
    assert not any(name == "Tobias Grell" for name, _ in got)


_THE_OUTLET_QA = "\n".join([
    "Halvard Berg, the ferry line's new captain, talked to us before his first winter crossing.",
    "",
    "The Ledger: How rough does the crossing get?",
    "",
    "HB: Waves of six metres are normal in January. We have turned back twice in ten years.",
    "",
    "The Ledger: Your crew is small. Is that a risk?",
    "",
    "HB: Four people can sail this boat safely. Three cannot.",
])


def test_a_q_and_a_with_the_outlet_asking_and_initials_answering():
    got = found(_THE_OUTLET_QA)
    assert ("Halvard Berg", "Waves of six metres are normal in January.") in got
    assert ("Halvard Berg", "Four people can sail this boat safely.") in got
    assert not any("crew is small" in quote for _, quote in got)


def test_two_speakers_who_both_make_statements_are_not_a_q_and_a():
    text = "\n".join([
        "Marta Quill: The levy will pay for the new pool within four years.",
        "",
        "Dorian Pike: The levy will not pay for anything until the school roof is fixed.",
        "",
        "Marta Quill: The roof is in next year's budget already.",
        "",
        "Dorian Pike: The roof has been in next year's budget for three years running.",
    ])
    names = {name for name, _ in found(text)}
    assert names == {"Marta Quill", "Dorian Pike"}


# A briefing in a transcription service's layout: the closing sign-off and the disclaimer.

_BRIEFING = "\n".join([
    "Speakers:",
    "Rosa Villin, County Executive",
    "Abel Tarno, Public Works Director",
    "",
    "Rosa Villin (00:00:04):",
    "The east bridge will stay closed through Friday. Crews found cracks in two piers.",
    "",
    "Abel Tarno (00:00:31):",
    "We will have a temporary span in place by the end of next month.",
    "",
    "Speaker 1 (00:00:50):",
    "Will the ferry run longer hours?",
    "",
    "Rosa Villin (00:00:53):",
    "The ferry will run until midnight starting tonight. That's all we have for now. Thank you.",
    "",
    "Transcripts may contain errors. Check the corresponding audio before quoting in print.",
])


def test_a_briefings_sign_off_and_the_services_disclaimer_are_not_claims():
    got = found(_BRIEFING)
    assert ("Rosa Villin", "The ferry will run until midnight starting tonight.") in got
    assert not any("all we have" in quote for _, quote in got)
    assert not any("Transcripts" in quote or "audio" in quote for _, quote in got)


def test_the_company_wrote_is_the_last_company_named():
    text = ("Pellam Dynamics Inc recalled 40,000 heaters on Monday. In a note to investors, the "
            "company wrote: \"We expect the recall to cost less than one percent of revenue.\"")
    assert found(text) == [("Pellam Dynamics Inc",
                            "We expect the recall to cost less than one percent of revenue.")]


# Korean: a quote alone on its line, and under it a dash and the speaker (a newsletter's quote
# of the day); a circled number or a kind of body before a name is not part of the name.

def test_korean_quote_with_a_dash_byline_on_the_next_line(analyzer):
    text = "\n".join([
        "■ 오늘의 한마디",
        "",
        "\"바다가 변하면 마을 밥상이 먼저 변합니다.\"",
        "— 도해린(71), 서해 어촌계 해녀. 지난 26일 마을 회관 간담회에서.",
    ])
    assert found(text, analyzer) == [("도해린", "바다가 변하면 마을 밥상이 먼저 변합니다.")]


def test_korean_dash_byline_after_the_quote_on_one_line(analyzer):
    text = "\"작은 도서관이 동네를 바꿉니다\" ―윤서결 관장"
    assert found(text, analyzer) == [("윤서결", "작은 도서관이 동네를 바꿉니다")]


def test_korean_circled_number_before_a_headline_speaker(analyzer):
    text = "② 산림청, 봄철 산불 경보 상향…\"입산 자제해 달라\""
    assert found(text, analyzer) == [("산림청", "입산 자제해 달라")]


def test_korean_kind_of_body_before_a_named_body_is_not_the_name(analyzer):
    text = ("가수 문해결(31)이 새 앨범을 낸다. 소속사 다온뮤직은 "
            "\"앨범 수익 일부를 청소년 합창단에 기부한다\"고 전했다.")
    assert ("다온뮤직", "앨범 수익 일부를 청소년 합창단에 기부한다") in found(text, analyzer)


def test_korean_body_that_issues_a_comment_before_its_quote(analyzer):
    text = ("기호 1번 편도윤 후보는 \"공약을 끝까지 지키겠다\"고 말했다. "
            "지역 시민단체 바른길연대는 논평을 내고 \"공약 검증은 실종된 토론이었다\"고 평가했다.")
    got = found(text, analyzer)
    assert ("바른길연대", "공약 검증은 실종된 토론이었다") in got


def test_korean_official_of_a_kind_of_body_is_still_anonymous(analyzer):
    assert found("감독 거취 놓고…구단 관계자 \"아직 정해진 것 없다\"", analyzer) == []
