"""The common journalistic and transcript constructions, each with sentences of its own (not
from the evaluation set), in Korean and English, and the look-alikes that are not claims. The
list is docs/EXTRACTION.md's "Constructions"."""

import pytest

from services.extraction import extract
from services.extraction.korean_nlp import RuleAnalyzer, kiwi_available, make_analyzer

ANALYZERS = ["rules", pytest.param("kiwipiepy", marks=pytest.mark.skipif(
    not kiwi_available(), reason="kiwipiepy not installed (the korean extra)"))]


@pytest.fixture(params=ANALYZERS)
def analyzer(request):
    return make_analyzer(request.param)


def found(text, analyzer=None):
    """(speaker, quote) for each candidate, checking every offset on the way."""
    extraction = extract(text, analyzer=analyzer or RuleAnalyzer())
    for candidate in extraction.candidates:
        for occurrence in candidate.occurrences:
            assert text[occurrence.start:occurrence.end] == candidate.text
    return [(c.speaker.name, c.text) for c in extraction.candidates]


def speakers(text, analyzer=None):
    extraction = extract(text, analyzer=analyzer or RuleAnalyzer())
    return [(c.speaker.name, c.speaker.title, c.pattern) for c in extraction.candidates]


# English: speaker, verb, colon, quote.

@pytest.mark.parametrize(("text", "name", "title"), [
    ('Climate minister Kim Ha-neul said: "We will raise the share of renewables to 30 percent '
     'by 2030."', "Kim Ha-neul", "Climate minister"),
    ('Opposition lawmaker Park Min-su said: "The budget has no money for the grid."',
     "Park Min-su", "Opposition lawmaker"),
    ('Later, Jane Smith said: "The clinic will stay open through the winter."', "Jane Smith", None),
    ('Former county treasurer Gail Brennan wrote: "I did nothing wrong."', "Gail Brennan",
     "Former county treasurer"),
])
def test_speaker_said_colon_quote_with_a_descriptor_before_the_name(text, name, title):
    assert speakers(text) == [(name, title, "en-quote-attribution-before")]


# English: "…," said X (inverted), with titles and descriptors before the name or after it.

@pytest.mark.parametrize(("text", "name", "title"), [
    ('"The budget is not realistic," said opposition lawmaker Park Min-su.', "Park Min-su",
     "opposition lawmaker"),
    ('"We are ready for the storm," said Jane Smith, a spokeswoman for the utility.',
     "Jane Smith", "a spokeswoman for the utility"),
    ('"Rents will keep rising," said housing economist Lee Do-yun of Hanbit University.',
     "Lee Do-yun", "housing economist"),
    ('"Nobody asked the farmers," says state senator Maria Lopez.', "Maria Lopez",
     "state senator"),
])
def test_said_then_speaker_with_descriptors(text, name, title):
    assert speakers(text) == [(name, title, "en-quote-attribution-after")]


# English: "…," X said.

@pytest.mark.parametrize(("text", "name"), [
    ('"We will not raise taxes," opposition lawmaker Park Min-su said on Tuesday.', "Park Min-su"),
    ('"The water is safe to drink," Health Commissioner Ana Ortiz told reporters.', "Ana Ortiz"),
    ('"It was a fair trial," defense lawyer Ben Cole said.', "Ben Cole"),
])
def test_quote_then_speaker_said(text, name):
    assert [n for n, _title, _pattern in speakers(text)] == [name]


# English: X said "…" (no punctuation before the quote).

@pytest.mark.parametrize(("text", "name"), [
    ('Mayor Elena Ruiz said "the buses will run every ten minutes by spring."', "Elena Ruiz"),
    ('Park Min-su said "there is no money for it" before leaving the chamber.', "Park Min-su"),
    ('Economist Jonathan Pryce says "wages have not kept up with rents."', "Jonathan Pryce"),
])
def test_speaker_said_quote_without_a_colon(text, name):
    assert [n for n, _title, _pattern in speakers(text)] == [name]


# English: continuation across sentences and paragraphs.

def test_a_second_quote_after_said_x_is_the_same_speakers():
    text = ('"The budget is not realistic," said opposition lawmaker Park Min-su. '
            '"There is no money for it."')
    assert found(text) == [("Park Min-su", "The budget is not realistic,"),
                           ("Park Min-su", "There is no money for it.")]


