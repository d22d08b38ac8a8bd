"""flask-smorest's Api, answering errors as problem+json and documenting them that way."""

import http

from apispec import BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls, resolve_schema_instance
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from api.auth import PUBLIC
from api.errors import PROBLEM_JSON, from_http_exception
from api.request_rules import IdConverter, StrictParser
from db.models import MAX_ID
from schemas.common import ProblemSchema
from services.access import Role

# The scheme every protected operation names in the OpenAPI document.
BEARER_AUTH = {"type": "http", "scheme": "bearer",
               "description": "An API key: `Authorization: Bearer qc_...`. "
                              "`flask --app api keys create` or `POST /v1/keys` makes one."}


def schema_name(schema) -> str:
    """`ClaimInSchema` -> `ClaimIn`; its PATCH form (partial=True) -> `ClaimInPatch`."""
    cls = resolve_schema_cls(schema)
    name = cls.__name__.removesuffix("Schema")
    return f"{name}Patch" if getattr(schema, "partial", False) else name


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictParser()

    def requires(self, role: Role):
        """The role an operation needs (api.auth enforces it), written into the OpenAPI
        document with the 401, 403 and 429 answers it can give."""

        def decorator(func):
            # A reader's operations are open to anonymous callers while PUBLIC_READ is on.
            security = [{"bearerAuth": []}, {}] if role == Role.reader else [{"bearerAuth": []}]
            func = self.doc(security=security, **{"x-required-role": role.name})(func)
            func = problem_response(self, 401, "No key where one is needed, or a key that is "
                                               "unknown, expired or revoked.")(func)
            if role > Role.reader:
                func = problem_response(self, 403, f"The key's role is weaker than "
                                                   f"{role.name}.")(func)
            func = problem_response(self, 429, "Too many requests; see `Retry-After`.")(func)
            func.required_role = role
            return func

        return decorator

    def public(self, func):
        """An operation anyone may call, with or without a key, whatever PUBLIC_READ says."""
        func = self.doc(security=[{}])(func)
        func.required_role = PUBLIC
        return func


class CrossFieldRulesPlugin(BasePlugin):
    """Writes the rules across fields that a schema's `Meta.openapi_rules(partial)` returns
    (`oneOf`, `anyOf`, `not` over `required`: which fields go together) into its component, so
    the document states what its `@validates_schema` checks."""

    def schema_helper(self, name, definition, **kwargs):  # type: ignore[no-untyped-def]
        schema = kwargs.get("schema")
        rules = getattr(getattr(schema, "Meta", None), "openapi_rules", None)
        return rules(resolve_schema_instance(schema).partial) if rules else None


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def __init__(self, app=None) -> None:
        plugin = MarshmallowPlugin(schema_name_resolver=schema_name)
        from api.idempotency import IdempotencyKeyPlugin

        super().__init__(spec_kwargs={"marshmallow_plugin": plugin,
                                      "extra_plugins": [IdempotencyKeyPlugin(),
                                                        CrossFieldRulesPlugin()]})
        self.register_converter(
            IdConverter, lambda _converter: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
        if app is not None:
            self.init_app(app)
            self.spec.components.security_scheme("bearerAuth", BEARER_AUTH)

    def handle_http_exception(self, error: HTTPException):  # type: ignore[override]
        return from_http_exception(error)

    def _register_pagination_header(self) -> None:
        """Nothing to register: lists page by cursor (services.pagination) with a Link header,
        not with flask-smorest's page numbers and X-Pagination."""

    def _register_responses(self) -> None:
        # As flask-smorest does, but error responses are documented as application/problem+json
        # (success responses keep application/json).
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


# The header every paginated list answers with, for the OpenAPI document.
LINK_HEADER = {"Link": {"description": 'The next page: `<url>; rel="next"`, absent on the last page.',
                        "schema": {"type": "string"}}}


ETAG_HEADER = {"ETag": {"description": "The representation's version; send it back in "
                                       "`If-None-Match` (304) or `If-Match` (412 when stale).",
                        "schema": {"type": "string"}}}


def problem_response(blp, status: int, description: str):
    """Document an error answer of one operation, as problem+json."""
    return blp.alt_response(status, schema=ProblemSchema, content_type=PROBLEM_JSON,
                            description=description)


def link(method: str, path: str, description: str, **parameters: str) -> dict:
    """An OpenAPI link from an answer to the operation at `method` `path`, its parameters taken
    from the answer (`"$response.body#/id"`): it tells clients what they can do next, and lets
    schemathesis's stateful tests chain the calls."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {"operationRef": f"#/paths/{pointer}/{method.lower()}", "parameters": parameters,
            "description": description}
