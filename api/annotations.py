"""/v1/claims/{id}/annotations: the append-only verification history of a claim."""

from flask.views import MethodView

from api.openapi import Blueprint, problem_response
from api.transaction import db_session
from schemas.annotations import AnnotationInSchema, AnnotationListSchema, AnnotationSchema
from services import annotations
from services.access import Role

blp = Blueprint("annotations", __name__, url_prefix="/v1/claims",
                description="Verification annotations: status, rationale and evidence. "
                            "Append-only: never edited, never deleted.")


@blp.route("/<id:claim_id>/annotations")
class Annotations(MethodView):
    @blp.requires(Role.reader)
    @blp.response(200, AnnotationListSchema)
    def get(self, claim_id):
        """The claim's full annotation history, oldest first (kept after a retraction)"""
        return {"items": annotations.history(db_session(), claim_id)}

    @blp.requires(Role.annotator)
    @blp.arguments(AnnotationInSchema)
    @blp.response(201, AnnotationSchema)
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
