"""More constructions of real newsroom copy, each with sentences written for it (fictional
people and places, none taken from an evaluation set): council and court transcripts (offices
such as THE CHAIR, unnamed voices, motions, seconds, votes, markers such as [crosstalk]),
several speakers in one story (who `she` is, `X, 67,` and `filmmaker X` introducing people,
long appositives), and Korean characterisations, programme titles, unknown names and local
titles. docs/EXTRACTION.md, "Constructions"."""

import pytest

from services.extraction import extract
from services.extraction.korean_nlp import RuleAnalyzer
from tests.unit.extraction_support import found


def candidates(text, analyzer=None):
    extraction = extract(text, analyzer=analyzer or RuleAnalyzer())
    return [(c.speaker.name, c.speaker.role, c.text) for c in extraction.candidates]


# Transcripts of sittings: an office named with "THE" speaks for the sitting, not for itself.

@pytest.mark.parametrize("office", ["THE CHAIR", "THE CLERK", "THE PRESIDING OFFICER",
                                    "THE CHAIRWOMAN", "THE SPEAKER", "THE COURT", "CLERK",
                                    "PRESIDING OFFICER", "SECRETARY"])
def test_offices_of_a_sitting_are_not_speakers(office):
    text = (f"{office}: The meeting will come to order. Item six is the appeal for the Birch "
            "Lane lot.\n\n"
            "MS. ALVARADO: The lot has flooded three times since 2019.\n\n"
            f"{office}: Councilmember Alvarado, the floor is yours for two more minutes.\n\n"
            "MS. ALVARADO: The drain under the road was never replaced.\n")
    assert found(text) == [("Alvarado", "The lot has flooded three times since 2019."),
                           ("Alvarado", "The drain under the road was never replaced.")]


@pytest.mark.parametrize("voice", ["SPEAKER FROM AUDIENCE", "UNIDENTIFIED SPEAKER",
                                   "MALE SPEAKER", "SPEAKER 2", "AUDIENCE MEMBER",
                                   "PUBLIC COMMENTER", "MULTIPLE SPEAKERS", "UNKNOWN SPEAKER",
                                   "VOICE FROM GALLERY", "RESIDENT"])
def test_unnamed_voices_of_a_transcript_are_not_speakers(voice):
    text = ("COUNCILMEMBER OMAR FELL: The bridge will be closed for eleven weeks.\n\n"
            f"{voice}: You closed it last summer too!\n\n"
            "COUNCILMEMBER OMAR FELL: The state pays for ninety percent of the repair.\n")
    assert found(text) == [("Omar Fell", "The bridge will be closed for eleven weeks."),
                           ("Omar Fell", "The state pays for ninety percent of the repair.")]


def test_a_named_speaker_of_the_house_is_a_speaker():
    text = ("SPEAKER HOLLOWAY: The house passed the water bill by twelve votes.\n\n"
            "REP. DANA WEISS: The bill leaves out every rural district.\n")
    assert [name for name, _quote in found(text)] == ["Holloway", "Dana Weiss"]


def test_motions_seconds_votes_and_yields_are_not_claims():
    text = ("CHAIRMAN ROY OWENS: The budget for the pool is two million dollars. "
            "The clerk will call the roll.\n\n"
            "COUNCILMEMBER DIAZ: I move that we approve the pool contract as amended. "
            "The contract saves the city forty thousand dollars a year.\n\n"
            "COUNCILMEMBER FROST: I'll second that. I second the motion.\n\n"
            "COUNCILMEMBER DIAZ: I vote yes. I vote no on the amendment.\n\n"
            "COUNCILMEMBER FROST: I yield back the balance of my time. Point of order, Mr. "
            "Chairman. I have no further questions. Motion to adjourn.\n\n"
            "CHAIRMAN ROY OWENS: Without objection, so ordered. The motion carries five to two. "
            "We are adjourned. We'll stand in recess until two o'clock. That's all the time we "
            "have.\n")
    assert found(text) == [
        ("Roy Owens", "The budget for the pool is two million dollars."),
        ("Diaz", "The contract saves the city forty thousand dollars a year.")]


def test_statements_that_look_like_procedure_stay():
    text = ("MAYOR GWEN TALBOT: I moved to this town in 1998 and the road has never been "
            "paved. We voted against the levy because it doubled the fees.\n\n"
            "Q: Will you run again?\n")
    assert [quote for _name, quote in found(text)] == [
        "I moved to this town in 1998 and the road has never been paved.",
        "We voted against the levy because it doubled the fees."]


@pytest.mark.parametrize("marker", ["[crosstalk]", "(inaudible)", "[LAUGHTER]",
                                    "(CROSSTALK)", "[applause]"])
