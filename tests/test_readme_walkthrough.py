"""The README's curl walkthrough, pasted as a new user would, against `bin/start` (the same
start script as `make run`: migrate, load the sample data, gunicorn) on a fresh SQLite file."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[1]


def readme_blocks(section: str = "Walkthrough") -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = readme.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", text, flags=re.S)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    folder = tmp_path_factory.mktemp("readme")
    env = {**os.environ, "PORT": str(port), "LOAD_SAMPLE_DATA": "1", "WEB_CONCURRENCY": "2",
           "DATABASE_URL": f"sqlite:///{folder}/quotecheck.db",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("RATELIMIT_STORAGE_URI", None)
    log = folder / "server.log"  # everything the server prints: start-up, access and app logs
    process = subprocess.Popen([str(ROOT / "bin" / "start")], cwd=ROOT, env=env,
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/readyz", timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"bin/start did not serve:\n{log.read_text()}")
            time.sleep(0.2)
    yield Server(base, env["DATABASE_URL"], log)
    process.terminate()
    process.wait(timeout=10)


class Server(NamedTuple):
    base: str
    database_url: str
    log: Path


def paste(blocks: list[str], server: Server) -> str:
    """Run the blocks in a shell in the project folder, as the README says, with the same
    database as the server (the key commands write to it)."""
    script = "\n".join(blocks).replace("BASE=http://127.0.0.1:8000", f"BASE={server.base}")
    if not (ROOT / ".venv" / "bin" / "flask").exists():
        pytest.fail("the walkthrough calls .venv/bin/flask: run the tests through `make test`")
    done = subprocess.run(["bash", "-c", "set -eu\n" + script], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env={**os.environ, "DATABASE_URL": server.database_url})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_walkthrough_works_when_pasted_and_when_pasted_again(server):
    # The walkthrough, then the integrations' examples, which go on from it.
    blocks = readme_blocks()
    assert len(blocks) == 3
    integrations = readme_blocks("Integrations")
    assert len(integrations) == 6
    blocks += integrations

    output = paste(blocks, server)
    assert "HTTP/1.1 200 OK" in output
    assert re.search(r'^ETag: "[^"]+"', output, flags=re.M | re.I)
    assert "사티아 나델라" in output
    assert re.search(r"^/v1/claims/\d+$", output, flags=re.M)
    assert '"language":"ko"' in output
    assert '"name":"마크 저커버그"' in output
    assert '"status":"unverifiable"' in output
    assert '"previous_status":"in_review"' in output
    assert "correction-needs-note" in output
    assert "<mark>증류</mark>" in output
    assert '"score":' in output
    # Keys: the annotations' author is the key's name; a reader gets 403 on a write; a revoked
    # key gets 401; the audit log names the actor of the claim's creation.
    assert '"author":"팩트체크팀"' in output
    assert "urn:quotecheck:problem:forbidden" in output
    assert re.search(r"^204$", output, flags=re.M)
    assert '"detail":"The key was revoked."' in output
    assert re.search(r'"actor":"팩트체크팀","key_id":\d+,"action":"claim.created"', output)
    # Integrations: ClaimReview of the walkthrough's verdict, a webhook subscription, an import
    # checked then done, an export, and a POST retried with its Idempotency-Key.
    assert '"@type":"ClaimReview"' in output and '"alternateName":"' in output
    assert re.search(r"^/v1/webhooks/\d+$", output, flags=re.M)
    assert output.count('"created":2') == 2  # the dry run's report, then the import's
    assert "text,said_on" in output.replace('"', "")
    assert re.search(r"^Idempotent-Replayed: true", output, flags=re.M | re.I)
    # Extraction: the headlines' quotes previewed (한덕수 측 as 한덕수, role 측), then an
    # interview's four statements stored.
    assert '"role":"측"' in output and output.count('"outcome":"created"') == 4

    # Pasted again: the claim exists (409 with the same Location) and every step still works.
    again = paste(blocks, server)
    first_claim = re.search(r"^/v1/claims/\d+$", output, flags=re.M).group(0)
    assert re.search(r"^/v1/claims/\d+$", again, flags=re.M).group(0) == first_claim
    assert "correction-needs-note" in again
    assert '"duplicate":2' in again  # the same file imported again
    # The same interview committed again: four duplicates (the import's are listed apart).
    assert again.count('{"outcome":"duplicate","claim_id"') == 4

    # The server saw every key of the walkthrough, and logged none of them; not even one sent
    # by mistake in a URL (refused, and blotted out of the access log).
    shown = re.findall(r"qc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", output + again)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server.base}/v1/claims?api_key={shown[0]}")
    assert refused.value.code == 422
    time.sleep(0.2)  # the access log line is written after the response
    printed = server.log.read_text()
    assert f"api_key={shown[0][:16]}[redacted]" in printed
    assert "No API keys yet" in printed and "make key" in printed  # bin/start's hint
    assert '"GET /v1/claims?limit=3 HTTP/1.1" 200' in printed  # the access log is in there
    for key in shown:
        assert key not in printed and key[16:] not in printed  # nor the secret half
    assert "Bearer" not in printed
