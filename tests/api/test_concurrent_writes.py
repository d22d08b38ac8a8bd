"""Many clients writing at once, through the app and a real database (committed, not rolled
back): every write lands, nothing is lost, and no client sees a 5xx."""

import threading
import time
from collections import Counter

import pytest

CLIENTS = 8


def run_clients(app, work) -> list[int]:
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client_thread(n: int) -> None:
        client = app.test_client()
        start.wait()
        for response in work(client, n):
            with lock:
                statuses.append(response.status_code)

    threads = [threading.Thread(target=client_thread, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_concurrent_annotations_all_land_in_the_history(live_app):
    claim = live_app.test_client().post("/v1/claims", json={
        "text": "앞으로 1년 안에 개발의 절반 정도가 AI로 이뤄질 것", "said_on": "2025-04-29",
        "speaker": {"name": "마크 저커버그"}}).get_json()
    per_client = 10

    def annotate(client, n):
        for i in range(per_client):
            yield client.post(f"/v1/claims/{claim['id']}/annotations",
                              json={"status": "in_review", "note": f"client {n} step {i}"})

    statuses = run_clients(live_app, annotate)
    assert Counter(statuses) == {201: CLIENTS * per_client}
    client = live_app.test_client()
    history = client.get(f"/v1/claims/{claim['id']}/annotations").get_json()["items"]
    assert len(history) == CLIENTS * per_client
    after = client.get(f"/v1/claims/{claim['id']}").get_json()
    assert after["status"] == history[-1]["status"]
    assert after["version"] == 1 + CLIENTS * per_client


def test_concurrent_creations_of_one_claim_by_a_new_speaker_make_one_claim_and_one_speaker(live_app):
    body = {"text": "개헌 해내고 즉각 하야", "said_on": "2025-05-03", "speaker": {"name": "한덕수"}}

    def create(client, n):
        yield client.post("/v1/claims", json=body)

    statuses = run_clients(live_app, create)
    assert Counter(statuses) == {201: 1, 409: CLIENTS - 1}
    client = live_app.test_client()
    assert len(client.get("/v1/claims").get_json()["items"]) == 1
    assert len(client.get("/v1/speakers").get_json()["items"]) == 1


def test_concurrent_claims_citing_one_new_source_share_it(live_app):
    def create(client, n):
        yield client.post("/v1/claims", json={
            "text": f"발언 {n}", "said_on": "2025-05-03", "speaker": {"name": f"화자 {n}"},
            "source": {"url": "https://news.example.org/live", "outlet": "KBS"}})

    statuses = run_clients(live_app, create)
    assert Counter(statuses) == {201: CLIENTS}
    assert len(live_app.test_client().get("/v1/sources").get_json()["items"]) == 1


def test_concurrent_unconditional_edits_all_succeed_and_if_match_lets_one_through(live_app):
    client = live_app.test_client()
    claim = client.post("/v1/claims", json={
        "text": "경영 방식 자체의 변화도 필요해요", "said_on": "2025-04-29",
        "speaker": {"name": "사티아 나델라"}}).get_json()
    url = f"/v1/claims/{claim['id']}"

    def edit(client, n):
        for i in range(5):
            yield client.patch(url, json={"context": f"client {n} edit {i}"})

    assert Counter(run_clients(live_app, edit)) == {200: CLIENTS * 5}
    assert client.get(url).get_json()["version"] == 1 + CLIENTS * 5

    etag = client.get(url).headers["ETag"]

    def conditional_edit(client, n):
        yield client.patch(url, json={"summary": f"client {n}"}, headers={"If-Match": etag})

    assert Counter(run_clients(live_app, conditional_edit)) == {200: 1, 412: CLIENTS - 1}


def test_a_rename_racing_a_new_claim_leaves_the_claim_findable_by_the_new_name(live_app, backend):
    """The claim's POST reads the speaker, then is held up (here: a table lock) before it
    inserts; meanwhile the speaker is renamed. The claim must end up indexed under the new name."""
    if backend.name != "postgresql":
        pytest.skip("SQLite lets one writer at a time in: the rename cannot run in between")
    client = live_app.test_client()
    speaker = client.post("/v1/speakers", json={"name": "Lockstep Alpha"}).get_json()
    engine = live_app.extensions["quotecheck.engine"]
    blocker = engine.connect()
    blocker.begin()
    blocker.exec_driver_sql("LOCK TABLE claims IN SHARE MODE")  # the POST will wait to insert
    results: dict[str, int] = {}

    def post_claim():
        results["post"] = live_app.test_client().post("/v1/claims", json={
            "text": "the race is on", "said_on": "2025-05-03",
            "speaker_id": speaker["id"]}).status_code

    def rename():
        results["rename"] = live_app.test_client().patch(
            f"/v1/speakers/{speaker['id']}", json={"name": "Lockstep Omega"}).status_code

    poster = threading.Thread(target=post_claim)
    poster.start()
    time.sleep(0.5)  # the POST has read the speaker and waits on the table lock
    renamer = threading.Thread(target=rename)
    renamer.start()
    time.sleep(0.5)
    blocker.rollback()
    blocker.close()
    poster.join(timeout=30)
    renamer.join(timeout=30)
    assert results == {"post": 201, "rename": 200}
    assert len(client.get("/v1/claims", query_string={"q": "omega race"}).get_json()["items"]) == 1
    assert client.get("/v1/claims", query_string={"q": "alpha"}).get_json()["items"] == []