def test_transcript_markers_are_not_part_of_a_statement(marker):
    text = (f"DR. ALAN REID: {marker} The clinic treated 900 patients in March. The waiting "
            f"list is down to two weeks. {marker}\n\n"
            "Q: How many doctors?\n")
    assert found(text) == [("Alan Reid", "The clinic treated 900 patients in March."),
                           ("Alan Reid", "The waiting list is down to two weeks.")]


@pytest.mark.parametrize("line", ["Senator, the floor is yours.", "Chief Hale, you have the floor.",
                                  "If I could add something.", "Let me add one thing.",
                                  "If I may respond to that.", "Can I jump in here.",
                                  "That's all the time we have.", "We're out of time."])
def test_procedure_after_a_name_called_and_interjections_are_not_claims(line):
    text = (f"MS. JENNA COLE: {line}\n\n"
            "SEN. PAUL HALE: The broadband grant covers four counties.\n")
    assert found(text) == [("Paul Hale", "The broadband grant covers four counties.")]


# English news and features: several people in one story.

def test_a_person_introduced_by_an_occupation_in_lower_case_is_who_she_is():
    text = ('The exhibition was curated by sculptor Ines Varga, who spent six years on it.\n\n'
            '"We raised the money ourselves," museum director Paul Brandt said. "The city gave '
            'nothing," he added.\n\n'
            'Varga, 52, moved to the town in 2004 and still works in a barn behind the museum.\n\n'
            '"Every piece here was made within ten miles of this room," she said.\n')
    assert found(text) == [
        ("Paul Brandt", "We raised the money ourselves,"),
        ("Paul Brandt", "The city gave nothing,"),
        ("Ines Varga", "Every piece here was made within ten miles of this room,")]


def test_a_person_introduced_with_an_age_mid_sentence_is_who_she_is():
    text = ('Every Thursday before school, Lorna Achebe, 71, walks four blocks to the library '
            'with a bag of donated books.\n\n'
            'Branch manager Victor Szabo said the program had doubled in a year.\n\n'
            'Achebe shrugs at the praise.\n\n'
            '"I only bring the books," she said. "The children do the reading."\n')
    assert found(text) == [("Lorna Achebe", "I only bring the books,"),
                           ("Lorna Achebe", "The children do the reading.")]


def test_she_skips_a_man_the_story_has_called_he():
    text = ('Budget analyst Rosa Mendel, who wrote the audit, found the same invoice paid '
            'twice.\n\n'
            'Treasurer Alan Fisk disputed that. "The invoices were different," Fisk said. "Both '
            'were paid on time," he added.\n\n'
            '"He has not read the audit," she said.\n')
    assert found(text)[-1] == ("Rosa Mendel", "He has not read the audit,")


def test_honorifics_tell_who_she_is():
    text = ('Ms. Joan Pike, the school board president, called the vote for Monday. Mr. Karl '
            'Udall, the superintendent, asked for a delay.\n\n'
            '"We have waited long enough," she said.\n')
    assert found(text) == [("Joan Pike", "We have waited long enough,")]


def test_said_then_a_name_with_a_long_appositive_and_more():
    text = ('"The book contains at least nine errors of fact," said Helen Marsh, a lawyer for '
            'the publisher Grey Owl Press, in a letter dated Nov. 3 that was seen by reporters.\n')
    assert found(text) == [("Helen Marsh",
                            "The book contains at least nine errors of fact,")]


def test_according_to_a_name_with_a_long_appositive():
    text = ('According to Tomas Rink, a former mechanic at the depot who testified at the '
            'hearing, "the brakes were checked once a year at most."\n')
    assert found(text) == [("Tomas Rink", "the brakes were checked once a year at most.")]


@pytest.mark.parametrize(("text", "name", "quote"), [
    ('Mayor Elena Ruiz said she would sign the lease on one condition: that "the rent stays '
     'the same for ten years."', "Elena Ruiz", "the rent stays the same for ten years."),
    ('Warden Ada Kimura took over the prison in 2019. She now runs the library, a job she '
     'said she "would never have asked for at the start."', "Ada Kimura",
     "would never have asked for at the start."),
])
def test_partial_quotes_after_a_colon_or_a_pronoun_subject(text, name, quote):
    assert found(text) == [(name, quote)]


# Korean: characterisations and names given to things are not claims; speech is.

