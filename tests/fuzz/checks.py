"""Checks the fuzz tests add to schemathesis's own where those are too lenient or too strict
for this API; each says why."""

import re
from typing import Any

from schemathesis import Case, CheckContext, Response
from schemathesis.core.parameters import ParameterLocation
from schemathesis.openapi.checks import RejectedPositiveData, UndefinedStatusCode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from services.text import clean_text

# Statuses any operation may answer, which the document covers with its `default` problem
# response rather than on each operation: malformed or unreadable input (400), an id or route
# that names nothing (404), a method the route lacks (405), a body over MAX_CONTENT_LENGTH
# (413), a body that is not JSON (415), a database that is busy or down (503).
ANY_OPERATION = {400, 404, 405, 413, 415, 503}
VALIDATION_FAILED = "urn:quotecheck:problem:validation-failed"
# Bodies sent as text whatever was drawn (tests/fuzz/spec.py registers them as text/plain).
TEXT_BODIES = {"application/x-ndjson", "text/csv"}

# Rules the marshmallow schemas enforce that the document does not state, as "field: message"
# patterns: the language subtag registry, what marshmallow's URL validator takes beyond
# `http(s)://` (`http://a.bc` yes, `http://a.b` no), and a key name's Unicode categories
# (which JSON Schema's regex dialects cannot name portably).
UNSTATED_RULES = [re.compile(rule) for rule in (
    r"(^|\.)language: .* is not a valid BCP 47 language tag",
    r"(^|\.)(url|archived_url): Not a valid URL\.",
    r"^name: A name (may not contain control characters|needs a visible character)\.",
)]


def status_is_documented(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """schemathesis's status_code_conformance passes every status once `default` is documented,
    as flask-smorest does on every operation: here a status must be the operation's own, or one
    that any operation may answer."""
    if case.method.upper() != case.operation.method.upper():
        return None  # a method the route lacks: unsupported_method's business
    documented = {int(code) for code in case.operation.responses.status_codes if code.isdigit()}
    allowed = sorted(documented | ANY_OPERATION)
    if response.status_code in allowed:
        return None
    raise UndefinedStatusCode(
        operation=case.operation.label, status_code=response.status_code,
        defined_status_codes=[str(code) for code in allowed], allowed_status_codes=allowed,
        message=f"Received: {response.status_code}\nDocumented, or allowed on any operation: "
                f"{', '.join(map(str, allowed))}")


def documented_input_is_accepted(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """positive_data_acceptance, which takes no 422 for schema-valid input, but for a 422 that is
    a newsroom rule (a problem type other than validation-failed: a status that does not exist,
    a cursor this API did not issue, `sort=relevance` without `q`...) or names only rules the
    document does not state, and for a 400 that the operation documents."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if response.status_code == 422 and _unstated_rules_only(response, case):
            return None
        if response.status_code == 400 and "400" in case.operation.responses.status_codes:
            # A 400 the operation documents itself, for input no schema describes
            # (POST /v1/extractions: text with control characters all through it).
            return None
        raise


def invalid_input_is_refused(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """negative_data_rejection, knowing that the import formats are text: a body drawn as
    `false` or `0` to break `type: string` goes out as the text "false", which the document
    allows. (schemathesis makes this exception for text/plain only.)"""
    meta = case.meta
    if (case.media_type in TEXT_BODIES and meta is not None
            and meta.is_negative_at(ParameterLocation.BODY)
            and not any(meta.is_negative_at(location) for location in ParameterLocation
                        if location != ParameterLocation.BODY)):
        return None
    return negative_data_rejection(ctx, response, case)


def _unstated_rules_only(response: Response, case: Case) -> bool:
    try:
        problem = response.json()
    except ValueError:
        return False
    if problem.get("type") != VALIDATION_FAILED:
        return True
    errors = problem.get("errors") or {}
    return bool(errors) and all(_unstated(field, message, case)
                                for field, messages in errors.items() for message in messages)


def _unstated(field: str, message: str, case: Case) -> bool:
    if any(rule.search(f"{field}: {message}") for rule in UNSTATED_RULES):
        return True
    sent = _sent(case, field)
    if message == "Not a valid integer.":
        # JSON Schema calls 2070.0 an integer; marshmallow's strict Integer (no 1.5, no "12")
        # does not, and no JSON encoder but Python's writes one.
        return isinstance(sent, float) and sent.is_integer()
    if message.startswith(("Shorter than minimum length", "Longer than maximum length",
                           "Length must be between", "The text is empty")):
        # Length and blankness rules look at the text as stored, NFC-normalised and trimmed
        # (services.text): "  " is refused though its length is 2.
        return isinstance(sent, str) and len(clean_text(sent)) != len(sent)
    return False


def _sent(case: Case, field: str) -> Any:
    """The value sent for `field` ("source.url", "evidence.0.url") in the body or the query."""
    value: Any = case.body if isinstance(case.body, dict) else None
    if value is None or field.split(".")[0] not in value:
        value = case.query or {}
    for part in field.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


# Passed to call_and_validate: schemathesis's checks (all of them), with the two refined above
# in place of theirs, and status_is_documented besides status_code_conformance, which
# `default` makes pass everything.
ADDITIONAL = [status_is_documented, documented_input_is_accepted, invalid_input_is_refused]
EXCLUDED = [positive_data_acceptance, negative_data_rejection]
