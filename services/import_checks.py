"""The checks of an import's lines that need no database, a batch at a time: in this process,
or, for a large upload, in helper processes while this one writes the batches before.

They are POST /v1/claims's own: its schema (ClaimInSchema), text cleaning, tag rules, dedupe
key, language detection and search analyzer. What comes back for each line is either what the
checks made of it (Checked) or why it fails (Failed), as plain data that crosses processes.
"""

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

from marshmallow import ValidationError

from schemas.claims import ClaimInSchema
from services.claims import normalise_tags
from services.errors import DomainError
from services.garbage_collection import collect_less_for_good
from services.import_formats import Line
from services.import_resolution import source_key, speaker_key
from services.search.analyzer import field_tokens
from services.text import clean_text, dedupe_key, detect_language

_claim_in = ClaimInSchema()


@dataclass
class Checked:
    """A line through the checks: what POST's schema and text rules make of it."""

    line: int
    data: dict[str, Any]
    text: str
    tags: list[str]
    text_key: str
    language: str
    # The search tokens of its summary, text and context (a speaker's names come first).
    tokens: list[list[str]]
    # What its speaker and source are resolved by (services.import_resolution).
    speaker_key: tuple
    source_key: tuple


@dataclass
class Failed:
    """A line the checks refuse: its errors by field, as POST would answer them."""

    line: int
    errors: dict[str, list[str]]
    detail: str | None = None


def check_line(line: Line) -> Checked | Failed:
    line = line.parsed()
    if line.errors:
        return Failed(line.number, line.errors)
    try:
        data = _claim_in.load(line.data)
        text = clean_text(data["text"])
        return Checked(line.number, data, text, normalise_tags(data.get("tags", [])),
                       dedupe_key(text), data.get("language") or detect_language(text),
                       field_tokens([data.get("summary"), text, data.get("context")]),
                       speaker_key(data), source_key(data))
    except ValidationError as error:
        return Failed(line.number, flatten(error.messages))
    except DomainError as error:
        return Failed(line.number, getattr(error, "errors", None) or {"_line": [error.detail]},
                      error.detail)


def check_batch(lines: list[Line]) -> list[Checked | Failed]:
    return [check_line(line) for line in lines]


def checked_batches(lines: Iterable[Line], size: int, *,
                    processes: int = 0) -> Iterator[list[Checked | Failed]]:
    """The lines checked, `size` at a time, in order. With `processes`, that many helper
    processes check the batches ahead (at most one more than them in flight, so memory stays
    bounded however long the upload): the caller's process is left the database work."""
    iterator = iter(lines)
    if not processes:
        while batch := list(islice(iterator, size)):
            yield check_batch(batch)
        return
    # forkserver: the helpers are not forked from a threaded server process, and start warm.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(processes, mp_context=context, initializer=start_helper) as pool:
        ahead: deque[Future[list[Checked | Failed]]] = deque()
        while batch := list(islice(iterator, size)):
            ahead.append(pool.submit(check_batch, batch))
            if len(ahead) > processes:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()


def start_helper() -> None:
    """A helper process's set-up: it only checks batches, so its garbage collector can run
    less often (services.garbage_collection), and the language model is loaded before the
    first batch rather than during it."""
    collect_less_for_good()
    detect_language("warm up the language model")


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Marshmallow's nested messages as dotted field names, as POST /v1/claims answers them."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, inner in messages.items():
            flat.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(messages, list) and all(isinstance(item, str) for item in messages):
        flat[prefix or "_schema"] = list(messages)
    else:
        flat[prefix or "_schema"] = [str(messages)]
    return flat