@pytest.mark.parametrize("text", [
    "주민들은 이 도로를 '죽음의 커브'라고 부른다.",
    "박 의원은 이번 대책을 '탁상 행정'이라고 비판했다.",
    "상인들 사이에서는 이 골목을 '유령 상가'라고 부를 정도다.",
    "야당은 이를 \"깜깜이 예산\"이라고 규정했다.",
])
def test_korean_characterisations_and_names_are_not_claims(analyzer, text):
    text = "천도윤 의원은 \"예산은 다음 달에 확정된다\"고 말했다.\n\n" + text
    assert found(text, analyzer) == [("천도윤", "예산은 다음 달에 확정된다")]


def test_korean_speech_with_a_critical_verb_is_a_claim(analyzer):
    text = "천도윤 의원은 \"정부가 피해 조사를 한 번도 하지 않았다\"고 비판했다.\n"
    assert found(text, analyzer) == [("천도윤", "정부가 피해 조사를 한 번도 하지 않았다")]


def test_korean_programme_title_in_a_bracketed_header_is_not_a_claim(analyzer):
    text = ("[새벽FM '오늘의 경제 읽기']\n\n"
            "■ 진행 : 구나연 앵커\n\n"
            "■ 앵커\n금리 얘기부터 해 보죠.\n\n"
            "■ 모하진 경제연구소장\n기준금리는 내년 상반기까지 동결될 가능성이 큽니다.\n")
    assert found(text, analyzer) == [("모하진", "기준금리는 내년 상반기까지 동결될 가능성이 큽니다.")]


def test_korean_headline_scare_quote_before_a_verb_is_not_a_claim(analyzer):
    assert found("지방공항 '적자 늪' 벗어난다…국제선 증편", analyzer) == []


@pytest.mark.parametrize(("text", "name"), [
    ('[포토] 임세란 "다섯 번째 앨범, 가장 오래 걸렸다"', "임세란"),
    ('오채린 "올해 안에 복귀하겠다"…팬들 환호', "오채린"),
    ('하도윤 "예산 심사 다시 하겠다"', "하도윤"),
])
def test_korean_headline_names_no_dictionary_knows(analyzer, text, name):
    assert [n for n, _quote in found(text, analyzer)] == [name]


def test_korean_name_with_a_long_organisation_and_a_title_after_the_quote(analyzer):
    text = ("\"인조 빙판에서는 부상이 두 배 많다\"라고 오세진 한국빙상지도자협회 회장이 "
            "말했다.\n")
    assert found(text, analyzer) == [("오세진", "인조 빙판에서는 부상이 두 배 많다")]


@pytest.mark.parametrize("title", ["군수", "교육감", "구청장"])
def test_korean_local_titles_and_a_camp(analyzer, title):
    text = (f"지역 구단의 구단주인 하도윤 청양{title} 측은 \"교체 비용을 내년 예산에 "
            "반영하겠다\"고 전했다.\n")
    assert candidates(text, analyzer) == [("하도윤", "측", "교체 비용을 내년 예산에 반영하겠다")]


def test_korean_headline_rows_of_a_pipe_table(analyzer):
    text = ("| 순위 | 제목 | 언론사 | 날짜 |\n"
            "|---|---|---|---|\n"
            "| 1 | 모하진 소장, 금리 전망에 \"내년 상반기 동결\" | 한빛경제 | 2026.03.02 |\n"
            "| 2 | 천도윤 의원 \"추경 편성 서둘러야\" | 중앙일보사 | 2026.03.02 |\n")
    assert found(text, analyzer) == [("모하진", "내년 상반기 동결"), ("천도윤", "추경 편성 서둘러야")]


def test_speech_after_an_appositive_that_ends_in_a_word_for_a_work():
    text = ('The film, "Night Ferry," opens on Friday.\n\n'
            'According to Rhea Lund, a stunt rider who appears in the film, "the crew never '
            'tested the harness before the fall."\n')
    assert found(text) == [("Rhea Lund", "the crew never tested the harness before the fall.")]


def test_a_named_subject_with_an_affiliation_and_a_verb_phrase_before_a_colon():
    text = ('Housing economist Aldo Brenner of the University of Tallin made the point at a '
            'council hearing last week: "Rents follow wages, not the other way round."\n')
    assert found(text) == [("Aldo Brenner", "Rents follow wages, not the other way round.")]


def test_korean_department_of_a_body_before_a_title_or_an_official(analyzer):
    text = ("모하진 한빛대 해양학과 교수는 \"수온이 10년 사이 1도 올랐다\"고 말했다.\n\n"
            "해양경찰청 구조안전과 관계자는 \"구조 인력을 두 배로 늘린다\"고 밝혔다.\n")
    assert found(text, analyzer) == [("모하진", "수온이 10년 사이 1도 올랐다"),
                                     ("해양경찰청", "구조 인력을 두 배로 늘린다")]