def test_a_quote_after_she_said_continues_her_words():
    text = ('Health Commissioner Ana Ortiz spoke after the vote. "The water is safe," she said. '
            '"We tested it twice."')
    assert found(text) == [("Ana Ortiz", "The water is safe,"),
                           ("Ana Ortiz", "We tested it twice.")]


def test_a_paragraph_that_is_only_a_quote_continues_the_previous_speaker():
    text = ('"Rents will keep rising," said housing economist Lee Do-yun.\n\n'
            '"Nothing in this budget changes that."\n\n'
            'The council meets again on Monday.\n')
    assert found(text) == [("Lee Do-yun", "Rents will keep rising,"),
                           ("Lee Do-yun", "Nothing in this budget changes that.")]


def test_a_quote_paragraph_after_narration_is_not_given_to_the_last_speaker():
    text = ('"Rents will keep rising," said housing economist Lee Do-yun.\n\n'
            'The council meets again on Monday, and tenants plan a march.\n\n'
            '"Nothing in this budget changes that."\n')
    assert found(text) == [("Lee Do-yun", "Rents will keep rising,")]


# English: according to X, X told Y:, X added:.

@pytest.mark.parametrize(("text", "name"), [
    ('According to Finance Minister Choi Sang-mok, "the deficit will shrink next year."',
     "Choi Sang-mok"),
    ('"Exports grew for the sixth month," according to trade minister Ahn Duk-geun.',
     "Ahn Duk-geun"),
    ('According to Jane Smith, a spokeswoman for the utility, "power will be back by Friday."',
     "Jane Smith"),
])
def test_according_to(text, name):
    assert [n for n, _title, _pattern in speakers(text)] == [name]


@pytest.mark.parametrize(("text", "name"), [
    ('Park Min-su told reporters: "It is a slogan, not a plan."', "Park Min-su"),
    ('Mayor Elena Ruiz told the Gazette: "We will finish the line by 2027."', "Elena Ruiz"),
    ('Dr. Amara Okafor told a news conference on Friday: "Flu cases doubled in a week."',
     "Amara Okafor"),
])
def test_speaker_told_someone_colon_quote(text, name):
    assert [n for n, _title, _pattern in speakers(text)] == [name]


def test_added_and_adding_keep_the_speaker():
    text = ('Jane Smith, a spokeswoman for the utility, said crews were working. '
            'She added: "Every line will be checked before power returns."\n\n'
            'Park Min-su told reporters that "the plan has no funding," adding: "It is a slogan."\n')
    assert found(text) == [("Jane Smith", "Every line will be checked before power returns."),
                           ("Park Min-su", "the plan has no funding,"),
                           ("Park Min-su", "It is a slogan.")]


# English: partial quotes inside reported speech are claims of the named speaker (as the
# evaluation labels have it: `According to Okafor, "the single most useful thing …"`); scare
# quotes of one or two words are not.

@pytest.mark.parametrize(("text", "name", "quote"), [
    ('Kim Ha-neul, the climate minister, said the country "will raise the share of renewables '
     'to 30 percent by 2030."', "Kim Ha-neul",
     "will raise the share of renewables to 30 percent by 2030."),
    ('Park Min-su told reporters that "the plan has no funding."', "Park Min-su",
     "the plan has no funding."),
    ('Mayor Elena Ruiz said the new line would be "the fastest in the region by far."',
     "Elena Ruiz", "the fastest in the region by far."),
])
def test_partial_quotes_in_reported_speech_are_the_speakers(text, name, quote):
    assert found(text) == [(name, quote)]
    assert speakers(text)[0][2] == "en-quote-partial"


def test_short_scare_quotes_in_reported_speech_are_not_claims():
    text = ('Mayor Elena Ruiz said the plan was a "boondoggle" and a "circus."\n\n'
            'Park Min-su said the so-called "green deal for everyone" had failed.\n')
    assert found(text) == []


# English: anonymous speakers and titles of works stay out.

def test_anonymous_english_speakers_are_not_claims():
    text = ('"We have not decided anything," a senior official said.\n\n'
            'A senior official said: "The talks will resume on Monday."\n\n'
            '"The deal is close," sources said.\n\n'
            '"The deal is close," said one diplomat, who asked not to be named.\n\n'
            'Officials said "the numbers are within the normal range."\n\n'
            'Smith wrote the book "Why Nations Fail Again" in 2019.\n')
    assert found(text) == []


# English transcripts: labels with honorifics, moderators and Q/A dropped, even one speaker.

