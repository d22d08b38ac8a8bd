"""/v1/keys: API keys, for admins. A new key is shown once, in the answer that made it."""

from flask.views import MethodView

from api.errors import resource_path
from api.openapi import LINK_HEADER, Blueprint
from api.pagination import next_link
from api.transaction import db_session
from schemas.keys import KeyCreatedSchema, KeyInSchema, KeyListSchema, KeyQueryArgsSchema, KeySchema
from services import keys
from services.access import Role

blp = Blueprint("keys", __name__, url_prefix="/v1/keys",
                description="API keys and their roles: reader, annotator, editor, admin.")


@blp.route("")
class Keys(MethodView):
    @blp.requires(Role.admin)
    @blp.arguments(KeyQueryArgsSchema, location="query")
    @blp.response(200, KeyListSchema, headers=LINK_HEADER)
    def get(self, args):
        """List keys, newest first, revoked and expired ones too (never the keys themselves)"""
        page = keys.list_keys(db_session(), cursor=args.get("cursor"), limit=args["limit"])
        return page, 200, next_link(page)

    @blp.requires(Role.admin)
    @blp.arguments(KeyInSchema)
    @blp.response(201, KeyCreatedSchema)
    def post(self, data):
        """Make a key; the answer holds it, once"""
        new = keys.create_key(db_session(), **data)
        # no-store: the key must not linger in any cache on the way.
        return keys.presented(new.key, key=new.secret), 201, {
            "Location": resource_path("key", new.key.id), "Cache-Control": "no-store"}


@blp.route("/<id:key_id>")
class KeyItem(MethodView):
    @blp.requires(Role.admin)
    @blp.response(200, KeySchema)
    def get(self, key_id):
        """Read a key's record"""
        return keys.presented(keys.get_key(db_session(), key_id))

    @blp.requires(Role.admin)
    @blp.response(204)
    def delete(self, key_id):
        """Revoke a key: it stops working at once, and its record stays"""
        session = db_session()
        keys.revoke_key(session, keys.get_key(session, key_id, for_update=True))
        return None
