"""GET /v1/claims?q=: Korean and English search, the same hits on SQLite and PostgreSQL."""

import pytest

from services.search.analyzer import document_tokens
from services.search.query import parse

# A fixed corpus: seed sentences, and the traps the analyzer must not fall into.
CORPUS = [
    ("마크 저커버그", "'증류(distillation)'는 오픈소스의 가장 강력한 기능 중 하나라고 봐요."),
    ("마크 저커버그", "아마 앞으로 1년 안에 개발의 절반 정도가 사람보다 AI로 이뤄질 거고"),
    ("사티아 나델라", "전체 코드의 한 20~30% 정도가 소프트웨어, 그러니까 AI로 작성된 것 같아요."),
    ("사티아 나델라", "같은 구조를 유지한 채 더 작은 모델로 '증류(distillation)' 할 수 있다는 것"),
    ("이재명", "헌정질서 회복과 완전히 반대로"),
    ("이재명", "완전히 반대로 가는 느낌"),
    ("한덕수", "빠른 시일 내 만나자"),
    ("한덕수", "개헌 해내고 즉각 하야"),
    ("화자 A", "개발 발자국을 따라가 보세요"),
    ("화자 B", "새로운 개발자 도구를 소개합니다"),
    ("Reporter", "Distilling large models is the most powerful feature of open source."),
    ("Reporter", "ＦＵＬＬ-WIDTH text about Ｍｅｔａ and its AI developer conference"),
    # U+19B0 is a letter to Python but a separator to FTS5's unicode61 tables: one word, not
    # "q" and "z". (The index uses FTS5's `ascii` tokenizer so that tokens stay whole.)
    ("Reporter", "a word with q\u19b0z inside"),
    ("Reporter", "q z are two words"),
]
QUERIES = ["증류", "개발", "개발자", "개발의", "distilling", "distillation", "ai", "meta",
           '"완전히 반대로"', "반대로 -헌정질서", "증류 OR 하야", "full", "나델라", "저커버그 AI",
           "오픈소스 distilled", "빠른 시일", "발자국", "zzz", "q\u19b0z", '"q z"']


def reference_hits(query_text: str, documents: dict[int, list[str]]) -> set[int]:
    """What every backend must answer, by brute force over the analyzer's tokens."""
    query = parse(query_text)

    def has(tokens: list[str], phrase: tuple[str, ...]) -> bool:
        return any(tuple(tokens[i:i + len(phrase)]) == phrase for i in range(len(tokens)))

    return {claim_id for claim_id, tokens in documents.items()
            if all(any(has(tokens, p) for p in c.phrases) for c in query.positive)
            and not any(any(has(tokens, p) for p in c.phrases) for c in query.negative)}


@pytest.fixture
def corpus(client):
    documents = {}
    for n, (speaker, text) in enumerate(CORPUS):
        claim = client.post("/v1/claims", json={
            "text": text, "said_on": f"2025-05-{1 + n:02d}", "speaker": {"name": speaker}})
        assert claim.status_code == 201, claim.get_json()
        documents[claim.get_json()["id"]] = document_tokens([speaker, text])
    return documents


