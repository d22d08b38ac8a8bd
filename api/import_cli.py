"""`flask --app api import FILE`: the bulk import of POST /v1/imports, from the command line,
with a progress bar. Written in the audit log as `cli:<user>`."""

import io
import sys
from pathlib import Path
from typing import IO

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from api.transaction import session_factory
from db.engine import intends_to_write
from services import audit, imports
from services.errors import DomainError
from services.import_formats import CSV, NDJSON, read_lines

_BY_SUFFIX = {".csv": CSV, ".ndjson": NDJSON, ".jsonl": NDJSON}


class _Progress(io.RawIOBase):
    """The file, moving the progress bar by the bytes read."""

    def __init__(self, file: IO[bytes], bar) -> None:  # type: ignore[no-untyped-def]
        self.file, self.bar = file, bar

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        count = self.file.readinto(buffer)  # type: ignore[attr-defined]
        self.bar.update(count)
        return count


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "media_type", type=click.Choice(["ndjson", "csv"]),
              help="Default: from the file's suffix (.csv; .ndjson or .jsonl).")
@click.option("--dry-run", is_flag=True, help="Check and report every line; write nothing.")
@click.option("--atomic", is_flag=True, help="Write every line or none.")
@with_appcontext
def import_command(file: Path, media_type: str | None, dry_run: bool, atomic: bool) -> None:
    """Import claims from an NDJSON or CSV FILE, each checked like POST /v1/claims."""
    if media_type is None and file.suffix.lower() not in _BY_SUFFIX:
        raise click.UsageError("Say --format ndjson or --format csv for this file.")
    kind = {"ndjson": NDJSON, "csv": CSV}[media_type] if media_type else _BY_SUFFIX[
        file.suffix.lower()]
    try:
        with (intends_to_write(), session_factory(current_app)() as session, session.begin(),
              file.open("rb") as raw,
              click.progressbar(length=file.stat().st_size, label=f"Importing {file.name}",
                                file=sys.stderr) as bar):
            audit.act_as(session, audit.command_line_actor())
            processes = imports.checking_processes(
                file.stat().st_size, current_app.config["IMPORT_CHECK_PROCESSES"])
            report = imports.import_claims(session, read_lines(_Progress(raw, bar), kind),
                                           dry_run=dry_run, atomic=atomic, processes=processes)
    except imports.ImportRejected as error:
        _print(error.extra)
        raise click.ClickException(error.detail) from error
    except DomainError as error:
        raise click.ClickException(error.detail) from error
    _print(report.as_dict())


def _print(report: dict) -> None:
    for failure in report["failures"]:
        where = f" ({failure['location']})" if "location" in failure else ""
        click.echo(f"line {failure['line']}: {failure['outcome']}{where}: {failure['detail']} "
                   + " ".join(f"{field}: {' '.join(messages)}"
                              for field, messages in failure.get("errors", {}).items()))
    if report["failures_truncated"]:
        click.echo(f"(the first {len(report['failures'])} failures listed)")
    state = ("dry run, nothing written" if report["dry_run"] else
             "written" if report["written"] else "nothing written")
    click.echo(f"{report['lines']} lines: {report['created']} created, {report['duplicate']} "
               f"duplicate, {report['invalid']} invalid ({state}).")


def init_app(app: Flask) -> None:
    app.cli.add_command(import_command)
