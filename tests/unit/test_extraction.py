"""Claim extraction without HTTP or a database: each pattern on a short text, offsets, merging,
noise, and both Korean analyzers."""

import pytest

from services.extraction import extract
from services.extraction.korean_nlp import RuleAnalyzer, kiwi_available, make_analyzer
from services.extraction.scan import Line, quotes_in, sentences


def found(text, analyzer=None, **options):
    """(speaker, role, quote) for each candidate, checking every offset on the way."""
    extraction = extract(text, analyzer=analyzer or RuleAnalyzer(), **options)
    for candidate in extraction.candidates:
        for occurrence in candidate.occurrences:
            assert text[occurrence.start:occurrence.end] == candidate.text
    return [(c.speaker.name, c.speaker.role, c.text) for c in extraction.candidates]


def test_korean_transcript_speaker_lines_split_the_speech_into_statements(analyzer):
    text = ("○사티아 나델라 / 마이크로소프트 CEO\n"
            "요즘 코드의 30% 정도가 AI로 작성된 것 같아요. 메타는 어떤가요?\n\n"
            "●마크 저커버그 / 메타 CEO\n"
            "앞으로 1년 안에 개발의 절반이 AI로 이뤄질 거예요. 감사합니다.\n")
    extraction = extract(text, analyzer=analyzer)
    assert [(c.speaker.name, c.speaker.title, c.text) for c in extraction.candidates] == [
        ("사티아 나델라", "마이크로소프트 CEO", "요즘 코드의 30% 정도가 AI로 작성된 것 같아요."),
        ("마크 저커버그", "메타 CEO", "앞으로 1년 안에 개발의 절반이 AI로 이뤄질 거예요.")]
    assert {c.pattern for c in extraction.candidates} == {"transcript-speaker-line"}


def test_marked_lines_with_names_and_titles_and_header_lines_that_are_not_turns(analyzer):
    text = ("■ 진행 : 김도윤 앵커\n■ 출연 : 백수진 사무처장\n\n"
            "■ 김도윤 앵커\n특별법이 시행된 지 2년이 지났습니다. 어떻게 보십니까?\n\n"
            "▲ 백수진 사무처장\n아직 멀었다고 봅니다. 네, 그렇습니다.\n\n"
            "■ 제보하기\n▷ 전화 : 02-781-1234\n")
    # The anchor's turn frames the interview: a host's words are not claims.
    assert found(text, analyzer) == [("백수진", None, "아직 멀었다고 봅니다.")]


def test_korean_headlines_speaker_before_topic_and_camp(analyzer):
    text = ("47710 한덕수 측 \"단일화 최대한 빨라야\"…김문수와 '빅텐트 공감대' 랭크뉴스 2025.05.03\n"
            "47706 이재명, 김문수 대선 후보 선출에 \"완전히 반대로 가는 느낌\" 랭크뉴스 2025.05.03\n"
            "47709 한덕수측 “김문수 후보에 축하” 랭크뉴스 2025.05.03\n"
            "47700 [속보] 이재명 \"헌정질서 회복과 완전히 반대로\"... 김문수 선출에 혹평 "
            "랭크뉴스 2025.05.03\n")
    assert found(text, analyzer) == [
        ("한덕수", "측", "단일화 최대한 빨라야"), ("이재명", None, "완전히 반대로 가는 느낌"),
        ("한덕수", "측", "김문수 후보에 축하"), ("이재명", None, "헌정질서 회복과 완전히 반대로")]


def test_scare_quotes_crowds_and_speakerless_headlines_are_not_claims(analyzer):
    text = ("한동훈 승복 선언... 지지자들 \"어대문수\" [현장 스케치]\n"
            "'이재명 유죄'에 대법원장 탄핵?\n"
            "\"법률 해석, 범죄자가 아니라 판검사가 하는 것\" 9년 만에 이재명에게 돌아온 글\n"
            "이번 공천의 핵심 키워드는 ‘세대교체’다. 이른바 '물갈이 공천'에 대한 우려도 있다.\n")
    assert found(text, analyzer) == []


def test_korean_body_attributions_before_after_chain_pronoun_and_reference(analyzer):
    text = ("강태윤 미래연대당 대표는 14일 \"공천 혁신 없이는 승리도 없다\"고 말했다.\n\n"
            "강 대표는 \"예외를 두지 않겠다\"며 \"같은 기준으로 평가하겠다\"고 강조했다. "
            "그는 \"청년 비율을 30%까지 끌어올리겠다\"고 밝혔다.\n\n"
            "\"결과에 승복하지 않으면 떠나야 한다\"고 최민호 사무총장은 말했다.\n\n"
            "한 중진 의원은 \"지금은 아니다\"라고 말했다.\n")
    assert found(text, analyzer) == [
        ("강태윤", None, "공천 혁신 없이는 승리도 없다"), ("강태윤", None, "예외를 두지 않겠다"),
        ("강태윤", None, "같은 기준으로 평가하겠다"), ("강태윤", None, "청년 비율을 30%까지 끌어올리겠다"),
        ("최민호", None, "결과에 승복하지 않으면 떠나야 한다")]


def test_a_camp_and_an_organisations_official(analyzer):
    text = ("오세린 전 총리 측은 이날 \"회동 계획은 없다\"고 전했다. "
            "오 전 총리 측 관계자는 \"다음 주에 결정할 것\"이라고 말했다.\n\n"
            "한국은행 관계자는 ‘물가 압력은 크지 않다’고 밝혔다.\n")
    extraction = extract(text, analyzer=analyzer)
    assert [(c.speaker.name, c.speaker.title, c.speaker.role) for c in extraction.candidates] == [
        ("오세린", "전 총리", "측"), ("오세린", "전 총리", "측"), ("한국은행", None, "관계자")]


