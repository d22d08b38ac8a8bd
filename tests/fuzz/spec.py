"""The API's own OpenAPI document as schemathesis sees it, with the settings every fuzz test
shares. The document comes from the app at collection time, so an operation added to the API
is fuzzed without a change here."""

import copy
import functools
import os

import schemathesis
from schemathesis.config import SchemathesisConfig

from api import create_app

# Random examples per operation, on top of schemathesis's deterministic coverage cases
# (boundaries, missing and wrong-typed fields), as an admin; the other roles get a fifth of it,
# and the stateful test five times as many scenarios. `make test` runs 20 (about 1.5 minutes
# a database on two cores); `make fuzz` raises it.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
# Stateful scenarios: chains of up to 10 calls through the document's links.
SCENARIOS = 5 * EXAMPLES
# One seed for every run, so a failure in CI is the same failure on a laptop; `make fuzz
# FUZZ_SEED=...` explores elsewhere.
SEED = int(os.environ.get("FUZZ_SEED", "6"))

# Import bodies (NDJSON, CSV) are text: sent as they were drawn.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")


@functools.cache
def openapi_document() -> dict:
    """/openapi.json as the app serves it (the document does not depend on the database)."""
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "LOG_LEVEL": "WARNING"})
    try:
        return app.test_client().get("/openapi.json").get_json()
    finally:
        app.extensions["quotecheck.engine"].dispose()


def load(examples: int, *, coverage: bool = True) -> schemathesis.BaseSchema:
    """The document, generating `examples` random examples per operation (plus, with
    `coverage`, schemathesis's deterministic boundary and missing-field cases)."""
    config = SchemathesisConfig.from_dict({
        "seed": SEED,
        "generation": {
            "max-examples": examples,
            "deterministic": True,
            "database": "none",
            # Every string field refuses NUL (services.text.unstorable) with 400 or 422, a rule
            # the document does not repeat on each string.
            "allow-x00": False,
            # The test sends the key of the role it is testing, never a generated one.
            "with-security-parameters": False,
        },
        "phases": {"coverage": {"enabled": coverage}},
        # Values that pass rules the document cannot state (the language registry, the statuses
        # an admin has made, what marshmallow calls a URL), offered four times in five, so that
        # schema-valid input gets past validation into the services, and chains get past their
        # first step.
        "dictionaries": {
            "languages": {"values": ["ko", "en", "en-US", "ja"]},
            # From the default scale (db/migrations/versions/0001_initial_schema.py).
            "statuses": {"values": ["unverified", "in_review", "false", "true", "misleading"]},
            "urls": {"values": ["https://news.example.org/politics/1?page=2#quote",
                                "http://intranet/archive/7", "https://www.bbc.co.uk/news"]},
        },
        "parameters": {
            **{f"{where}language": {"dictionary": "languages", "probability": 0.8}
               for where in ("body.", "body.source.", "body.speaker.aliases[*].",
                             "body.aliases[*].", "query.")},
            **{f"{where}status": {"dictionary": "statuses", "probability": 0.8}
               for where in ("body.", "query.")},
            **{f"{where}": {"dictionary": "urls", "probability": 0.8}
               for where in ("body.url", "body.source.url", "body.evidence[*].url",
                             "body.evidence[*].archived_url")},
        },
        "checks": {
            # Valid input about a claim that is retracted by then (in a stateful chain) is
            # refused with 410, as it is with 404 about one that never was.
            "positive_data_acceptance": {"expected-statuses": [
                "2xx", "3xx", "401", "403", "404", "409", "410", "429", "5xx"]},
        },
        "operations": [{
            # use_after_free expects a 404 after a DELETE, but two DELETEs keep a record on
            # purpose: DELETE /v1/keys/{id} revokes (the key stays readable, `state: revoked`,
            # for the audit log), and a retracted claim's history stays readable.
            "include-name": ["GET /v1/keys/{key_id}", "GET /v1/claims/{claim_id}/annotations",
                             "GET /v1/claims/{claim_id}/annotations/{annotation_id}"],
            "checks": {"use_after_free": {"enabled": False}},
        }],
    })
    return schemathesis.openapi.from_dict(copy.deepcopy(openapi_document()), config=config)
