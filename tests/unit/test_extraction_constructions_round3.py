"""Constructions of round 3 (generalisation): a host known by what the host does (introduces
the guests, hands over by first name, announces breaks and sign-offs), header lines naming the
host, a magazine Q&A's footer, Korean bullet lines and short forms, English organisations'
statements, a spokesperson for a body, two partial quotes in one clause, a pronoun calling
something "…", the subject of the sentence before a quote. Every sentence is fictional and
written for the construction (none from an evaluation set)."""


from tests.unit.extraction_support import found


def speakers(text, analyzer=None):
    return {name for name, _ in found(text, analyzer)}


# A host with no role word in the label.

_SHOW = "\n".join([
    "[00:00:03] LIESL MARROW: Welcome to Field Notes, the show about soil. I'm Liesl Marrow. "
    "Joining me now are Tobias Wend from the Fenland Trust and Ada Quarrie from Holt Farms.",
    "",
    "[00:00:20] TOBIAS WEND: Good to be here.",
    "",
    "[00:00:22] LIESL MARROW: Tobias, let's begin with the drainage ditches. "
    "Farmers say they dry the peat out.",
    "",
    "[00:00:30] TOBIAS WEND: The ditches lower the water table by half a metre in a dry summer.",
    "",
    "[00:00:41] LIESL MARROW: Ada, your farm blocked its ditches last year.",
    "",
    "[00:00:45] ADA QUARRIE: We blocked nine ditches and lost two fields to standing water.",
    "",
    "[00:00:52] LIESL MARROW: Nine ditches in one winter. When we come back: the subsidies.",
    "",
    "[00:01:40] LIESL MARROW: That's all for this week's Field Notes. See you next time.",
])


def test_a_host_who_introduces_the_guests_gives_nothing():
    result = found(_SHOW)
    assert ("Tobias Wend", "The ditches lower the water table by half a metre in a dry summer.") in result
    assert ("Ada Quarrie", "We blocked nine ditches and lost two fields to standing water.") in result
    assert "Liesl Marrow" not in {name for name, _ in result}


_HANDS_OVER = "\n".join([
    "PETRA LOWE: Our panel tonight is about the harbour wall.",
    "",
    "PETRA LOWE: Hamid, the wall was built in 1962. Is it safe?",
    "",
    "HAMID SORREL: The wall has lost a third of its thickness to the sea since the survey.",
    "",
    "PETRA LOWE: Brigid, the council has the repair money, hasn't it?",
    "",
    "BRIGID TALLIS: The council set aside four million pounds for the repair in March.",
    "",
    "PETRA LOWE: Hamid, the last word goes to you.",
    "",
    "HAMID SORREL: The repair cannot wait for another winter storm.",
])


def test_a_speaker_whose_turns_mostly_address_the_others_by_first_name_is_the_host():
    result = found(_HANDS_OVER)
    assert "Petra Lowe" not in {name for name, _ in result}
    assert ("Brigid Tallis", "The council set aside four million pounds for the repair in March.") in result


_TWO_GUESTS_ARGUE = "\n".join([
    "HAMID SORREL: Brigid, you know the wall has lost a third of its thickness.",
    "",
    "BRIGID TALLIS: The council set aside four million pounds for the repair in March.",
    "",
    "HAMID SORREL: The repair cannot wait for another winter storm.",
    "",
    "BRIGID TALLIS: The tender closes at the end of the month.",
])


def test_a_guest_who_addresses_another_once_is_not_the_host():
    names = speakers(_TWO_GUESTS_ARGUE)
    assert names == {"Hamid Sorrel", "Brigid Tallis"}


_HEADER_HOST = "\n".join([
    "FIELD NOTES, EPISODE 12",
    "Host: Liesl Marrow",
    "Guest: Tobias Wend, hydrologist",
    "",
    "LIESL MARROW: The peat has been shrinking for decades, hasn't it?",
    "",
    "TOBIAS WEND: The peat has shrunk by four metres since the fens were drained.",
    "",
    "LIESL MARROW: Four metres is a lot of soil.",
])


def test_a_host_named_in_the_header_gives_nothing():
    result = found(_HEADER_HOST)
    assert result == [("Tobias Wend", "The peat has shrunk by four metres since the fens were drained.")]


# A magazine Q&A's footer.

_MAGAZINE = "\n".join([
    "Orrin Pell has run the Tarn ferry since 2019. He spoke to Gwen Ostby in the ticket office.",
    "",
    "GO: Why keep the night crossing?",
    "",
    "OP: Because the night crossing carries the nurses home from the late shift.",
    "",
    "\"The night crossing carries the nurses home.\"",
    "— Orrin Pell",
    "",
    "GO: Will the fares rise?",
    "",
    "OP: Fares will rise by five percent in May.",
    "",
    "This interview appears in the June issue.",
    "Interview edited for length and clarity.",
    "Gwen Ostby is a staff writer at the magazine.",
])


def test_a_magazine_footer_and_a_pull_quotes_byline_are_not_the_answer():
    result = found(_MAGAZINE)
    quotes = {quote for _, quote in result}
    assert "Fares will rise by five percent in May." in quotes
    assert not any("issue" in quote or "edited" in quote or "staff writer" in quote for quote in quotes)
    assert not any(quote.startswith("—") for quote in quotes)
    assert {name for name, _ in result} == {"Orrin Pell"}


