"""`flask --app api extract FILE`: the candidates of POST /v1/extractions, from a text file;
`--commit` stores them (written in the audit log as `cli:<user>`)."""

import json
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from marshmallow import ValidationError

from api.extractions import MAX_TEXT_BYTES, analyzer_setting, looks_binary
from api.transaction import session_factory
from db.engine import intends_to_write
from schemas.common import IsoDate, LanguageTag
from schemas.sources import SourceInSchema
from services import audit
from services.errors import DomainError
from services.extraction.report import extract_claims


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--commit", is_flag=True, help="Store the candidates as unverified claims.")
@click.option("--said-on", help="The day the words were said, YYYY-MM-DD (needed to commit).")
@click.option("--source-url", help="Where the text was published; stored with each claim.")
@click.option("--language", help="ko or en, for lines whose script does not tell.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON, as the API "
                                                      "answers it.")
@with_appcontext
def extract_command(file: Path, commit: bool, said_on: str | None, source_url: str | None,
                    language: str | None, as_json: bool) -> None:
    """List the candidate claims in a UTF-8 text FILE; --commit stores them."""
    text = _read(file)
    day = _checked(IsoDate(), said_on, "--said-on") if said_on else None
    tag = _checked(LanguageTag(), language, "--language") if language else None
    source = None
    if source_url:
        try:
            source = SourceInSchema().load({"url": source_url})
        except ValidationError as error:
            raise click.BadParameter(" ".join(error.messages.get("url", [])),
                                     param_hint="--source-url") from None
    if commit and day is None:
        raise click.UsageError("--commit needs --said-on YYYY-MM-DD: the day the words were said.")
    try:
        with (intends_to_write(commit), session_factory(current_app)() as session,
              session.begin()):
            audit.act_as(session, audit.command_line_actor())
            report = extract_claims(session, text, language=tag,
                                    analyzer=analyzer_setting(current_app), commit=commit,
                                    said_on=day, source=source)
    except DomainError as error:
        raise click.ClickException(error.detail) from error
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print(report)


def _read(file: Path) -> str:
    raw = file.read_bytes()
    if len(raw) > MAX_TEXT_BYTES:
        raise click.ClickException(f"{file.name} is larger than 1 MiB: split it.")
    if b"\x00" in raw:
        raise click.ClickException(f"{file.name} looks binary, not like an article or transcript.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{file.name} is not UTF-8 text (byte {error.start} cannot "
                                   "be read).") from None
    if looks_binary(text):
        raise click.ClickException(f"{file.name} looks binary, not like an article or transcript.")
    if not text.strip():
        raise click.ClickException(f"{file.name} is empty.")
    return text


def _checked(field, value: str, option: str) -> date | str:  # type: ignore[no-untyped-def]
    try:
        return field.deserialize(value)
    except ValidationError as error:
        raise click.BadParameter(" ".join(error.messages), param_hint=option) from None


def _print(report: dict) -> None:
    for candidate in report["candidates"]:
        speaker = candidate["speaker"]
        who = speaker["name"] + (f" {speaker['role']}" if speaker["role"] else "")
        who += f" ({speaker['title']})" if speaker["title"] else ""
        who += f" [speaker {speaker['speaker_id']}]" if speaker["speaker_id"] else ""
        places = ", ".join(f"{o['start']}-{o['end']}" for o in candidate["occurrences"])
        line = (f"{who}: “{candidate['text']}”  {candidate['pattern']} "
                f"{candidate['confidence']:.2f} @ {places}")
        outcome = candidate.get("outcome")
        if outcome:
            where = f" {outcome['location']}" if outcome["location"] else ""
            line += f"  -> {outcome['outcome']}{where}"
            if outcome["outcome"] == "invalid":
                line += f": {outcome['detail']}"
        click.echo(line)
    counts = report["counts"]
    summary = f"{counts['candidates']} candidates (analyzer: {report['analyzer']})"
    if report["committed"]:
        summary += (f": {counts['created']} created, {counts['duplicate']} duplicate, "
                    f"{counts['invalid']} invalid")
    if report["truncated"]:
        summary += "; the text was longer than one extraction reads, send it in parts"
    click.echo(summary + ".")


def init_app(app: Flask) -> None:
    app.cli.add_command(extract_command)