def test_a_transcript_with_one_named_speaker_and_a_moderator():
    text = ("MODERATOR: Welcome everyone.\n"
            "SEN. WARREN: We need to break up the big banks. That is the only way.\n"
            "MODERATOR: Thank you.\n")
    extraction = extract(text, analyzer=RuleAnalyzer())
    assert [(c.speaker.name, c.speaker.title, c.text) for c in extraction.candidates] == [
        ("Warren", "Sen.", "We need to break up the big banks."),
        ("Warren", "Sen.", "That is the only way.")]


def test_transcript_labels_with_honorifics_and_questions_dropped():
    text = ("Q: Doctor, is the hospital full?\n"
            "DR. LEE: We have twelve beds left in the intensive care unit.\n"
            "Q: And the staff?\n"
            "MR. SMITH: The nurses have worked double shifts since Friday.\n"
            "A: I would add that the county sent forty more nurses.\n")
    assert found(text) == [("Lee", "We have twelve beds left in the intensive care unit."),
                           ("Smith", "The nurses have worked double shifts since Friday.")]


def test_one_labelled_speaker_with_an_honorific_is_a_transcript():
    text = "MS. HARRIS: The bill passed the committee with bipartisan support.\n"
    assert found(text) == [("Harris", "The bill passed the committee with bipartisan support.")]


def test_a_lone_dateline_is_still_not_a_transcript():
    text = "WASHINGTON: The Senate passed the bill on Tuesday after a long debate.\n"
    assert found(text) == []


# Korean transcripts: a marked speaker line, one speaker, no blank lines.

def test_a_korean_transcript_with_one_speaker_and_no_blank_lines(analyzer):
    text = ("○김하늘 / 기후에너지부 장관\n"
            "재생에너지 비중을 2030년까지 30%로 올리겠습니다. 송전망 예산은 내년에 두 배로 늘어납니다.\n")
    extraction = extract(text, analyzer=analyzer)
    assert [(c.speaker.name, c.speaker.title, c.text) for c in extraction.candidates] == [
        ("김하늘", "기후에너지부 장관", "재생에너지 비중을 2030년까지 30%로 올리겠습니다."),
        ("김하늘", "기후에너지부 장관", "송전망 예산은 내년에 두 배로 늘어납니다.")]


def test_korean_marked_turns_without_blank_lines(analyzer):
    text = ("■ 박민수 / 국민미래당 의원\n"
            "정부 예산안은 현실성이 없습니다. 재원 대책이 전혀 없어요.\n"
            "▲ 이서연 / 기획재정부 차관\n"
            "재원은 이미 확보돼 있습니다. 국회에 자료도 제출했습니다.\n")
    assert found(text, analyzer) == [
        ("박민수", "정부 예산안은 현실성이 없습니다."), ("박민수", "재원 대책이 전혀 없어요."),
        ("이서연", "재원은 이미 확보돼 있습니다."), ("이서연", "국회에 자료도 제출했습니다.")]


# Korean body text.

@pytest.mark.parametrize("verb", ["말했다", "밝혔다", "강조했다", "덧붙였다", "지적했다", "설명했다"])
def test_korean_name_title_topic_then_quote_and_a_saying_verb(analyzer, verb):
    text = f'김하늘 기후에너지부 장관은 "재생에너지 비중을 30%로 올리겠다"고 {verb}.\n'
    assert found(text, analyzer) == [("김하늘", "재생에너지 비중을 30%로 올리겠다")]


@pytest.mark.parametrize(("text", "name", "quote"), [
    ('박민수 국민미래당 의원은 15일 국회 기자회견에서 "예산안은 현실성이 없다"고 지적했다.\n',
     "박민수", "예산안은 현실성이 없다"),
    ('이서연 기획재정부 차관은 "재원은 이미 확보돼 있다"라고 설명했다.\n', "이서연",
     "재원은 이미 확보돼 있다"),
    ('정우진 서울시장이 "대중교통 요금은 동결한다"고 밝혔다.\n', "정우진", "대중교통 요금은 동결한다"),
])
def test_korean_subject_before_the_quote_with_a_time_or_place_between(analyzer, text, name,
                                                                      quote):
    assert found(text, analyzer) == [(name, quote)]


