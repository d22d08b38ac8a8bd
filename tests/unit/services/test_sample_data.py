"""The sample data set: faithful to the seed article, valid, and loadable twice without change."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Claim, Source, Speaker
from schemas.claims import ClaimInSchema
from services import sample_data

SEED = Path(__file__).resolve().parents[4] / "shared" / "seed" / "000_b24b76d721c561dc.txt"


def test_sample_claims_are_valid_api_input():
    claims = ClaimInSchema(many=True).load(sample_data.read_sample_claims())
    assert len(claims) >= 20
    speakers = {claim["speaker"]["name"] for claim in claims}
    assert {"사티아 나델라", "마크 저커버그", "한덕수", "이재명", "김문수"} <= speakers
    assert {claim["said_on"].isoformat() for claim in claims} == {"2025-04-29", "2025-05-03"}


@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED}")
def test_every_sample_text_is_verbatim_in_the_seed_article():
    seed = SEED.read_text(encoding="utf-8")
    missing = [c["text"] for c in sample_data.read_sample_claims() if c["text"] not in seed]
    assert missing == []


def test_loading_twice_adds_nothing(session):
    claims = ClaimInSchema(many=True).load(sample_data.read_sample_claims())
    assert sample_data.database_is_empty(session)

    first = sample_data.load_claims(session, claims)
    counts = [session.scalar(select(func.count()).select_from(model))
              for model in (Claim, Speaker, Source)]
    second = sample_data.load_claims(session, claims)

    assert first.created == len(claims) and first.already_there == 0
    assert second.created == 0 and second.already_there == len(claims)
    assert [session.scalar(select(func.count()).select_from(model))
            for model in (Claim, Speaker, Source)] == counts
    assert not sample_data.database_is_empty(session)
    nadella = session.scalar(select(Speaker).where(Speaker.name == "사티아 나델라"))
    assert [alias.name for alias in nadella.aliases] == ["Satya Nadella"]
