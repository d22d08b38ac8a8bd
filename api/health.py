"""/healthz (the process is up) and /readyz (the database answers)."""

from flask.views import MethodView
from marshmallow import Schema, fields

from api.errors import problem
from api.openapi import Blueprint, problem_response
from api.transaction import db_session
from db.engine import database_answers

blp = Blueprint("health", __name__, description="Liveness and readiness probes.")


class HealthSchema(Schema):
    status = fields.String()


@blp.route("/healthz")
class Health(MethodView):
    @blp.public
    @blp.response(200, HealthSchema)
    def get(self):
        """The process is up"""
        return {"status": "ok"}


@blp.route("/readyz")
class Ready(MethodView):
    @blp.public
    @blp.response(200, HealthSchema)
    @problem_response(blp, 503, "The database does not answer.")
    def get(self):
        """The database answers a query"""
        if not database_answers(db_session()):
            return problem(503, title="Service Unavailable", detail="The database does not answer.",
                           headers={"Retry-After": "5"})
        return {"status": "ok"}