@pytest.mark.parametrize(("text", "name", "quote"), [
    ('"송전망 예산은 두 배로 늘어난다"라고 김하늘 장관이 말했다.\n', "김하늘",
     "송전망 예산은 두 배로 늘어난다"),
    ('"재원 대책이 전혀 없다"고 박민수 국민미래당 의원은 비판했다.\n', "박민수", "재원 대책이 전혀 없다"),
    ('"금리 인하는 시기상조"라고 이창용 한국은행 총재가 밝혔다.\n', "이창용", "금리 인하는 시기상조"),
])
def test_korean_quote_then_name_and_title(analyzer, text, name, quote):
    assert found(text, analyzer) == [(name, quote)]


@pytest.mark.parametrize(("text", "name", "quotes"), [
    ('김하늘 장관은 "목표는 바뀌지 않는다"며 "송전망 투자를 늘리겠다"고 했다.\n', "김하늘",
     ["목표는 바뀌지 않는다", "송전망 투자를 늘리겠다"]),
    ('박민수 의원은 "예산이 부족하다"면서 "추경이 필요하다"고 강조했다.\n', "박민수",
     ["예산이 부족하다", "추경이 필요하다"]),
    ('이서연 차관은 "재원은 있다"라며 "다음 달에 발표하겠다"고 덧붙였다.\n', "이서연",
     ["재원은 있다", "다음 달에 발표하겠다"]),
])
def test_korean_chain_of_two_quotes(analyzer, text, name, quotes):
    assert found(text, analyzer) == [(name, quote) for quote in quotes]


@pytest.mark.parametrize(("text", "name", "quote"), [
    ('박민수 국민미래당 의원은 정부안을 비판하며 "재원 대책이 전혀 없다"고 말했다.\n', "박민수",
     "재원 대책이 전혀 없다"),
    ('김하늘 장관은 목표가 달라지지 않았다고 강조하며 "송전망 예산을 두 배로 늘리겠다"고 밝혔다.\n',
     "김하늘", "송전망 예산을 두 배로 늘리겠다"),
    ('정우진 서울시장은 시민들에게 양해를 구하면서 "요금은 동결한다"고 말했다.\n', "정우진",
     "요금은 동결한다"),
])
def test_korean_clause_with_myeo_before_the_quote(analyzer, text, name, quote):
    assert found(text, analyzer) == [(name, quote)]


def test_korean_myeo_quote_in_the_next_sentence_continues_the_speaker(analyzer):
    text = ('김하늘 기후에너지부 장관은 "재생에너지 비중을 30%로 올리겠다"고 말했다. '
            '이어 송전망을 언급하며 "예산을 두 배로 늘리겠다"고 덧붙였다.\n')
    assert found(text, analyzer) == [("김하늘", "재생에너지 비중을 30%로 올리겠다"),
                                     ("김하늘", "예산을 두 배로 늘리겠다")]


@pytest.mark.parametrize(("text", "name"), [
    ('박민수 의원 측은 "출마 여부는 정해지지 않았다"고 밝혔다.\n', "박민수"),
    ('이서연 후보 측 관계자는 "토론회에 참석하겠다"고 말했다.\n', "이서연"),
    ('정우진 측 "단일화 논의는 없다"\n', "정우진"),
])
def test_korean_camp(analyzer, text, name):
    extraction = extract(text, analyzer=analyzer)
    assert [(c.speaker.name, c.speaker.role) for c in extraction.candidates] == [(name, "측")]


@pytest.mark.parametrize(("text", "name", "quote"), [
    ('김하늘 "재생에너지 30% 목표 지킨다"\n', "김하늘", "재생에너지 30% 목표 지킨다"),
    ('[속보] 박민수 "예산안, 현실성 없어"…여야 공방\n', "박민수", "예산안, 현실성 없어"),
    ('이창용 총재 "금리 인하 시기상조"\n', "이창용", "금리 인하 시기상조"),
])
def test_korean_headline_name_then_quote(analyzer, text, name, quote):
    assert found(text, analyzer) == [(name, quote)]


def test_korean_anonymous_speakers_scare_quotes_and_titles_are_not_claims(analyzer):
    text = ('한 관계자는 "아직 정해진 것은 없다"고 말했다.\n\n'
            '정부의 한 고위 관계자는 "협상은 다음 주에 재개된다"고 전했다.\n\n'
            '익명을 요구한 여권 인사는 "단일화는 어렵다"고 말했다.\n\n'
            '이번 개편의 핵심은 이른바 \'탄소 중립 로드맵\'이다.\n\n'
            '그는 『기후 위기의 시대』를 펴냈다.\n')
    assert found(text, analyzer) == []


