"""flask --app api sample-data load: the sample data through the CLI."""

from sqlalchemy import func, select, update

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


def test_search_reindex_rebuilds_stale_documents_and_status_says_so(app, session):
    from db.models import ClaimSearch
    from services.search.analyzer import ANALYZER_VERSION

    runner = app.test_cli_runner()
    runner.invoke(args=["sample-data", "load"])
    assert runner.invoke(args=["search", "status"]).exit_code == 0

    session.execute(update(ClaimSearch).values(analyzer_version=ANALYZER_VERSION - 1))
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 1
    assert "search reindex" in status.output

    result = runner.invoke(args=["search", "reindex", "--batch-size", "7"])
    assert result.exit_code == 0, result.output
    assert "Reindexed" in result.output
    assert runner.invoke(args=["search", "status"]).exit_code == 0
    versions = set(session.scalars(select(ClaimSearch.analyzer_version)))
    assert versions == {ANALYZER_VERSION}
