"""Constructions of round 2 (generalisation): transcript header blocks and participant lists,
moderators known by role or by hand-offs, labels resolved to the fullest name, timestamps and
bracket labels, initials in magazine Q&As; English organisations' statements, `calls X "…"`,
participles, pronouns after anonymous people, quotes after a sentence about the speaker; Korean
occupation words before a name, sectors and anonymised people, header date lines. Every
sentence is fictional and written for the construction (none from an evaluation set).
docs/EXTRACTION.md, "Constructions" (Round 2)."""

import pytest

from tests.unit.extraction_support import found

# Transcripts: header blocks, participant lists, moderators.

_BRIEFING = "\n".join([
    'TOWN OF MERROWGATE',
    'PUBLIC WORKS BRIEFING: NORTH BRIDGE CLOSURE',
    'Monday, March 3, 2031',
    'Council Chamber, Second Floor',
    '',
    "Transcript prepared by the Clerk's Office. Portions marked [inaudible] could not be heard.",
    '',
    'PARTICIPANTS:',
    'Mayor Odile Brannock',
    'Public Works Director Tomas Quill, Merrowgate Public Works',
    'Priya Venn, Press Secretary (moderator)',
    '',
    '[Begins 9:00 a.m.]',
    '',
    "MS. VENN: Good morning. The mayor will speak first, then Director Quill, and then we'll take questions. "
    "When you're called on, please say your outlet.",
    '',
    'MAYOR BRANNOCK: Thank you, Priya. The North Bridge will close for six weeks from Monday. '
    'Buses will use the Mill Road crossing.',
    '',
    'DIRECTOR QUILL: The deck has cracked in four places. '
    'The repair will cost about two million dollars.',
    '',
    'MS. VENN: Arjun, go ahead.',
    '',
    'Q: Will the bridge reopen before the school term?',
    '',
    'DIRECTOR QUILL: The contractor has promised to finish by the end of April.',
    '',
    "MS. VENN: One at a time, please. We'll post the detour map this afternoon.",
    '',
    '[Ends 9:20 a.m.]',
    '',
]) + "\n"


def test_a_transcript_header_block_is_not_a_turn_and_labels_take_the_participants_names():
    assert found(_BRIEFING) == [
        ("Odile Brannock", "The North Bridge will close for six weeks from Monday."),
        ("Odile Brannock", "Buses will use the Mill Road crossing."),
        ("Tomas Quill", "The deck has cracked in four places."),
        ("Tomas Quill", "The repair will cost about two million dollars."),
        ("Tomas Quill", "The contractor has promised to finish by the end of April."),
    ]


@pytest.mark.parametrize("role", ["Director of Communications", "Press Secretary", "Host",
                                  "Moderator", "Communications Director"])
def test_a_participant_with_a_moderating_role_gives_nothing(role):
    text = ("PARTICIPANTS:\n"
            "Senator Mirela Dawe\n"
            f"Colm Ashby, {role}\n\n"
            "MR. ASHBY: The senator has ten minutes before her next vote. The first question "
            "goes to the Ledger.\n\n"
            "SENATOR DAWE: The bill doubles the rural clinic fund.\n\n"
            "MR. ASHBY: We have time for one more after this.\n\n"
            "SENATOR DAWE: No clinic will close this year.\n")
    assert found(text) == [("Mirela Dawe", "The bill doubles the rural clinic fund."),
                           ("Mirela Dawe", "No clinic will close this year.")]


def test_a_speaker_whose_turns_hand_the_floor_over_is_the_moderator():
    text = ("MS. LORCAN: Thank you all for coming. Ravi, go ahead.\n\n"
            "Q: What will the new depot cost?\n\n"
            "COMMISSIONER FALK: The depot will cost nine million dollars.\n\n"
            "MS. LORCAN: One at a time, please. Go ahead, Sunny.\n\n"
            "Q: When does it open?\n\n"
            "COMMISSIONER FALK: The depot opens in the spring of next year.\n\n"
            "MS. LORCAN: Next question. The press office will send the figures tonight.\n")
    assert found(text) == [("Falk", "The depot will cost nine million dollars."),
                           ("Falk", "The depot opens in the spring of next year.")]


@pytest.mark.parametrize("header", ["Title: Harbour Flood Review", "Date: June 4, 2030",
                                    "Location: Pier 7 Hall", "Event: Flood review hearing",
                                    "Participants: Mayor Gwen Aldous, Engineer Piet Marr"])