# Korean bullets and short forms.

_KO_RELEASE = "\n".join([
    "□ 해솔시교육청은 올해 초등 방과후 수영 교실을 두 배로 늘린다.",
    " ○ 진다솜 체육건강과장은 \"수영은 생존 교육이라 모든 학교에서 가르쳐야 한다\"고 말했다.",
    "□ 교육청은 강사 40명을 새로 뽑는다.",
    " ○ 진 과장은 \"강사 처우를 다른 방과후 강사와 같게 맞추겠다\"고 밝혔다.",
])


def test_a_korean_bullet_is_not_part_of_the_name_and_the_short_form_is_the_full_name(analyzer):
    result = found(_KO_RELEASE, analyzer)
    assert ("진다솜", "강사 처우를 다른 방과후 강사와 같게 맞추겠다") in result
    assert ("진다솜", "수영은 생존 교육이라 모든 학교에서 가르쳐야 한다") in result


# English organisations' statements.

def test_the_statement_said_is_the_body_that_issued_it():
    text = ("Corvane Industries will shut its Dunmore plant in June. The move \"follows two years of "
            "falling orders for felt,\" according to a statement from the company.\n\n"
            "\"We looked at every option before deciding,\" the statement said. "
            "\"None of them kept the plant open.\"")
    result = found(text)
    assert ("Corvane Industries", "follows two years of falling orders for felt,") in result
    assert ("Corvane Industries", "We looked at every option before deciding,") in result
    assert ("Corvane Industries", "None of them kept the plant open.") in result


def test_a_body_said_in_a_statement():
    text = ("Halvard Shipping Corporation said in a statement: \"The vessel was inspected in March. "
            "No fault was found.\"\n\n"
            "In a statement, the Marlow Rowing Federation said \"the regatta will go ahead as planned.\"")
    result = found(text)
    assert ("Halvard Shipping Corporation",
            "The vessel was inspected in March. No fault was found.") in result
    assert ("Marlow Rowing Federation", "the regatta will go ahead as planned.") in result


def test_a_spokesperson_for_a_body_speaks_for_the_body():
    text = ("A spokesperson for the Rowing Federation said: \"The course was measured twice. "
            "The result stands.\"")
    assert found(text) == [("Rowing Federation", "The course was measured twice. The result stands.")]


def test_a_spokesperson_for_a_person_or_an_unnamed_body_is_nobody():
    text = ("A spokesperson for the company said: \"We are reviewing the figures.\"\n\n"
            "A spokesman for the minister said: \"The minister has no comment at this time.\"")
    assert found(text) == []


def test_two_partial_quotes_joined_by_and_in_one_clause():
    text = ("Hedda Lorne, a spokeswoman for Corvane Industries, said the company had \"kept every promise to "
            "the town\" and would \"talk to the council about the site next month.\"")
    result = found(text)
    assert ("Hedda Lorne", "kept every promise to the town") in result
    assert ("Hedda Lorne", "talk to the council about the site next month.") in result


def test_a_pronoun_calling_something_a_phrase_is_a_claim():
    text = ("Economist Ravi Dunmore of Kestrel University has studied such deals. \"Clawbacks are rarely "
            "enforced,\" he said. He called the grant \"money handed over on a promise.\"")
    result = found(text)
    assert ("Ravi Dunmore", "money handed over on a promise.") in result


# The subject of the sentence that introduces the quote.

def test_a_quote_after_a_sentence_about_a_surname_with_an_age_is_that_persons():
    text = ("Winger Tomas Adeyemi-Hart scored twice for Eastholm. Manager Colin Reave was pleased. "
            "\"We pressed well,\" Reave said. \"The second half was our best this season.\"\n\n"
            "Adeyemi-Hart, 20, was calm about it. \"I just hit it as hard as I could,\" he said. "
            "\"My dad was in the stand.\"")
    result = found(text)
    assert ("Tomas Adeyemi-Hart", "I just hit it as hard as I could,") in result
    assert ("Tomas Adeyemi-Hart", "My dad was in the stand.") in result


# Korean headline lists.

_KO_SEARCH = "\n".join([
    "뉴스  '수영장 수질' 검색결과",
    "",
    "\"염소 농도 낮췄더니 눈 따가움 사라졌다\"…해솔초 진다솜 보건교사",
    "해솔일보 · 3시간 전",
    "진다솜 보건교사는 \"소독 방식을 바꾼 뒤 민원이 크게 줄었다\"며…",
    "",
    "한 교육지원청 관계자 \"강사 부족, 예산만으로 해결 안 돼\"",
    "남해신문 · 1일 전",
    "",
    "해솔시교육청 \"수영장 여과기 연내 교체\"…노조 \"인력 충원이 먼저\"",
    "남해신문 · 2일 전",
])


def test_korean_search_list_heading_anonymous_official_and_a_name_ending_a_headline(analyzer):
    result = found(_KO_SEARCH, analyzer)
    assert ("진다솜", "염소 농도 낮췄더니 눈 따가움 사라졌다") in result
    assert ("해솔시교육청", "수영장 여과기 연내 교체") in result
    quotes = {quote for _, quote in result}
    assert "수영장 수질" not in quotes
    assert "강사 부족, 예산만으로 해결 안 돼" not in quotes
    assert "인력 충원이 먼저" not in quotes
