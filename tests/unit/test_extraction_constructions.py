"""The common journalistic and transcript constructions, each with sentences of its own (not
from the evaluation set), in Korean and English, and the look-alikes that are not claims. The
list is docs/EXTRACTION.md's "Constructions"."""

import pytest

from services.extraction import extract
from services.extraction.korean_nlp import RuleAnalyzer
from tests.unit.extraction_support import found


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


# Transcripts: a moderator's, host's or anchor's turns are not claims, nor are a page's header
# lines, nor a guest's procedural lines.

def test_moderator_host_and_chair_turns_are_not_claims():
    text = ("MODERATOR: Good evening. Let's turn to the budget. Senator, the floor is yours.\n"
            "SEN. MARIA LOPEZ: The county spent twelve million dollars on consultants last year.\n"
            "HOST: The deficit doubled under the last council. Let's go to the phones.\n"
            "COUNCILMAN ROY BAKER: The deficit fell by a third in my first term.\n"
            "CHAIR: The committee will come to order. We have three witnesses today.\n")
    assert found(text) == [
        ("Maria Lopez", "The county spent twelve million dollars on consultants last year."),
        ("Roy Baker", "The deficit fell by a third in my first term.")]


def test_a_guests_procedural_lines_are_not_claims():
    text = ("ANCHOR: Governor, welcome.\n"
            "GOV. HELEN PARK: The state will close the budget gap without new taxes. "
            "We'll be back at 5 p.m. with more. I'll take two more questions.\n"
            "Q: When?\n"
            "GOV. PARK: Let me turn it over to the fire chief. Three fires are still burning.\n")
    assert found(text) == [
        ("Helen Park", "The state will close the budget gap without new taxes."),
        ("Helen Park", "Three fires are still burning.")]


@pytest.mark.parametrize("host", ["■ 김도윤 앵커", "○진행자 / 김도윤", "■ 사회자", "◇ 앵커"])
def test_korean_anchor_and_host_turns_are_not_claims(analyzer, host):
    text = (f"{host}\n"
            "오늘은 전세 사기 대책에 대해 이야기 나눠 보겠습니다. 정부는 지원 예산을 늘렸습니다.\n"
            "▲ 백수진 / 주거권네트워크 사무처장\n"
            "집행률이 40%에도 못 미칩니다. 피해자에게 돈이 닿지 않고 있어요.\n"
            f"{host}\n"
            "다음 질문 드리겠습니다. 국회 논의는 어떻게 보십니까?\n")
    assert found(text, analyzer) == [("백수진", "집행률이 40%에도 못 미칩니다."),
                                     ("백수진", "피해자에게 돈이 닿지 않고 있어요.")]


def test_korean_unmarked_host_labels_are_not_claims(analyzer):
    text = ("진행자: 오늘은 의대 정원 문제를 짚어 보겠습니다. 교수님 나와 계십니다.\n"
            "김태호 교수: 의대 정원은 지역 병원부터 늘려야 합니다.\n"
            "진행자: 다음 질문 드리겠습니다.\n")
    assert found(text, analyzer) == [("김태호", "의대 정원은 지역 병원부터 늘려야 합니다.")]


def test_broadcast_header_lines_are_not_claims_even_with_quotes(analyzer):
    text = ("방송 : MBS 라디오 '아침의 창' (FM 95.9)\n"
            "일시 : 2025년 5월 2일 (금) 07:30\n"
            "출연 : 박서연 \"청년정책연구소\" 소장\n"
            "■ 진행 : 이민재 \"앵커\"\n")
    assert found(text, analyzer) == []


# Korean headlines: names no registry knows, name and title, organisations and their short
# forms, and officials of no particular organisation.

@pytest.mark.parametrize(("text", "name"), [
    ('박서연, 의대 증원 논란에 "정부가 먼저 사과해야"', "박서연"),
    ('윤가람 교수, 전세사기 대책에 "피해자 구제가 먼저"', "윤가람"),
    ('남궁민채, 공천 탈락에 "승복할 수 없다"', "남궁민채"),
    ('탁민, 경선 결과에 "당원 뜻 따르겠다"', "탁민"),
])
def test_korean_headline_name_comma_topic_then_quote(analyzer, text, name):
    assert [n for n, _quote in found(text, analyzer)] == [name]


@pytest.mark.parametrize(("text", "name", "title"), [
    ('이창용 총재 "금리 인하 서두르지 않겠다"', "이창용", "총재"),
    ('하윤서 교수 "지방 의료 붕괴 이미 시작"', "하윤서", "교수"),
    ('서도준 장관 "여름 전력 수급 문제없다"', "서도준", "장관"),
    ('문채원 위원장 "플랫폼법 연내 처리"', "문채원", "위원장"),
])
def test_korean_headline_name_title_then_quote(analyzer, text, name, title):
    extraction = extract(text, analyzer=analyzer)
    assert [(c.speaker.name, c.speaker.title) for c in extraction.candidates] == [(name, title)]


@pytest.mark.parametrize(("text", "name"), [
    ('해수부 "어민 피해 전액 보상"', "해수부"),
    ('교육부 "수능 난이도 예년 수준"', "교육부"),
    ('한은 "물가 상승률 2%대 유지"', "한은"),
    ('국토부 "전세 대출 규제 유지"…시장 반발', "국토부"),
])
def test_korean_headline_organisations_and_their_short_forms(analyzer, text, name):
    assert [n for n, _quote in found(text, analyzer)] == [name]


