"""GET /v1/claims/{id}/similar and the `similar` of POST /v1/claims."""

import pytest

# The seed's 2025-05-03 headline list (랭크뉴스), as claims whose text is the whole headline.
HEADLINES = {
    47711: '한동훈 깔끔한 승복 선언, 홍준표는 불참... 지지자들 "어대문수" [현장 스케치]',
    47710: "한덕수 측 \"단일화 최대한 빨라야\"…김문수와 '빅텐트 공감대'",
    47709: "한덕수측 “김문수 후보에 축하…국가 미래 위해 함께 협력 기대”",
    47708: '"법률 해석, 범죄자가 아니라 판검사가 하는 것" 9년 만에 이재명에게 돌아온 글',
    47707: '이재명, 강원 민심 공략‥"해양 바이오산업 등 어업활성화"',
    47706: '이재명, 김문수 대선 후보 선출에 "완전히 반대로 가는 느낌"',
    47705: "한덕수, 김문수에 축하 전화…“빠른 시일 내 만나자”",
    47704: "'이재명 유죄'에 대법원장 탄핵?…민주당 초선들 \"사법쿠데타에 단호히 대응\"",
    47703: "교황 되고 싶다더니‥트럼프, 교황 옷 입은 합성 이미지 게재",
    47702: '한덕수 측 "김문수 요구 전향적 수용…단일화 최대한 빨라야"',
    47701: "한덕수 “개헌 해내고 즉각 하야”",
    47700: '[속보] 이재명 "헌정질서 회복과 완전히 반대로"... 김문수 후보 선출에 혹평',
    47699: '이재명, 김문수·한덕수 겨냥 "헌정질서 파괴 국가반역 세력"',
    47698: "[속보] 한덕수, 김문수에 축하 전화…“빠른 시일 내 만나자”",
    47697: "5월 황금연휴 첫날, 고속도로 정체 밤 9시쯤에야 풀릴 듯",
    47696: "이재명, 김문수 후보 선출에 “헌정질서 회복과 완전히 반대로”",
    47695: "이재명, 당내 대법관 탄핵 주장에 “당이 국민 뜻에 맞게 처리할 것”",
    47694: "김문수 “‘反이재명 대원칙' 아래 빅텐트 논의”... ‘용광로 선대위’ 예고(종합)",
    47693: "김문수 “한덕수와 직접 통화…李 이기기 위해 힘 합칠 것”",
    47692: "김문수, 국민의힘 대선 후보로 선출…최종득표율 56.53%",
}
TWINS = [(47700, 47696), (47705, 47698)]


@pytest.fixture
def headlines(client):
    ids = {}
    for number, text in HEADLINES.items():
        response = client.post("/v1/claims", json={
            "text": text, "said_on": "2025-05-03", "speaker": {"name": "랭크뉴스 헤드라인"}})
        assert response.status_code == 201, response.get_json()
        ids[number] = response.get_json()["id"]
    return ids


def similar(client, claim_id, **params):
    response = client.get(f"/v1/claims/{claim_id}/similar", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


@pytest.mark.parametrize(("one", "other"), TWINS + [(b, a) for a, b in TWINS])
def test_each_headline_twin_finds_the_other_first(client, headlines, one, other):
    items = similar(client, headlines[one])
    assert items[0]["id"] == headlines[other]
    assert all(item["score"] < items[0]["score"] for item in items[1:])


def test_unrelated_headlines_are_not_near(client, headlines):
    items = similar(client, headlines[47697])  # the holiday traffic headline
    assert items == []


def test_nearness_survives_spacing_particles_and_another_speaker(client):
    first = client.post("/v1/claims", json={
        "text": "헌정질서 회복과 완전히 반대로", "said_on": "2025-05-03",
        "speaker": {"name": "이재명"}}).get_json()
    client.post(f"/v1/claims/{first['id']}/annotations", json={"status": "mixed"})
    variant = client.post("/v1/claims", json={
        "text": "헌정질서회복을 완전히 반대로 가는 것", "said_on": "2025-05-04",
        "speaker": {"name": "다른 사람"}})
    assert variant.status_code == 201
    (near,) = variant.get_json()["similar"]
    assert near["id"] == first["id"]
    assert near["status"] == "mixed"  # the earlier verdict, ready for reuse
    assert 0.5 < near["score"] < 1


def test_post_answers_at_most_five_similar_claims(client, headlines):
    response = client.post("/v1/claims", json={
        "text": "이재명, 김문수 후보 선출에 “헌정질서 회복과 완전히 반대로 가는 느낌”",
        "said_on": "2025-05-04", "speaker": {"name": "랭크뉴스 헤드라인"}})
    near = response.get_json()["similar"]
    assert 1 <= len(near) <= 5
    assert near[0]["id"] in {headlines[47696], headlines[47706]}


def test_retracted_claims_are_not_offered(client, headlines):
    client.delete(f"/v1/claims/{headlines[47696]}", json={"reason": "Duplicate."})
    assert headlines[47696] not in [i["id"] for i in similar(client, headlines[47700])]
    assert client.get(f"/v1/claims/{headlines[47696]}/similar").status_code == 410


def test_limit_and_unknown_claims(client, headlines):
    assert len(similar(client, headlines[47700], limit=1)) == 1
    assert client.get(f"/v1/claims/{headlines[47700]}/similar?limit=51").status_code == 422
    assert client.get("/v1/claims/999999/similar").status_code == 404
