"""`column IN (values)` for long lists of values: on PostgreSQL as `= ANY(array)`, one bound
array instead of a placeholder per value, so the statement is the same (and cheap to send)
whatever the number of values."""

from collections.abc import Collection
from typing import Any

from sqlalchemy import any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement


def one_of(session: Session, column: Any, values: Collection[Any]) -> ColumnElement[bool]:
    if session.get_bind().dialect.name != "postgresql":
        return column.in_(values)
    return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
