"""/v1/sources: where claims were said or reported."""

from flask.views import MethodView

from api.errors import resource_path
from api.etags import check_if_match, etag_header, etag_of
from api.openapi import ETAG_HEADER, LINK_HEADER, Blueprint, problem_response
from api.pagination import next_link
from api.transaction import db_session
from schemas.sources import SourceInSchema, SourceListSchema, SourceQueryArgsSchema, SourceSchema
from services import sources
from services.access import Role

blp = Blueprint("sources", __name__, url_prefix="/v1/sources",
                description="Sources: the article, broadcast or post a claim comes from.")


@blp.route("")
class Sources(MethodView):
    @blp.requires(Role.reader)
    @blp.arguments(SourceQueryArgsSchema, location="query")
    @blp.response(200, SourceListSchema, headers=LINK_HEADER)
    def get(self, args):
        """List sources, newest first"""
        page = sources.list_sources(db_session(), outlet=args.get("outlet"),
                                    cursor=args.get("cursor"), limit=args["limit"])
        return page, 200, next_link(page)

    @blp.requires(Role.editor)
    @blp.arguments(SourceInSchema)
    @blp.response(201, SourceSchema, headers=ETAG_HEADER)
    @problem_response(blp, 409, "A source with this url exists; `Location` names it.")
    def post(self, data):
        """Add a source (a url or an outlet is required)"""
        source = sources.create_source(db_session(), data)
        return source, 201, {"Location": resource_path("source", source.id), **etag_header(etag_of(source))}


@blp.route("/<id:source_id>")
class SourceItem(MethodView):
    @blp.requires(Role.reader)
    @blp.response(200, SourceSchema, headers=ETAG_HEADER)
    def get(self, source_id):
        """Read a source"""
        source = sources.get_source(db_session(), source_id)
        return source, 200, etag_header(etag_of(source))

    @blp.requires(Role.editor)
    @blp.arguments(SourceInSchema(partial=("url", "outlet")))
    @blp.response(200, SourceSchema, headers=ETAG_HEADER)
    @problem_response(blp, 409, "Another source has this url; `Location` names it.")
    @problem_response(blp, 412, "`If-Match` names an old version.")
    def patch(self, data, source_id):
        """Edit a source"""
        session = db_session()
        source = sources.get_source(session, source_id, for_update=True)
        check_if_match(etag_of(source))
        sources.update_source(session, source, data)
        return source, 200, etag_header(etag_of(source))
