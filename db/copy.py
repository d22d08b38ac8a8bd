"""PostgreSQL's COPY, for bulk writes: a batch's rows go to the server as one stream, with no
statement to build or parse per row (a bulk import writes hundreds of thousands)."""

from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from sqlalchemy import Table, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


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
