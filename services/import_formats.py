"""The two upload formats of bulk imports, read a line at a time: NDJSON (one claim object per
line, as POST /v1/claims takes it) and CSV (the columns below, mapped to that same shape)."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from services.errors import RuleViolation

NDJSON = "application/x-ndjson"
CSV = "text/csv"
FORMATS = (NDJSON, CSV)

# The longest NDJSON line read: as large as a whole POST /v1/claims body may be.
MAX_LINE_BYTES = 1024 * 1024

# CSV columns, in the order an export writes them. Empty cells are left out, as if the field
# were not sent. A speaker is named by `speaker_id` or by the speaker_* columns, a source by
# `source_id` or the source_* columns (not both, as in JSON).
CLAIM_COLUMNS = ("text", "said_on", "summary", "context", "language")
SPEAKER_COLUMNS = {"speaker_name": "name", "speaker_title": "title",
                   "speaker_organization": "organization", "speaker_wikidata_id": "wikidata_id"}
SOURCE_COLUMNS = {"source_url": "url", "source_outlet": "outlet", "source_title": "title",
                  "source_published_on": "published_on", "source_language": "language"}
ID_COLUMNS = ("speaker_id", "source_id")
# What an export writes that an import does not take: the claim's own id, status and times.
# An import skips these columns, so that an exported file can be imported again.
READ_ONLY_COLUMNS = ("id", "status", "created_at", "updated_at")
TAG_SEPARATOR = "|"
IMPORT_COLUMNS = (*CLAIM_COLUMNS, "tags", *ID_COLUMNS, *SPEAKER_COLUMNS, *SOURCE_COLUMNS)

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
# Exports prefix such cells with a single quote; imports take that quote off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Line:
    """One record of an upload: its (first) line number, and the claim as JSON would send it,
    or why it could not be read. An NDJSON line comes as its bytes (`raw`), parsed by
    `parsed()` where the checks run, which may be another process."""

    number: int
    data: Any = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    raw: bytes | None = None

    def parsed(self) -> "Line":
        return self if self.raw is None else _json_line(self.number, self.raw)


def read_lines(stream: IO[bytes], media_type: str) -> Iterator[Line]:
    if media_type == CSV:
        return read_csv(stream)
    return read_ndjson(stream)


def read_ndjson(stream: IO[bytes]) -> Iterator[Line]:
    """Each non-blank line is one JSON object. A line that is not JSON, or too long, is reported
    by its number, and the next line is read."""
    buffered = io.BufferedReader(stream, 1 << 16) if not hasattr(stream, "peek") else stream
    number = 0
    while True:
        raw = buffered.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            _skip_rest_of_line(buffered)
            yield Line(number, errors={"_line": [
                f"The line is longer than {MAX_LINE_BYTES // 1024} KiB."]})
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        yield Line(number, raw=raw)


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while True:
        chunk = stream.readline(MAX_LINE_BYTES)
        if not chunk or chunk.endswith(b"\n"):
            return


def _json_line(number: int, raw: bytes) -> Line:
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        return Line(number, errors={"_line": ["The line is not UTF-8."]})
    except RecursionError:
        return Line(number, errors={"_line": ["The JSON is nested too deeply."]})
    except ValueError as error:
        return Line(number, errors={"_line": [f"The line is not JSON: {error}."]})
    if not isinstance(data, dict):
        return Line(number, errors={"_line": ["Each line must be a JSON object: one claim."]})
    return Line(number, data)


def read_csv(stream: IO[bytes]) -> Iterator[Line]:
    """A header row naming the columns, then one claim per row. Unknown columns refuse the
    whole file (RuleViolation) before any row is read: a misspelt column would otherwise drop
    its data from every row."""
    # Undecodable bytes survive as lone surrogates, so that one bad row is reported as such
    # instead of ending the whole import.
    text = io.TextIOWrapper(stream if hasattr(stream, "read1") else io.BufferedReader(stream),
                            encoding="utf-8-sig", errors="surrogateescape", newline="")
    # strict: a quote out of place is an error of its row, not guessed around, and a quote
    # never closed is found (by default the rest of the file would become that one cell).
    reader = csv.reader(text, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as error:
        raise _bad_header(f"The header row cannot be read: {error}.") from None
    columns = [name.strip() for name in header]
    unknown = [name for name in columns if name not in (*IMPORT_COLUMNS, *READ_ONLY_COLUMNS)]
    if unknown or len(set(columns)) != len(columns):
        problem = (f"Unknown columns: {', '.join(map(repr, unknown))}." if unknown
                   else "A column is named twice.")
        raise _bad_header(f"{problem} The columns are: {', '.join(IMPORT_COLUMNS)}.")
    while True:
        number = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Line(number, errors={"_line": [_unreadable(error, number, reader.line_num)]})
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            yield Line(number, errors={"_line": [
                f"The row has {len(row)} cells; the header names {len(columns)} columns."]})
            continue
        cells = dict(zip(columns, row, strict=True))
        if any(_undecodable(cell) for cell in row):
            yield Line(number, errors={"_line": ["The row is not UTF-8."]})
            continue
        yield Line(number, claim_from_row(cells))


def _unreadable(error: csv.Error, first: int, last: int) -> str:
    if str(error) == "unexpected end of data":
        return (f"A quoted cell opened on line {first} is never closed: lines {first} to {last}, "
                "the end of the file, were read as one cell and nothing of them was imported. "
                'Close the quote; a quote inside a quoted cell is written twice ("").')
    return f"The row cannot be read: {error}."


def _bad_header(detail: str) -> RuleViolation:
    return RuleViolation(detail, errors={"_header": [detail]}, slug="invalid-csv-header")


def _undecodable(cell: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in cell)


def claim_from_row(cells: dict[str, str]) -> dict[str, Any]:
    """A CSV row in the shape of POST /v1/claims, for ClaimInSchema to validate."""
    cells = {name: unescape_cell(value) for name, value in cells.items()
             if name not in READ_ONLY_COLUMNS and value.strip()}
    claim: dict[str, Any] = {name: cells[name] for name in CLAIM_COLUMNS if name in cells}
    if "tags" in cells:
        claim["tags"] = [tag.strip() for tag in cells["tags"].split(TAG_SEPARATOR) if tag.strip()]
    for name in ID_COLUMNS:
        if name in cells:
            value = cells[name].strip()
            # Digits become a number; anything else stays text, for the schema to refuse.
            claim[name] = int(value) if value.isascii() and value.isdigit() else value
    for key, columns in (("speaker", SPEAKER_COLUMNS), ("source", SOURCE_COLUMNS)):
        nested = {field: cells[column] for column, field in columns.items() if column in cells}
        if nested:
            claim[key] = nested
    return claim


def escape_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs. Text that merely looks escaped already
    ('=...) gets a quote too, so that unescape_cell gives back exactly what was stored."""
    return f"'{value}" if value.lstrip("'").startswith(FORMULA_STARTS) else value


def unescape_cell(value: str) -> str:
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value
