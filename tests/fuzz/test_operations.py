"""Every operation in /openapi.json, fuzzed with schemathesis as an admin, a reader and an
anonymous caller: no 5xx, and every answer has a documented status, content type, headers and
body shape; schema-valid input is accepted and invalid input refused."""

from hypothesis import HealthCheck, settings

from tests.fuzz import spec
from tests.fuzz.conftest import Caller

# The app, its connection and its keys are made once per operation; each example still runs
# in a savepoint of its own (Caller.example), which is what the health check is about.
SHARED_FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

admin_schema = spec.load(spec.EXAMPLES)
# 401 and 403 come before any input is read: a few random examples cover those roles.
cheaper_schema = spec.load(max(1, spec.EXAMPLES // 5), coverage=False)


@admin_schema.parametrize()
@SHARED_FIXTURES
def test_as_admin(case, caller: Caller):
    caller.check(case, "admin")


@cheaper_schema.parametrize()
@SHARED_FIXTURES
def test_as_reader(case, caller: Caller):
    caller.check(case, "reader")


@cheaper_schema.parametrize()
@SHARED_FIXTURES
def test_anonymous(case, caller: Caller):
    caller.check(case, None)
