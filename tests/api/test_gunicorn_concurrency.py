"""Many clients against a real gunicorn with 4 workers: 8 x 100 annotations of one claim all
land, in a history whose last status is the claim's; of two PATCHes with one If-Match exactly
one wins; of 20 creations of one claim exactly one is 201 and one row exists."""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest

from db import migrate
from tests.servers import cli_key, free_port, start_gunicorn


@pytest.fixture
def server(backend, tmp_path):
    url = backend.new_database_url()
    migrate.upgrade(url)
    key = cli_key(url, "Desk", "editor")
    port = free_port()
    log = tmp_path / "gunicorn.log"
    process = start_gunicorn(url, port, log, workers=4, options=("--access-logfile", "/dev/null"))
    base = f"http://127.0.0.1:{port}"
    yield Api(base, key)
    process.terminate()
    process.wait(timeout=30)
    assert "Traceback" not in log.read_text()


class Api:
    def __init__(self, base: str, key: str) -> None:
        self.base, self.key = base, key

    def call(self, method: str, path: str, body=None, headers=None) -> tuple[int, dict, dict]:
        request = urllib.request.Request(
            self.base + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.key}", "Content-Type": "application/json",
                     **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def at_once(count: int, work) -> list:
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(n: int) -> None:
        start.wait()
        results[n] = work(n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


CLAIM = {"text": "앞으로 1년 안에 개발의 절반 정도가 AI로 이뤄질 것", "said_on": "2025-04-29",
         "speaker": {"name": "마크 저커버그"}}


def test_eight_clients_times_a_hundred_annotations_all_land(server):
    status, _, claim = server.call("POST", "/v1/claims", CLAIM)
    assert status == 201
    path = f"/v1/claims/{claim['id']}/annotations"
    statuses = ("in_review", "unverified")

    def annotate(n: int) -> list[int]:
        return [server.call("POST", path, {"status": statuses[(n + i) % 2],
                                           "note": f"client {n} step {i}"})[0]
                for i in range(100)]

    answers = [code for codes in at_once(8, annotate) for code in codes]
    assert Counter(answers) == {201: 800}
    _, _, history = server.call("GET", path)
    assert len(history["items"]) == 800
    _, _, after = server.call("GET", f"/v1/claims/{claim['id']}")
    assert after["status"] == history["items"][-1]["status"]
    assert after["version"] == 801


def test_two_patches_with_one_if_match_one_wins(server):
    _, headers, claim = server.call("POST", "/v1/claims", {**CLAIM, "text": "다른 말"})
    etag = headers["ETag"]
    answers = at_once(2, lambda n: server.call(
        "PATCH", f"/v1/claims/{claim['id']}", {"summary": f"편집 {n}"}, {"If-Match": etag})[0])
    assert sorted(answers) == [200, 412]


def test_twenty_creations_of_one_claim_make_one(server):
    body = {"text": "개헌 해내고 즉각 하야", "said_on": "2025-05-03", "speaker": {"name": "한덕수"}}
    answers = at_once(20, lambda n: server.call("POST", "/v1/claims", body)[0])
    assert Counter(answers) == {201: 1, 409: 19}
    _, _, listed = server.call("GET", "/v1/claims?limit=100")
    assert [item["text"] for item in listed["items"]].count(body["text"]) == 1
