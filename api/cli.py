"""Command-line tasks: `flask --app api db upgrade`, `sample-data load`, `keys create`,
`search reindex`. Writes made here are logged in the audit log as `cli:<user>`."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from marshmallow import ValidationError
from sqlalchemy import func, select

from api.transaction import session_factory
from db import migrate
from db.engine import intends_to_write
from db.models import MAX_ID, Claim
from schemas.claims import ClaimInSchema
from schemas.keys import KeyInSchema
from services import audit, keys, sample_data
from services.access import Role
from services.errors import DomainError
from services.search import index as search_index
from services.search.analyzer import ANALYZER_VERSION

db_cli = AppGroup("db", help="Database migrations (Alembic).")
search_cli = AppGroup("search", help="The search index.")
sample_cli = AppGroup("sample-data", help="The sample data set from the seed article.")
keys_cli = AppGroup("keys", help="API keys: create, list, revoke.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: head)."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision=revision)


@db_cli.command("downgrade")
@click.argument("revision", default="-1")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (default: one step)."""
    migrate.downgrade(current_app.config["DATABASE_URL"], revision=revision)


@sample_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Load only into a database with no claims.")
def sample_load(if_empty: bool) -> None:
    """Load the sample claims; loading twice adds nothing."""
    try:
        claims = ClaimInSchema(many=True).load(sample_data.read_sample_claims())
    except ValidationError as error:
        raise click.ClickException(f"The sample data file is invalid: {error.messages}") from error
    with intends_to_write(), session_factory(current_app)() as session, session.begin():
        audit.act_as(session, audit.command_line_actor())
        if if_empty and not sample_data.database_is_empty(session):
            click.echo("The database has claims already; sample data not loaded.")
            return
        report = sample_data.load_claims(session, claims)
    click.echo(f"Sample data: {report.created} claims created, "
               f"{report.already_there} already there.")


@search_cli.command("reindex")
@click.option("--batch-size", default=1000, show_default=True, help="Claims per batch.")
def search_reindex(batch_size: int) -> None:
    """Rebuild every live claim's search document (after an analyzer change).

    Each batch is its own transaction, so writers wait for one batch at most, and an interrupted
    run can simply be started again."""
    done = last_id = 0
    with intends_to_write(), session_factory(current_app)() as session:
        with session.begin():
            total = session.scalar(select(func.count()).select_from(Claim)
                                   .where(Claim.retracted_at.is_(None))) or 0
        with click.progressbar(length=total, label="Reindexing claims") as bar:
            while True:
                with session.begin():
                    batch = search_index.reindex_batch(session, after=last_id, size=batch_size)
                    if not batch:
                        break
                    last_id = batch[-1].id
                done += len(batch)
                bar.update(len(batch))
                session.expunge_all()
    click.echo(f"Reindexed {done} claims with analyzer version {ANALYZER_VERSION}.")


@search_cli.command("status")
def search_status() -> None:
    """Say whether the index is current; exit 1 if claims need reindexing."""
    with session_factory(current_app)() as session:
        stale = search_index.stale_claims(session)
    if stale:
        click.echo(f"The search index is out of date for {stale} claims (the analyzer is now "
                   f"version {ANALYZER_VERSION}): run `flask --app api search reindex`.", err=True)
        raise SystemExit(1)
    click.echo(f"The search index is current (analyzer version {ANALYZER_VERSION}).")


@keys_cli.command("create")
@click.option("--name", required=True, help='Who holds the key, e.g. "Politics desk".')
@click.option("--role", required=True, type=click.Choice([role.name for role in Role]))
@click.option("--expires", "expires_in", help="How long it lives: 90d, 12h or 30m. "
                                              "Default: until revoked.")
@click.option("--quiet", is_flag=True, help="Print the key alone (for scripts).")
def keys_create(name: str, role: str, expires_in: str | None, quiet: bool) -> None:
    """Make a key and print it, once: only its hash is stored."""
    options = {"name": name, "role": role, **({"expires_in": expires_in} if expires_in else {})}
    try:
        options = KeyInSchema().load(options)  # the same rules as POST /v1/keys
    except ValidationError as error:
        problems = "; ".join(f"{field}: {' '.join(messages)}"
                             for field, messages in error.messages.items())
        raise click.ClickException(f"Invalid key: {problems}") from error
    with intends_to_write(), session_factory(current_app)() as session, session.begin():
        audit.act_as(session, audit.command_line_actor())
        try:
            new = keys.create_key(session, **options)
        except DomainError as error:
            raise click.ClickException(error.detail) from error
        key = new.key
    if quiet:
        click.echo(new.secret)
        return
    expiry = f", expires {key.expires_at:%Y-%m-%d %H:%M} UTC" if key.expires_at else ""
    click.echo(f"Key {key.id} ({key.prefix}) for {key.name!r}, role {key.role}{expiry}.\n"
               "Store it now; it is not shown again:\n\n"
               f"  {new.secret}\n\n"
               f"Send it as:  Authorization: Bearer {key.prefix}_...")


@keys_cli.command("list")
def keys_list() -> None:
    """List every key (never the keys themselves)."""
    with session_factory(current_app)() as session:
        rows, cursor = [], None
        while True:
            page = keys.list_keys(session, cursor=cursor, limit=100)
            rows.extend(page.items)
            if (cursor := page.next_cursor) is None:
                break
    if not rows:
        click.echo("No keys yet: flask --app api keys create --name NAME --role admin")
        return
    click.echo(f"{'id':>5}  {'prefix':<15}  {'role':<9}  {'state':<7}  {'expires (UTC)':<16}  "
               f"{'last used (UTC)':<16}  name")
    for key in rows:
        expires = f"{key.expires_at:%Y-%m-%d %H:%M}" if key.expires_at else "never"
        used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
        click.echo(f"{key.id:>5}  {key.prefix:<15}  {key.role:<9}  {key.state:<7}  "
                   f"{expires:<16}  {used:<16}  {key.name}")


@keys_cli.command("status")
def keys_status() -> None:
    """Say how many keys are active; with none, how to make the first admin key."""
    with session_factory(current_app)() as session:
        active = keys.count_active(session)
    if active:
        click.echo(f"{active} active API key{'s' if active != 1 else ''}.")
        return
    needs = "Writing needs one" if current_app.config["PUBLIC_READ"] else "Every request needs one"
    click.echo(f"No API keys yet. {needs}. Make your first admin key (printed once) with\n"
               "  make key\nor, where quotecheck is installed,\n"
               '  flask --app api keys create --name "Your name" --role admin')


@keys_cli.command("revoke")
@click.argument("key_id", type=click.IntRange(1, MAX_ID))
def keys_revoke(key_id: int) -> None:
    """Revoke key KEY_ID (see `keys list`): it stops working at once."""
    with intends_to_write(), session_factory(current_app)() as session, session.begin():
        audit.act_as(session, audit.command_line_actor())
        try:
            key = keys.revoke_key(session, keys.get_key(session, key_id, for_update=True))
        except DomainError as error:
            raise click.ClickException(error.detail) from error
        click.echo(f"Key {key.id} ({key.prefix}, {key.name!r}) is revoked.")


def init_app(app: Flask) -> None:
    from api import extract_cli, import_cli, webhook_cli

    import_cli.init_app(app)
    extract_cli.init_app(app)
    webhook_cli.init_app(app)
    app.cli.add_command(keys_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(sample_cli)
    app.cli.add_command(search_cli)