def test_english_said_told_added_according_to_and_pronouns():
    text = ('"This is the biggest investment in a generation," Mayor Elena Ruiz said. '
            '"Every neighborhood will see more buses."\n\n'
            "Councilman Victor Hale, who voted against it, was less enthusiastic. "
            '"We are borrowing against revenue we do not have," he said.\n\n'
            '"I have waited two hours for a bus," said Tomas Reyes, a nurse.\n\n'
            'According to Ruiz, "the vans will be on the road by October."\n\n'
            '"It works," she added, "and it costs less."\n')
    extraction = extract(text)
    assert [(c.speaker.name, c.pattern, c.text) for c in extraction.candidates] == [
        ("Elena Ruiz", "en-quote-attribution-after", "This is the biggest investment in a generation,"),
        ("Elena Ruiz", "en-quote-continuation", "Every neighborhood will see more buses."),
        ("Victor Hale", "en-quote-pronoun", "We are borrowing against revenue we do not have,"),
        ("Tomas Reyes", "en-quote-attribution-after", "I have waited two hours for a bus,"),
        ("Elena Ruiz", "en-quote-according-to", "the vans will be on the road by October."),
        ("Elena Ruiz", "en-quote-pronoun", "It works,"),
        ("Elena Ruiz", "en-quote-pronoun", "and it costs less.")]
    assert extraction.candidates[3].speaker.title == "a nurse"


def test_a_quote_running_over_paragraphs_keeps_its_speaker():
    text = ('"The staffing picture is better," Tan told reporters. "But people are tired.\n\n'
            '"Nobody should assume the system has slack in it."\n')
    assert [name for name, _role, _text in found(text)] == ["Tan", "Tan", "Tan"]


def test_english_titles_scare_quotes_and_anonymous_officials_are_not_claims():
    text = ("The mayor, whose memoir \"Crossing the River\" sold well, spoke first.\n\n"
            "The plan funds so-called \"micro-transit\" vans, what one member called a \"circus\".\n\n"
            "A senior official said the numbers were \"within the normal range.\"\n\n"
            "Many carried signs reading \"Buses, Not Excuses.\"\n")
    assert found(text) == []


def test_english_transcript_labels_questions_and_courtesies():
    text = ("Senator Rosa Delgado on the farm bill\n\n"
            "KAPLAN: Senator, thanks for joining us. Why was it so close?\n\n"
            "DELGADO: Happy to be here. Every budget picks winners and losers. (CROSSTALK)\n\n"
            "Q: There are reports of looting on Dock Street.\n")
    assert found(text) == [("Rosa Delgado", None, "Every budget picks winners and losers.")]


def test_the_same_quote_twice_is_one_candidate_with_both_places(analyzer):
    text = ("47705 한덕수, 김문수에 축하 전화…“빠른 시일 내 만나자” 랭크뉴스 2025.05.03\n"
            "47698 [속보] 한덕수, 김문수에 축하 전화…“빠른 시일 내 만나자” 랭크뉴스 2025.05.03\n")
    extraction = extract(text, analyzer=analyzer)
    assert len(extraction.candidates) == 1
    occurrences = extraction.candidates[0].occurrences
    assert [text[o.start:o.end] for o in occurrences] == ["빠른 시일 내 만나자"] * 2
    assert occurrences[0].start != occurrences[1].start


def test_quote_marks_pair_up_curly_straight_nested_and_apostrophes():
    def spans(text):
        return [text[q.start:q.end] for q in quotes_in(Line(0, len(text), text))]
    assert spans("김문수 “‘反이재명 대원칙' 아래 빅텐트 논의”... ‘용광로 선대위’") == [
        "‘反이재명 대원칙' 아래 빅텐트 논의", "용광로 선대위"]
    assert spans("\"I don't know,\" she said of the '90s.") == ["I don't know,"]
    assert spans("「예외 없는 원칙」과 『다시, 광장에서』") == ["예외 없는 원칙", "다시, 광장에서"]
    assert spans("\"unclosed at the end") == ["unclosed at the end"]


def test_sentences_step_over_quotes_abbreviations_and_decimals():
    text = 'Dr. Okafor said 56.53% "grew. A lot." Then she left at 5 p.m. The end.'
    quotes = quotes_in(Line(0, len(text), text))
    assert [text[s:e] for s, e in sentences(text, 0, len(text), quotes)] == [
        'Dr. Okafor said 56.53% "grew. A lot."', "Then she left at 5 p.m.", "The end."]


def test_the_language_hint_is_for_lines_whose_script_does_not_say():
    assert extract("12345 \"678\"", language="ko").candidates == []


def test_kiwipiepy_tells_a_name_from_a_common_noun_where_the_rules_cannot():
    if not kiwi_available():
        pytest.skip("kiwipiepy not installed (the korean extra)")
    text = "인근 주민 이정숙(62) 씨는 \"밤에도 학원 차량이 자주 다닌다\"고 전했다.\n"
    assert found(text, make_analyzer("kiwipiepy")) == [
        ("이정숙", None, "밤에도 학원 차량이 자주 다닌다")]
    # The rules cannot tell: 인근 ("nearby") is shaped like a surname and a given name too. They
    # get it right only because three syllables are preferred to two (most names have three).
    assert found(text, RuleAnalyzer())[0][0] == "이정숙"
    assert found("인근 주민 이정(62) 씨는 \"차량이 많다\"고 전했다.\n", RuleAnalyzer())[0][0] == "인근"