def hits(client, q, **params):
    response = client.get("/v1/claims", query_string={"q": q, "limit": 100, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


@pytest.mark.parametrize("q", QUERIES)
def test_hit_sets_equal_the_reference_on_this_backend(client, corpus, q):
    """Run on SQLite and on PostgreSQL: both equal the same reference, so they equal each other."""
    assert {hit["id"] for hit in hits(client, q)} == reference_hits(q, corpus)
    assert {hit["id"] for hit in hits(client, q, sort="said_on")} == reference_hits(q, corpus)


def test_korean_matches_inside_words_but_not_across_them(client, corpus):
    texts = {hit["text"] for hit in hits(client, "개발")}
    assert "아마 앞으로 1년 안에 개발의 절반 정도가 사람보다 AI로 이뤄질 거고" in texts
    assert {hit["text"] for hit in hits(client, "개발자")} == {"새로운 개발자 도구를 소개합니다"}
    assert any("증류(distillation)" in hit["text"] for hit in hits(client, "증류"))


def test_english_matches_by_stem_and_full_width_folds(client, corpus):
    assert {hit["text"][:10] for hit in hits(client, "distilled")} >= {"Distilling"}
    assert hits(client, "meta")[0]["text"].startswith("ＦＵＬＬ")


def test_relevance_is_the_default_order_and_said_on_can_be_asked_for(client, corpus):
    by_relevance = hits(client, "반대로")
    assert [h["score"] for h in by_relevance] == sorted((h["score"] for h in by_relevance),
                                                        reverse=True)
    by_date = hits(client, "반대로", sort="said_on")
    assert [h["said_on"] for h in by_date] == sorted((h["said_on"] for h in by_date), reverse=True)
    assert all(h["score"] is None for h in by_date)


def test_hits_carry_an_escaped_highlight(client, corpus):
    (hit,) = [h for h in hits(client, "증류") if h["text"].startswith("'증류")]
    assert hit["highlight"] == ("&#x27;<mark>증류</mark>(distillation)&#x27;는 오픈소스의 가장 "
                                "강력한 기능 중 하나라고 봐요.")


def test_search_combines_with_filters_and_pages_by_cursor(client, corpus):
    all_hits = hits(client, "ai")
    assert len(all_hits) >= 3
    seen, cursor = [], None
    while True:
        params = {"q": "ai", "limit": 1, **({"cursor": cursor} if cursor else {})}
        body = client.get("/v1/claims", query_string=params).get_json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [hit["id"] for hit in all_hits]
    filtered = hits(client, "ai", said_from="2025-05-03")
    assert {h["id"] for h in filtered} == {h["id"] for h in all_hits if h["said_on"] >= "2025-05-03"}


def test_a_giant_word_is_stored_and_found_whole_not_by_its_beginning(client):
    word = "supercalifragilistic" * 25  # 500 letters, no space
    response = client.post("/v1/claims", json={
        "text": f"{word} 그리고 {'가' * 3000}", "said_on": "2025-05-03", "speaker": {"name": "x"}})
    assert response.status_code == 201
    assert len(hits(client, word)) == 1
    assert hits(client, word[:200]) == []
    assert len(hits(client, "가가")) == 1


# Documents past what PostgreSQL's tsvector holds (positions up to 16383, 256 per lexeme) are
# cut the same way for both backends; these texts once found different claims on each.
EDGE_TEXTS = [
    "개발 " * 300 + "개발자",                      # 개발 more than 256 times
    "the " * 300 + "black cat",
    ("가나다라마바사아자차" * 999, "가나다라마바사아자차" * 700 + " 마지막문장입니다"),  # > 16383
    "ドナルド・トランプ大統領が来日した",
    "x ・ y marker",
    "𠀀𠀁𠀂 확장 한자",                             # CJK Extension B
    "हिन्दी भाषा देवनागरी",                         # Devanagari vowel signs
    "مَرْحَبًا بالعالم",                              # Arabic vowel signs
    "İstanbul Türkiye",
]
EDGE_QUERIES = ["개발자", '"the black"', "마지막문장", "ト", "トランプ", '"x y"', "𠀀𠀁",
                "दी", "हिन्दी", "مرحبا", "istanbul", "İSTANBUL"]


@pytest.mark.parametrize("q", EDGE_QUERIES)
def test_edge_texts_find_the_same_claims_on_both_backends(client, q):
    documents = {}
    for entry in EDGE_TEXTS:
        text, context = entry if isinstance(entry, tuple) else (entry, None)
        claim = client.post("/v1/claims", json={"text": text, "context": context,
                                                "said_on": "2025-05-03",
                                                "speaker": {"name": "x"}}).get_json()
        documents[claim["id"]] = document_tokens(["x", text, context])
    assert {hit["id"] for hit in hits(client, q)} == reference_hits(q, documents)


@pytest.mark.parametrize(("q", "text"), [
    ("istanbul", "İstanbul Türkiye"), ("مرحبا", "مَرْحَبًا بالعالم"), ("𠀁𠀂", "𠀀𠀁𠀂 확장 한자"),
    ("트럼프", "도널드 트럼프가"), ("हिन्दी", "हिन्दी भाषा देवनागरी"),
])
def test_marks_scripts_and_extensions_match_as_a_reader_expects(client, q, text):
    claim = client.post("/v1/claims", json={"text": text, "said_on": "2025-05-03",
                                            "speaker": {"name": "x"}}).get_json()
    assert [hit["id"] for hit in hits(client, q)] == [claim["id"]]


def test_a_vowel_sign_does_not_split_a_word(client):
    client.post("/v1/claims", json={"text": "हिन्दी भाषा देवनागरी", "said_on": "2025-05-03",
                                    "speaker": {"name": "x"}})
    assert hits(client, "दी") == []


@pytest.mark.parametrize("q", ['"unclosed', "OR", "-only", "a OR -b", "!!!", "・"])
def test_unusable_queries_are_422(client, q):
    response = client.get("/v1/claims", query_string={"q": q})
    assert response.status_code == 422
    assert response.get_json()["type"].endswith("invalid-query")


def test_relevance_without_a_query_is_422(client):
    assert client.get("/v1/claims?sort=relevance").status_code == 422


def test_the_index_follows_every_write(client):
    created = client.post("/v1/claims", json={
        "text": "증류는 마법 같아요", "said_on": "2025-04-29", "speaker": {"name": "마크 저커버그"}})
    url = created.headers["Location"]
    assert [h["id"] for h in hits(client, "마법")] == [created.get_json()["id"]]

    client.patch(url, json={"text": "양자화는 효율적이에요"})
    assert hits(client, "마법") == []
    assert len(hits(client, "양자화")) == 1

    speaker_id = created.get_json()["speaker"]["id"]
    assert hits(client, "zuckerberg") == []
    client.patch(f"/v1/speakers/{speaker_id}", json={"aliases": [{"name": "Mark Zuckerberg"}]})
    assert len(hits(client, "zuckerberg 양자화")) == 1

    client.delete(url, json={"reason": "Test."})
    assert hits(client, "양자화") == []