@pytest.mark.parametrize("text", [
    '여당 관계자 "탄핵 절차 서두를 이유 없다"',
    '정부 고위 관계자 "추경 편성 검토 안 해"',
    '당 핵심 관계자 "지도부 사퇴 논의 없었다"',
    '검찰 관계자는 "수사는 원칙대로 진행된다"고 말했다.',
])
def test_korean_officials_of_no_particular_organisation_are_anonymous(analyzer, text):
    assert found(text, analyzer) == []


def test_korean_official_of_a_named_organisation_is_that_organisation(analyzer):
    text = '한국은행 고위 관계자 "금리 인하 시점은 아직"'
    extraction = extract(text, analyzer=analyzer)
    assert [(c.speaker.name, c.speaker.role) for c in extraction.candidates] == [
        ("한국은행", "관계자")]


# English: a capitalised job title before a name is the title, not part of the name.

@pytest.mark.parametrize(("text", "name", "title"), [
    ('"We will not close the landfill," County Executive Raymond Ostrowski said.',
     "Raymond Ostrowski", "County Executive"),
    ('Council member Teresa Villanueva said: "The audit came two years too late."',
     "Teresa Villanueva", "Council member"),
    ('"The bill protects renters," said State Sen. Maria Lopez.', "Maria Lopez", "State Sen."),
    ('"Response times are down," Police Chief Dan Ortiz told reporters.', "Dan Ortiz",
     "Police Chief"),
    ('"Nobody warned us," said County Clerk Janet Mills.', "Janet Mills", "County Clerk"),
])
def test_capitalised_job_titles_before_a_name_are_titles(text, name, title):
    assert [(n, t) for n, t, _pattern in speakers(text)] == [(name, title)]


# English: a pronoun is the most recent person named; a quote over a paragraph break is one
# speaker's.

def test_she_said_refers_to_the_person_just_introduced():
    text = ('"The plan is sound," Mayor Elena Ruiz said at the meeting.\n\n'
            'Council member Teresa Villanueva, who chairs the finance committee, was less '
            'forgiving. "This budget hides a deficit," she said.\n\n'
            'County Executive Raymond Ostrowski was blunter still. "It is a shell game," he '
            'said.\n')
    assert found(text) == [("Elena Ruiz", "The plan is sound,"),
                           ("Teresa Villanueva", "This budget hides a deficit,"),
                           ("Raymond Ostrowski", "It is a shell game,")]


@pytest.mark.parametrize(("opening", "closing"), [('"', '"'), ("“", "”")])
def test_a_quote_over_a_paragraph_break_is_one_speakers(opening, closing):
    text = (f'{opening}We closed the beaches first,{closing} Police Chief Dan Ortiz said. '
            f'{opening}Then we called the state lab and waited.\n\n'
            f'{opening}Nobody told us the results for nine days.{closing}\n\n'
            'The lab did not respond to a request for comment.\n')
    assert found(text) == [("Dan Ortiz", "We closed the beaches first,"),
                           ("Dan Ortiz", "Then we called the state lab and waited."),
                           ("Dan Ortiz", "Nobody told us the results for nine days.")]


# English: other attribution forms.

@pytest.mark.parametrize(("text", "name"), [
    ('Council member Teresa Villanueva put it bluntly at a hearing: "The county has lost '
     'control of its own budget."', "Teresa Villanueva"),
    ('County Executive Raymond Ostrowski spoke last. Ostrowski summed up the dispute in one '
     'line: "We cannot pay for promises."', "Raymond Ostrowski"),
    ('She had a warning for parents: "Measles spreads faster than anything we track."', None),
    ('Later, Dr. Amara Okafor had a warning for parents: "Measles spreads faster than '
     'anything we track."', "Amara Okafor"),
])
def test_a_named_subject_and_any_verb_phrase_before_a_colon(text, name):
    # A pronoun with nobody named before it names nobody.
    assert [n for n, _quote in found(text)] == ([name] if name else [])


def test_a_verb_phrase_colon_without_a_named_subject_is_not_a_claim():
    text = ('The sign on the door put it bluntly: "No refunds after thirty days."\n\n'
            'The report had one conclusion: "The plant must close."\n')
    assert found(text) == []


def test_she_added_after_a_quote():
    text = ('Maria Alvarez, the union\'s president, said the talks had stalled. "We are '
            'still at the table," she added.\n')
    assert found(text) == [("Maria Alvarez", "We are still at the table,")]


def test_several_authors_of_a_report_are_not_one_speaker():
    # A claim has one speaker in the registry: two authors are neither one person nor the
    # first of them (docs/EXTRACTION.md, "What is not a claim").
    text = ('Economists Lena Park and Omar Haddad say in their report that "rents rose faster '
            'than wages in every district."\n\n'
            'Smith and Jones said: "The merger will cost jobs."\n')
    assert found(text) == []


@pytest.mark.parametrize(("text", "name", "quote"), [
    ('Villanueva told me her staff "never saw the contract before it was signed."',
     "Villanueva", "never saw the contract before it was signed."),
    ('The water at the plant is "well within federal limits for lead," according to the Ohio '
     'Environmental Protection Agency.', "Ohio Environmental Protection Agency",
     "well within federal limits for lead,"),
])
def test_partial_quotes_after_told_and_according_to_an_organisation(text, name, quote):
    assert found(text) == [(name, quote)]


@pytest.mark.parametrize("text", ['송이 교수 "의료 개혁 서둘러야"', '김지은 의원 "특검법 재발의"'])
def test_korean_name_ending_like_a_particle_before_a_title_is_not_the_title(analyzer, text):
    # Kiwi may not know the name (nothing); the rules must not take the title for the name.
    names = [n for n, _quote in found(text, analyzer)]
    assert names in ([text.split()[0]], []) and "교수" not in names and "의원" not in names
    if analyzer.name == "rules":
        assert names == [text.split()[0]]