# More of the same constructions, in other shapes.

@pytest.mark.parametrize(("text", "name"), [
    ('"We are not going anywhere," Sen. Elizabeth Warren told CNN on Sunday.', "Elizabeth Warren"),
    ('“The clinic is full every night,” said Dr. Lee Soo-jin, director of the shelter.',
     "Lee Soo-jin"),
    ('Jane Smith, who chairs the committee, said: "The vote will happen this week."',
     "Jane Smith"),
    ('Kim Ha-neul, the climate minister, told reporters: "The grid is the bottleneck."',
     "Kim Ha-neul"),
    ('Park Min-su said in a statement that "the budget ignores the provinces entirely."',
     "Park Min-su"),
])
def test_other_shapes_of_attribution(text, name):
    assert [n for n, _title, _pattern in speakers(text)] == [name]


def test_a_surname_and_a_title_refer_back_to_the_full_name():
    text = ('Climate minister Kim Ha-neul spoke at the forum on Monday.\n\n'
            '"The grid is the bottleneck," Kim said. "We will double its budget."\n\n'
            '"Nobody else has a plan," the minister said.\n')
    assert found(text) == [("Kim Ha-neul", "The grid is the bottleneck,"),
                           ("Kim Ha-neul", "We will double its budget."),
                           ("Kim Ha-neul", "Nobody else has a plan,")]


def test_a_quote_running_over_three_paragraphs():
    text = ('"The budget is not realistic," said opposition lawmaker Park Min-su.\n\n'
            '"There is no money for the grid.\n\n'
            '"And there is no plan to find it."\n')
    assert [name for name, _text in found(text)] == ["Park Min-su"] * 3


@pytest.mark.parametrize("text", [
    '"The deal is off," a spokesperson said.',
    '"The deal is off," said a spokesman for the company.',
    '"Prices will rise," one resident said.',
    '"The talks have stalled," people familiar with the matter said.',
    'Critics called it "a tax on the poor and nothing more."',
    'The report, titled "Warming and the Working Class," was released on Monday.',
    '"We have not decided," officials at City Hall said.',
])
def test_more_anonymous_speakers_and_titles(text):
    assert found(text) == []


def test_korean_back_reference_after_the_full_name(analyzer):
    text = ('김하늘 기후에너지부 장관은 14일 국회에서 열린 토론회에서 "송전망이 병목"이라고 말했다.\n\n'
            '김 장관은 "예산을 두 배로 늘리겠다"면서도 "증세는 없다"고 말했다.\n')
    assert found(text, analyzer) == [("김하늘", "송전망이 병목"), ("김하늘", "예산을 두 배로 늘리겠다"),
                                     ("김하늘", "증세는 없다")]


def test_korean_unnamed_groups_and_voices_are_not_claims(analyzer):
    text = ('업계에서는 "하반기 반등은 어렵다"는 말이 나온다.\n\n'
            '일각에서는 "속도가 너무 빠르다"는 지적도 나온다.\n\n'
            '전문가들은 "재원 대책이 먼저"라고 입을 모았다.\n\n'
            '"시장이 과열됐다"는 목소리가 커지고 있다.\n')
    assert found(text, analyzer) == []


@pytest.mark.parametrize(("text", "name", "title"), [
    ('"We will appeal," the company\'s lawyer, Tom Reed, said in a statement.', "Tom Reed",
     "the company's lawyer"),
    ('"Inflation is under control," Bank of Korea Governor Rhee Chang-yong told lawmakers.',
     "Rhee Chang-yong", "Bank of Korea Governor"),
    ('"I never saw the memo," Johnson, 62, told the court.', "Johnson", None),
    ('The Ministry of Finance said in a statement: "The deficit will narrow next year."',
     "Ministry of Finance", None),
])
def test_descriptors_appositives_ages_and_bodies(text, name, title):
    assert [(n, t) for n, t, _pattern in speakers(text)] == [(name, title)]


def test_korean_party_before_a_name_and_title_is_not_the_name(analyzer):
    text = '국민의힘 김용태 비상대책위원장은 "쇄신안을 다음 주에 마련하겠다"고 밝혔다.\n'
    extraction = extract(text, analyzer=analyzer)
    assert [(c.speaker.name, c.speaker.title) for c in extraction.candidates] == [
        ("김용태", "국민의힘 비상대책위원장")]
