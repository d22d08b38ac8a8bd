"""Two writers racing to store the same claim: the unique index decides, and the loser gets the
same Conflict (409) as a writer that came second, not a 500."""

import threading
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import migrate
from db.engine import make_engine
from db.models import Claim
from services import audit
from services.claims import create_claim
from services.errors import Conflict

ACTOR = audit.Actor("tests")
WORDS = {"text": "빠른 시일 내 만나자", "said_on": date(2025, 5, 3)}


def test_the_loser_of_a_dedupe_race_gets_conflict(backend):
    if backend.name != "postgresql":
        pytest.skip("SQLite lets one writer at a time in, so the two inserts cannot overlap")
    url = backend.new_database_url()
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        # By speaker_id: an inline speaker would take a name lock first and serialise the two
        # writers before they reach the index, which is not the path under test.
        with Session(engine, info={"actor": ACTOR}) as setup, setup.begin():
            speaker_id = create_claim(setup, {**WORDS, "text": "다른 말",
                                              "speaker": {"name": "한덕수"}}).speaker_id
        CLAIM = {**WORDS, "speaker_id": speaker_id}

        first = Session(engine, info={"actor": ACTOR})
        first.begin()
        create_claim(first, CLAIM)  # inserted, not committed: holds the unique index entry

        outcome: list[BaseException | None] = []

        def second_writer() -> None:
            with Session(engine, info={"actor": ACTOR}) as second, second.begin():
                try:
                    create_claim(second, CLAIM)  # passes the pre-check, then waits on the index
                    outcome.append(None)
                except BaseException as error:  # noqa: BLE001 - recorded for the assertion
                    outcome.append(error)

        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(timeout=1)
        assert thread.is_alive(), "the second insert should wait for the first transaction"
        first.commit()
        first.close()
        thread.join(timeout=10)

        assert len(outcome) == 1 and isinstance(outcome[0], Conflict), outcome
        assert outcome[0].existing[0] == "claim"
        with Session(engine) as check:
            assert check.scalar(select(func.count()).select_from(Claim)) == 2
    finally:
        engine.dispose()
