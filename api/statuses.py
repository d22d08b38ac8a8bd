"""/v1/statuses: the rating scale annotations choose from."""

from flask.views import MethodView

from api.errors import resource_path
from api.openapi import Blueprint, problem_response
from api.transaction import db_session
from schemas.statuses import StatusInSchema, StatusSchema
from services import statuses
from services.access import Role

blp = Blueprint("statuses", __name__, url_prefix="/v1/statuses",
                description="The status vocabulary: pending states and verdicts.")


@blp.route("")
class Statuses(MethodView):
    @blp.requires(Role.reader)
    @blp.response(200, StatusSchema(many=True))
    def get(self):
        """The whole scale: pending statuses first, then verdicts from worst to best"""
        return statuses.list_statuses(db_session())

    @blp.requires(Role.admin)
    @blp.arguments(StatusInSchema)
    @blp.response(201, StatusSchema)
    @problem_response(blp, 409, "The code exists.")
    def post(self, data):
        """Add a newsroom's own status"""
        status = statuses.create_status(db_session(), **data)
        return status, 201, {"Location": resource_path("status", status.code)}


@blp.route("/<string:code>")
class StatusItem(MethodView):
    @blp.requires(Role.reader)
    @blp.response(200, StatusSchema)
    def get(self, code):
        """Read one status"""
        return statuses.get_status(db_session(), code)
