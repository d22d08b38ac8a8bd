"""/v1/speakers: the registry of people quoted, with aliases across languages."""

from flask.views import MethodView

from api.claims import list_page
from api.etags import check_if_match, etag_header, etag_of
from api.openapi import LINK_HEADER, Blueprint, problem_response
from api.pagination import next_link
from api.transaction import db_session
from schemas.claims import ClaimFilterArgsSchema, ClaimListSchema
from schemas.speakers import (
    SpeakerInSchema,
    SpeakerListSchema,
    SpeakerQueryArgsSchema,
    SpeakerSchema,
)
from services import speakers

blp = Blueprint("speakers", __name__, url_prefix="/v1/speakers",
                description="Speakers: who said it, under every name they go by.")


def present(speaker):
    (presented,) = speakers.with_claim_counts(db_session(), [speaker])
    return presented, 200, etag_header(etag_of(speaker))


@blp.route("")
class Speakers(MethodView):
    @blp.arguments(SpeakerQueryArgsSchema, location="query")
    @blp.response(200, SpeakerListSchema, headers=LINK_HEADER)
    def get(self, args):
        """List speakers, newest first; `name` searches names and aliases"""
        session = db_session()
        page = speakers.list_speakers(session, name=args.get("name"), cursor=args.get("cursor"),
                                      limit=args["limit"])
        body = {"items": speakers.with_claim_counts(session, page.items),
                "next_cursor": page.next_cursor}
        return body, 200, next_link(page)

    @blp.arguments(SpeakerInSchema)
    @blp.response(201, SpeakerSchema)
    @problem_response(blp, 409, "Another speaker has this Wikidata id; `Location` names them.")
    def post(self, data):
        """Add a speaker"""
        speaker = speakers.create_speaker(db_session(), data)
        body, _, headers = present(speaker)
        return body, 201, {"Location": f"/v1/speakers/{speaker.id}", **headers}


@blp.route("/<id:speaker_id>")
class SpeakerItem(MethodView):
    @blp.response(200, SpeakerSchema)
    def get(self, speaker_id):
        """Read a speaker, with their claims counted by status"""
        return present(speakers.get_speaker(db_session(), speaker_id))

    @blp.arguments(SpeakerInSchema(partial=True))
    @blp.response(200, SpeakerSchema)
    @problem_response(blp, 412, "`If-Match` names an old version.")
    def patch(self, data, speaker_id):
        """Edit a speaker; `aliases`, when sent, replaces the list"""
        session = db_session()
        speaker = speakers.get_speaker(session, speaker_id)
        check_if_match(etag_of(speaker))
        return present(speakers.update_speaker(session, speaker, data))


@blp.route("/<id:speaker_id>/claims")
class SpeakerClaims(MethodView):
    @blp.arguments(ClaimFilterArgsSchema, location="query")
    @blp.response(200, ClaimListSchema)
    def get(self, args, speaker_id):
        """The speaker's live claims, with the same filters as /v1/claims"""
        speakers.get_speaker(db_session(), speaker_id)
        return list_page({**args, "speaker_id": speaker_id})
