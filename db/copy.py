"""PostgreSQL's COPY, for bulk writes: a batch's rows go to the server as one stream, with no
statement to build or parse per row (a bulk import writes hundreds of thousands)."""

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import psycopg
from sqlalchemy import JSON, Table, insert, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached


def copy_rows(session: Session, table: Table, columns: Sequence[str],
              rows: Iterable[Sequence[Any]]) -> None:
    """Write `rows` (values in the order of `columns`) into `table`, in the session's
    transaction. A constraint the rows break raises IntegrityError, as an INSERT would."""
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    connection = session.connection().connection.driver_connection
    try:
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.IntegrityError as error:
        raise IntegrityError(statement, None, error) from error


def next_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` new ids from the sequence of `table`'s id column, in ascending order."""
    return sorted(session.scalars(
        text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
        {"table": table.name, "n": count}))


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT the rows (dicts with the same keys) in the session's transaction: by COPY on
    PostgreSQL (JSON values as their text), by one executemany INSERT elsewhere."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    as_json = {name for name in columns if isinstance(table.c[name].type, JSON)}
    copy_rows(session, table, columns, (
        [json.dumps(row[name]) if name in as_json and row[name] is not None else row[name]
         for name in columns] for row in rows))


def add_all_new(session: Session, objects: Sequence[Any], values: Mapping[str, Any]) -> None:
    """Store new ORM objects of one mapped class that have nothing to cascade (no related
    objects of their own), each given `values` first (what the column defaults would give:
    timestamps, the version), and leave them in the session as if just loaded.

    They go in as rows, with one statement for them all (COPY on PostgreSQL, ids from the
    sequence; INSERT … RETURNING elsewhere), and are then attached to the session as persistent
    objects, so that the ORM builds no INSERT of its own: a bulk import makes thousands, and the
    ORM's INSERT of thousands of rows is one statement of as many bound values, built, sent and
    parsed on both sides (on SQLite, a versioned class even gets an INSERT a row)."""
    if not objects:
        return
    mapper = inspect(type(objects[0]))
    table = mapper.local_table
    (key,) = mapper.primary_key
    attributes = [(attribute.key, attribute.columns[0].name) for attribute in mapper.column_attrs
                  if attribute.columns[0] is not key]
    rows = []
    for obj in objects:
        for name, value in values.items():
            setattr(obj, name, value)
        row = {column: getattr(obj, name) for name, column in attributes}
        for name, column in attributes:
            # Every column given a value, None included: one left unset would be expired once
            # attached, and read back with a SELECT of its own.
            setattr(obj, name, row[column])
        rows.append(row)
    if session.get_bind().dialect.name == "postgresql":
        ids = next_ids(session, table, len(rows))
        insert_rows(session, table, [{key.name: new_id, **row}
                                     for new_id, row in zip(ids, rows, strict=True)])
    else:
        ids = list(session.scalars(
            insert(table).returning(key, sort_by_parameter_order=True), rows))
    for obj, new_id in zip(objects, ids, strict=True):
        setattr(obj, mapper.get_property_by_column(key).key, new_id)
        make_transient_to_detached(obj)
        session.add(obj)
