"""Fixtures for fuzzing: the app on the test's connection, a key per role, and each example
(or stateful scenario) in a savepoint of its own that is rolled back after it."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from schemathesis import Case
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from tests.conftest import make_key
from tests.fuzz import checks


class Caller:
    """Sends schemathesis's cases to this test's app as one role (None: anonymous)."""

    def __init__(self, app: Flask, connection: Connection, keys: dict[str, str]) -> None:
        self.app = app
        self.connection = connection
        self.keys = keys

    def headers(self, role: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"} if role else {}

    @contextmanager
    def example(self) -> Iterator[None]:
        """One example's world: what it writes (an admin may revoke its own key) is rolled
        back, and the rate limits start full, so no example depends on the ones before."""
        savepoint = self.connection.begin_nested()
        for limiter in self.app.extensions["limiter"]:
            limiter.reset()
        try:
            yield
        finally:
            savepoint.rollback()

    def bind(self, case: Case) -> None:
        """The schema is shared by both backends' tests: its app is this test's, for the case
        and for schemathesis's own probes (ignored_auth resends without the key)."""
        case.operation.app = case.operation.schema.app = self.app

    def check(self, case: Case, role: str | None) -> None:
        __tracebackhide__ = True
        self.bind(case)
        with self.example():
            case.call_and_validate(headers=self.headers(role), additional_checks=checks.ADDITIONAL,
                                   excluded_checks=checks.EXCLUDED)


@pytest.fixture
def caller(app: Flask, connection: Connection, session: Session) -> Caller:
    return Caller(app, connection, {role: make_key(session, role, f"Fuzz {role}")
                                    for role in ("admin", "reader")})