def test_header_lines_in_title_case_are_not_turns(header):
    text = (f"{header}\n\n"
            "MAYOR ALDOUS: The sea wall will be raised by a metre.\n\n"
            "Q: When?\n\n"
            "MAYOR ALDOUS: Work starts in the autumn.\n")
    assert found(text) == [("Gwen Aldous" if "Gwen" in header else "Aldous",
                            "The sea wall will be raised by a metre."),
                           ("Gwen Aldous" if "Gwen" in header else "Aldous",
                            "Work starts in the autumn.")]


def test_a_label_with_a_title_and_a_surname_is_the_full_name_given_earlier():
    text = ("Present: Fire Chief Nadia Okonkwo-Bell; Harbour Master Ewan Stroud\n\n"
            "FIRE CHIEF OKONKWO-BELL: Two crews stayed on the pier overnight.\n\n"
            "Q: Was anyone hurt?\n\n"
            "HARBOUR MASTER STROUD: Nobody was hurt on the water.\n")
    assert found(text) == [("Nadia Okonkwo-Bell", "Two crews stayed on the pier overnight."),
                           ("Ewan Stroud", "Nobody was hurt on the water.")]


@pytest.mark.parametrize("stamp", ["[00:01:12] ", "(00:01:12) ", "00:01:12 ", "[01:12] "])
def test_timestamps_before_labels(stamp):
    text = (f"{stamp}HOST: Welcome back to the programme.\n"
            f"{stamp}DR. IMOGEN PARR: The vaccine reached ninety clinics by May.\n"
            f"{stamp}HOST: And the rest?\n"
            f"{stamp}DR. IMOGEN PARR: The rest will have it by the end of June.\n")
    assert found(text) == [("Imogen Parr", "The vaccine reached ninety clinics by May."),
                           ("Imogen Parr", "The rest will have it by the end of June.")]


def test_initials_in_a_magazine_q_and_a_are_the_person_introduced():
    text = ("By Corin Vale\n\n"
            "Architect Halima Rusk has spent a decade rebuilding flood towns. We spoke in her "
            "studio.\n\n"
            "CV: Why timber?\n\n"
            "HR: Timber stores carbon for as long as the building stands.\n\n"
            "CV: And the cost?\n\n"
            "HR: It costs about the same as concrete once you count the foundations.\n")
    assert found(text) == [
        ("Halima Rusk", "Timber stores carbon for as long as the building stands."),
        ("Halima Rusk", "It costs about the same as concrete once you count the foundations."),
    ]


# English news.

def test_an_organisation_after_a_descriptor_between_commas_speaks():
    text = ("The mine's owner, Kestrel Minerals Group, said in a statement that the ruling was "
            "\"a serious blow to the county's jobs\" and that it would appeal.\n")
    assert found(text) == [("Kestrel Minerals Group", "a serious blow to the county's jobs")]


def test_a_body_named_with_for_or_of_speaks():
    text = ("The Department for Coastal Affairs said it was \"reviewing every licence issued "
            "since 2020\" and would report in May.\n")
    assert found(text) == [("Department for Coastal Affairs",
                            "reviewing every licence issued since 2020")]


def test_the_group_and_a_participle_refer_back_to_the_organisation():
    text = ("Orvane Shipping Group said the fines were unfair. The group rejected the figures, "
            "saying the inspectors had \"counted the same containers twice.\"\n")
    assert found(text) == [("Orvane Shipping Group", "counted the same containers twice.")]


def test_calls_someone_something_is_the_callers_claim():
    text = ("The museum's chairman, Felix Arundel, calls the new wing \"the best room built in "
            "this city for a century.\"\n\n"
            "Councillor Nessa Pryor, a retired teacher, who called the budget \"a betrayal of "
            "every family here,\" voted against it.\n")
    assert found(text) == [
        ("Felix Arundel", "the best room built in this city for a century."),
        ("Nessa Pryor", "a betrayal of every family here,"),
    ]


def test_a_short_name_after_called_is_still_a_label():
    text = ("Residents have called the junction \"the cauldron\" for years. The council "
            "chairman, Bram Holt, called it \"dangerous\".\n")
    assert found(text) == []


def test_she_after_an_anonymous_person_is_nobody():
    text = ("Dr. Wilma Stroud said the ward would stay open. A porter at the hospital, who spoke "
            "on condition of anonymity, said staff had not been paid. \"We are working for "
            "nothing,\" she said.\n\n"
            "One driver, who asked not to be named, was blunt. \"Nobody has told us a thing,\" "
            "he said.\n")
    assert found(text) == []


