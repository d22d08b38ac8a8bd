"""Stateful fuzzing: schemathesis chains calls through the document's links (store a claim,
read it, annotate it, read its history; make a speaker, then a claim of theirs; ...), as an
admin, each scenario in a savepoint of its own, checking every answer as test_operations does,
plus what only a chain shows (a resource just made can be read; one deleted cannot)."""

import itertools
from contextlib import ExitStack

from hypothesis import HealthCheck, settings

from api.idempotency import HEADER
from services import idempotency
from tests.factories import ClaimFactory
from tests.fuzz import checks, spec
from tests.fuzz.conftest import Caller

# The newsroom's own resources: the chains that matter (a claim, its speaker and source, its
# annotations) are long, and the other operations, fuzzed one by one in test_operations, would
# take most of the steps.
NEWSROOM = ("/v1/claims", "/v1/speakers", "/v1/sources", "/v1/statuses")
# (Not include(): schemathesis ORs it with the per-operation settings of spec.load, and then
# it matches every operation.)
Workflow = spec.load(spec.EXAMPLES).exclude(
    func=lambda ctx: not ctx.operation.path.startswith(NEWSROOM)).as_state_machine()


def test_workflows_as_admin(caller: Caller):
    # Something to start from besides what the scenario makes: claims (with their speakers and
    # sources) that the list operations return and their links lead to.
    ClaimFactory.create_batch(3)

    class AdminWorkflow(Workflow):
        def setup(self) -> None:
            self.keys = itertools.count()
            self.scenario = ExitStack()
            self.scenario.enter_context(caller.example())

        def teardown(self) -> None:
            self.scenario.close()

        def before_call(self, case) -> None:
            caller.bind(case)
            # Each POST its own Idempotency-Key: hypothesis likes to repeat "0", and a key sent
            # again with another request is (rightly) 422, which would end most chains early.
            if case.headers and idempotency.is_valid_key(case.headers.get(HEADER, "")):
                case.headers[HEADER] = f"fuzz-{next(self.keys)}"

        def get_call_kwargs(self, case) -> dict:
            return {"headers": caller.headers("admin"), "app": caller.app}

        def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:
            __tracebackhide__ = True
            case.validate_response(response, additional_checks=checks.ADDITIONAL,
                                   excluded_checks=checks.EXCLUDED, headers=kwargs["headers"],
                                   transport_kwargs=kwargs, recorder=self.recorder)

    AdminWorkflow.run(settings=settings(
        max_examples=spec.SCENARIOS, stateful_step_count=10, derandomize=True, database=None,
        deadline=None,
        # The app and its keys are made once for the test; each scenario has a savepoint.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.filter_too_much]))
