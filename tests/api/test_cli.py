"""flask --app api sample-data load: the sample data through the CLI."""

from sqlalchemy import func, select

from db.models import Claim
from tests.factories import ClaimFactory


def test_sample_data_load_and_load_again(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["sample-data", "load"])
    assert first.exit_code == 0, first.output
    created = session.scalar(select(func.count()).select_from(Claim))
    assert f"{created} claims created" in first.output

    again = runner.invoke(args=["sample-data", "load"])
    assert "0 claims created" in again.output
    assert session.scalar(select(func.count()).select_from(Claim)) == created


def test_if_empty_leaves_a_database_with_claims_alone(app, session):
    ClaimFactory()
    result = app.test_cli_runner().invoke(args=["sample-data", "load", "--if-empty"])
    assert result.exit_code == 0
    assert "not loaded" in result.output
    assert session.scalar(select(func.count()).select_from(Claim)) == 1