def test_a_surname_goes_back_to_a_full_name_given_anywhere_in_a_sentence():
    text = ("For thirty years Orla Benedetti has repaired clocks in the old mill. Her assistant, "
            "Kit Farrow, joined her last spring.\n\n"
            "\"A clock tells you how it was treated,\" Benedetti says. \"Every scratch is a "
            "story.\"\n\n"
            "Farrow nods. \"She hears a fault before she sees it,\" he says.\n\n"
            "Benedetti does not argue. \"I have had a long time to listen,\" she says.\n")
    assert found(text) == [
        ("Orla Benedetti", "A clock tells you how it was treated,"),
        ("Orla Benedetti", "Every scratch is a story."),
        ("Kit Farrow", "She hears a fault before she sees it,"),
        ("Orla Benedetti", "I have had a long time to listen,"),
    ]


def test_a_quote_after_a_sentence_about_a_named_person_explaining_is_theirs():
    text = ("Engineer Tove Lindqvist, 58, has inspected dams for the county since 1999. She "
            "explains why the spillway worries her. \"The concrete was poured in winter, and it "
            "never cured properly.\"\n")
    assert found(text) == [("Tove Lindqvist",
                            "The concrete was poured in winter, and it never cured properly.")]


def test_a_quote_running_to_the_end_of_a_paragraph_without_a_closing_mark():
    text = ("Over coffee, Engineer Tove Lindqvist explains the problem. \"The spillway is too "
            "narrow for a hundred-year flood. Nobody wanted to pay to widen it.\n\n"
            "\"So every spring we hold our breath.\"\n")
    assert found(text) == [
        ("Tove Lindqvist", "The spillway is too narrow for a hundred-year flood. Nobody wanted "
                           "to pay to widen it."),
        ("Tove Lindqvist", "So every spring we hold our breath."),
    ]


# Korean.

def test_korean_occupation_or_kind_before_a_name_is_not_the_name(analyzer):
    text = ('[인터뷰] 가수 하윤슬 "무대가 여전히 무섭다"\n\n'
            '업계 3위 업체 누리마켓 측은 "검토 후 입장을 내겠다"고만 했다.\n')
    assert [(n, q) for n, q in found(text, analyzer)] == [
        ("하윤슬", "무대가 여전히 무섭다"), ("누리마켓", "검토 후 입장을 내겠다")]


def test_korean_sectors_and_anonymised_people_are_not_speakers(analyzer):
    text = ('택배 요금 인상…물류 업계 "현장 부담 가중"\n\n'
            '가수 B씨, 표절 의혹 제기…소속사 "사실과 다르다"\n\n'
            '택시 요금 개편…정비 업계 "인건비 상승 반영해야"\n')
    assert found(text, analyzer) == []


def test_korean_header_date_lines_are_not_turns(analyzer):
    text = ("■ 방송일 : 2031년 3월 4일 (화)\n"
            "■ 녹화일시 : 2031년 3월 3일\n"
            "■ 진행 : 도하린 앵커\n\n"
            "■ 앵커 : 오늘은 지반 침하 문제 짚어 보겠습니다.\n\n"
            "▲ 구세훈 연구위원 : 노후 상수관 교체가 가장 시급합니다.\n")
    assert found(text, analyzer) == [("구세훈", "노후 상수관 교체가 가장 시급합니다.")]


def test_korean_bracket_labels_open_turns(analyzer):
    text = ("[진행자] 오늘 전문가 한 분 모셨습니다. 어서 오십시오.\n\n"
            "[나은채 교수] 네, 안녕하세요.\n\n"
            "[진행자] 전세 사기 대책, 어떻게 보십니까?\n\n"
            "[나은채 교수] 보증 한도를 먼저 낮춰야 합니다. 지금 구조로는 피해가 계속됩니다.\n")
    assert found(text, analyzer) == [("나은채", "보증 한도를 먼저 낮춰야 합니다."),
                                     ("나은채", "지금 구조로는 피해가 계속됩니다.")]


def test_korean_search_result_list_with_outlet_and_age_lines(analyzer):
    text = ('마동훈 의원 "지역 의료 공백 더는 못 본다"\n'
            "한빛일보 · 3시간 전\n"
            "마동훈 의원은 18일 국회에서 기자회견을 열고 지역 의료 대책을 촉구했다.\n\n"
            '청하시 "버스 노선 개편 연기 없다"\n'
            "새날뉴스 · 1일 전\n")
    assert found(text, analyzer) == [("마동훈", "지역 의료 공백 더는 못 본다"),
                                     ("청하시", "버스 노선 개편 연기 없다")]
