"""Health probes, the OpenAPI document and the offline interactive docs."""

import re
from http import HTTPStatus

import jsonschema_rs

from api import create_app


def test_probes_answer_ok_when_the_database_answers(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ok"}


def test_readyz_is_503_when_the_database_does_not_answer(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/x.db", "LOG_LEVEL": "CRITICAL"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert app.test_client().get("/healthz").status_code == 200


def test_openapi_document_is_3_1_and_documents_problem_errors(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    paths = spec["paths"]
    for path in ("/v1/claims", "/v1/claims/{claim_id}", "/v1/claims/{claim_id}/annotations",
                 "/v1/speakers", "/v1/speakers/{speaker_id}", "/v1/speakers/{speaker_id}/claims",
                 "/v1/sources", "/v1/sources/{source_id}", "/v1/statuses", "/healthz", "/readyz"):
        assert path in paths, path
    unprocessable = spec["components"]["responses"][HTTPStatus(422).name]
    assert list(unprocessable["content"]) == ["application/problem+json"]
    create = paths["/v1/claims"]["post"]
    assert create["summary"]
    assert "application/problem+json" in create["responses"]["409"]["content"]
    problem = spec["components"]["schemas"]["Problem"]
    assert problem["additionalProperties"] is True  # 409/410/412 carry extension members
    assert {"location", "retraction_reason", "current_etag"} <= set(problem["properties"])
    claim_id = paths["/v1/claims/{claim_id}"]["parameters"][0]["schema"]
    assert claim_id == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    assert "Link" in paths["/v1/claims"]["get"]["responses"]["200"]["headers"]
    assert "ETag" in paths["/v1/claims/{claim_id}"]["get"]["responses"]["200"]["headers"]
    assert "PaginationMetadata" not in spec["components"]["schemas"]  # we page by cursor
    claim_in = spec["components"]["schemas"]["ClaimIn"]
    assert set(claim_in["required"]) == {"text", "said_on"}
    assert "required" not in spec["components"]["schemas"]["ClaimInPatch"]


def test_every_link_in_the_openapi_document_names_an_operation_and_its_path_parameters(client):
    # Links were added for the fuzz tests' stateful chains (tests/fuzz): a claim just made leads
    # to reading, annotating and listing its annotations.
    spec = client.get("/openapi.json").get_json()
    links = [link for path in spec["paths"].values() for operation in path.values()
             if isinstance(operation, dict)
             for response in operation.get("responses", {}).values()
             for link in response.get("links", {}).values()]
    assert len(links) >= 9
    for link in links:
        pointer, method = link["operationRef"].removeprefix("#/paths/").rsplit("/", 1)
        path = pointer.replace("~1", "/").replace("~0", "~")
        assert method in spec["paths"][path], link
        assert set(link["parameters"]) == set(re.findall(r"{(\w+)}", path)), link


def test_every_pattern_in_the_openapi_document_is_an_ecma_262_regex(client):
    # Found by the fuzz tests (tests/fuzz): Python's `\Z` in two patterns, which JSON Schema's
    # dialect does not have (a JavaScript client read it as a literal "Z").
    components = client.get("/openapi.json").get_json()["components"]
    for name in components["schemas"]:
        # Building a validator checks every pattern; an invalid one raises.
        jsonschema_rs.validator_for({"$ref": f"#/components/schemas/{name}",
                                     "components": components})


def test_docs_are_served_from_the_installed_package_with_no_external_assets(client):
    page = client.get("/docs/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/openapi.json" in html
    assert '"validatorUrl": null' in html  # no call out to validator.swagger.io
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(asset.startswith("/docs/") for asset in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
