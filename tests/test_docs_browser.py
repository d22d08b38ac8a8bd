"""/docs in a real browser: headless Chromium, on a gunicorn of our own, renders every operation
of /openapi.json, fetches nothing from anywhere but the server, and breaks no rule of the
page's Content-Security-Policy (api/hardening.py).

Chromium is driven through the DevTools protocol over `--remote-debugging-pipe` (JSON messages
on file descriptors 3 and 4, each ended by a NUL byte): no WebDriver, no websocket client, no
dependency. The protocol tells what the page itself requested and logged, which the browser's
own background traffic would muddle at a proxy; `--host-resolver-rules` makes sure that
nothing but 127.0.0.1 could be reached anyway."""

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from db import migrate
from tests.servers import free_port, start_gunicorn

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
# Recorded in the page before any of its own scripts run; a CDP-injected script is not subject
# to the page's CSP.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`));
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    url = f"sqlite:///{folder / 'quotecheck.db'}"
    migrate.upgrade(url)
    port = free_port()
    log = folder / "gunicorn.log"
    process = start_gunicorn(url, port, log, workers=1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def browser(tmp_path):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("Chromium is not installed: apt-get install chromium")
    with DevTools(tmp_path) as devtools:
        yield devtools


def test_docs_render_every_operation_offline_within_the_csp(browser, server):
    with urllib.request.urlopen(f"{server}/openapi.json", timeout=10) as response:
        spec = json.load(response)
    operations = sum(method in HTTP_METHODS for path in spec["paths"].values() for method in path)

    browser.open(f"{server}/docs/")
    rendered = browser.wait_for("document.querySelectorAll('.opblock').length",
                                lambda count: count >= operations)

    # What went wrong first, then what it broke.
    requested = browser.requested_urls()
    assert [url for url in requested if not url.startswith((f"{server}/", "data:"))] == []
    assert browser.evaluate("window.__cspViolations") == []
    assert browser.errors() == []
    assert f"{server}/openapi.json" in requested
    assert rendered == operations
    # The title is the document's: Swagger UI rendered /openapi.json, not a default or an error.
    assert browser.evaluate("document.querySelector('.info .title')?.textContent ?? ''") \
        .startswith(spec["info"]["title"])


class DevTools:
    """One headless Chromium and one page in it, over the DevTools protocol."""

    FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
             "--remote-debugging-pipe")

    def __init__(self, profile: Path) -> None:
        self.profile = profile
        self.events: list[dict[str, Any]] = []
        self._buffer = b""
        self._last_id = 0
        self._session: str | None = None

    def __enter__(self) -> "DevTools":
        # Chromium reads commands from fd 3 and writes answers and events to fd 4.
        to_browser, self._commands = os.pipe()
        self._answers, from_browser = os.pipe()

        def onto_3_and_4() -> None:
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        # Its own process group, so that teardown ends its renderers with it.
        self.process = subprocess.Popen(
            [CHROMIUM, *self.FLAGS, f"--user-data-dir={self.profile / 'chromium'}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=onto_3_and_4, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=(self.profile / "chromium.log").open("wb"))
        os.close(to_browser)
        os.close(from_browser)
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.call("Target.attachToTarget", targetId=target,
                                  flatten=True)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_CSP_VIOLATIONS)
        return self

    def __exit__(self, *_exc: object) -> None:
        try:
            self._session = None
            self.call("Browser.close", timeout=5)
            self.process.wait(timeout=10)
        except (OSError, TimeoutError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        finally:
            os.close(self._commands)
            os.close(self._answers)

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def evaluate(self, expression: str) -> Any:
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return answer["result"].get("value")

    def wait_for(self, expression: str, done, timeout: float = 30) -> Any:
        """The expression's value once `done(value)`, or its last value after `timeout`
        seconds; then a little longer, in case more is still rendering."""
        deadline = time.monotonic() + timeout
        while not done(self.evaluate(expression)) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(0.5)
        return self.evaluate(expression)

    def requested_urls(self) -> list[str]:
        return [event["params"]["request"]["url"] for event in self._drain()
                if event["method"] == "Network.requestWillBeSent"]

    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions: failed loads, refused resources."""
        found = []
        for event in self._drain():
            if event["method"] == "Log.entryAdded" and event["params"]["entry"]["level"] == "error":
                entry = event["params"]["entry"]
                found.append(f"{entry['source']}: {entry['text']} {entry.get('url', '')}")
            elif event["method"] == "Runtime.exceptionThrown":
                found.append(event["params"]["exceptionDetails"]["text"])
            elif event["method"] == "Runtime.consoleAPICalled" and event["params"]["type"] == "error":
                found.append(" ".join(str(arg.get("value", arg.get("description")))
                                      for arg in event["params"]["args"]))
        return found

    def call(self, method: str, timeout: float = 30, **params: Any) -> dict[str, Any]:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if self._session:
            message["sessionId"] = self._session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            for reply in self._read(deadline - time.monotonic()):
                if reply.get("id") != self._last_id:
                    self.events.append(reply)
                elif "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                else:
                    return reply["result"]
            if time.monotonic() > deadline:
                raise TimeoutError(f"Chromium did not answer {method} in {timeout} s")

    def _drain(self) -> list[dict[str, Any]]:
        self.events.extend(self._read(0))
        return [event for event in self.events if "method" in event]

    def _read(self, timeout: float) -> list[dict[str, Any]]:
        if b"\0" not in self._buffer and select.select([self._answers], [], [],
                                                       max(timeout, 0))[0]:
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise OSError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b"\0")
        return [json.loads(message) for message in messages]
