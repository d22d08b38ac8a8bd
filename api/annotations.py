"""/v1/claims/{id}/annotations: the append-only verification history of a claim."""

from flask.views import MethodView

from api.openapi import Blueprint, link, problem_response
from api.transaction import db_session
from schemas.annotations import AnnotationInSchema, AnnotationListSchema, AnnotationSchema
from services import annotations
from services.access import Role

blp = Blueprint("annotations", __name__, url_prefix="/v1/claims",
                description="Verification annotations: status, rationale and evidence. "
                            "Append-only: never edited, never deleted.")


# Where a new annotation and its claim can be read (OpenAPI links).
_ITS_CLAIM = {"claim_id": "$response.body#/claim_id"}
CREATED_LINKS = {
    "GetAnnotation": link("GET", "/v1/claims/{claim_id}/annotations/{annotation_id}",
                          "Read it.", annotation_id="$response.body#/id", **_ITS_CLAIM),
    "ListAnnotations": link("GET", "/v1/claims/{claim_id}/annotations",
                            "The claim's history, this annotation last.", **_ITS_CLAIM),
    "GetClaim": link("GET", "/v1/claims/{claim_id}", "The claim, with its new status.",
                     **_ITS_CLAIM),
}


@blp.route("/<id:claim_id>/annotations")
class Annotations(MethodView):
    @blp.requires(Role.reader)
    @blp.response(200, AnnotationListSchema)
    def get(self, claim_id):
        """The claim's full annotation history, oldest first (kept after a retraction)"""
        return {"items": annotations.history(db_session(), claim_id)}

    @blp.requires(Role.annotator)
    # An instance, made once: given the class, webargs makes a new schema every request.
    @blp.arguments(AnnotationInSchema())
    @blp.response(201, AnnotationSchema)
    @blp.doc(responses={"201": {"links": CREATED_LINKS}})
    @problem_response(blp, 410, "The claim is retracted: its history is closed.")
    @problem_response(blp, 422, "Unknown status, or a changed verdict without a `note`.")
    def post(self, data, claim_id):
        """Annotate a claim; its status becomes this annotation's status"""
        annotation = annotations.annotate(db_session(), claim_id, data)
        location = f"/v1/claims/{claim_id}/annotations/{annotation.id}"
        return annotation, 201, {"Location": location}


@blp.route("/<id:claim_id>/annotations/<id:annotation_id>")
class AnnotationItem(MethodView):
    @blp.requires(Role.reader)
    @blp.response(200, AnnotationSchema)
    def get(self, claim_id, annotation_id):
        """Read one annotation"""
        return annotations.get_annotation(db_session(), claim_id, annotation_id)
