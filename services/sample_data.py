"""The sample data set: the quotes of the seed article (KBS, 2025-04-29) and headline list
(랭크뉴스, 2025-05-03), loaded through the same path as POST /v1/claims."""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from db.models import Claim
from services.claims import create_claim
from services.errors import Conflict

SAMPLE_DATA_PATH = Path(__file__).with_name("sample_data.json")


@dataclass(frozen=True)
class LoadReport:
    created: int
    already_there: int


def read_sample_claims(path: Path = SAMPLE_DATA_PATH) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["claims"]


def database_is_empty(session: Session) -> bool:
    return not session.scalar(select(exists().where(Claim.id.is_not(None))))


def load_claims(session: Session, claims: Iterable[Mapping[str, Any]]) -> LoadReport:
    """Create each claim; one that exists already (dedupe) is counted, not added again."""
    created = already_there = 0
    for data in claims:
        try:
            with session.begin_nested():
                create_claim(session, data)
            created += 1
        except Conflict:
            already_there += 1
    return LoadReport(created=created, already_there=already_there)
