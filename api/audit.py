"""/v1/audit: who wrote what, when, for admins. Append-only."""

from flask.views import MethodView

from api.openapi import LINK_HEADER, Blueprint
from api.pagination import next_link
from api.transaction import db_session
from schemas.audit import AuditListSchema, AuditQueryArgsSchema
from services import audit
from services.access import Role

blp = Blueprint("audit", __name__, url_prefix="/v1/audit",
                description="The audit log: every write, with its actor and the changed fields.")


@blp.route("")
class AuditLog(MethodView):
    @blp.requires(Role.admin)
    @blp.arguments(AuditQueryArgsSchema, location="query")
    @blp.response(200, AuditListSchema, headers=LINK_HEADER)
    def get(self, args):
        """The log, newest first; filter by actor, key, action, target and time"""
        cursor, limit = args.pop("cursor", None), args.pop("limit")
        page = audit.list_events(db_session(), audit.AuditFilters(**args), cursor=cursor,
                                 limit=limit)
        return page, 200, next_link(page)
