"""/v1/speakers: the registry of people quoted, with aliases across languages."""

import zlib

from flask.views import MethodView

from api.claims import list_page
from api.errors import resource_path
from api.etags import check_if_match, etag_header, etag_of
from api.openapi import ETAG_HEADER, LINK_HEADER, Blueprint, problem_response
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
from services.access import Role
from services.presented import Presented

blp = Blueprint("speakers", __name__, url_prefix="/v1/speakers",
                description="Speakers: who said it, under every name they go by.")


def counted(speaker) -> Presented:
    (presented,) = speakers.with_claim_counts(db_session(), [speaker])
    return presented


def speaker_etag(presented: Presented) -> str:
    # The body carries claim counts, which move without the speaker row changing.
    counts = ",".join(f"{code}={n}" for code, n in sorted(presented.claim_counts.items()))
    return f"{etag_of(presented.row)}-{zlib.crc32(counts.encode()):08x}"


@blp.route("")
class Speakers(MethodView):
    @blp.requires(Role.reader)
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

    @blp.requires(Role.editor)
    @blp.arguments(SpeakerInSchema)
    @blp.response(201, SpeakerSchema, headers=ETAG_HEADER)
    @problem_response(blp, 409, "Another speaker has this Wikidata id; `Location` names them.")
    def post(self, data):
        """Add a speaker"""
        presented = counted(speakers.create_speaker(db_session(), data))
        headers = {"Location": resource_path("speaker", presented.id),
                   **etag_header(speaker_etag(presented))}
        return presented, 201, headers


@blp.route("/<id:speaker_id>")
class SpeakerItem(MethodView):
    @blp.requires(Role.reader)
    @blp.response(200, SpeakerSchema, headers=ETAG_HEADER)
    def get(self, speaker_id):
        """Read a speaker, with their claims counted by status"""
        presented = counted(speakers.get_speaker(db_session(), speaker_id))
        return presented, 200, etag_header(speaker_etag(presented))

    @blp.requires(Role.editor)
    @blp.arguments(SpeakerInSchema(partial=("name",)))
    @blp.response(200, SpeakerSchema, headers=ETAG_HEADER)
    @problem_response(blp, 409, "Another speaker has this Wikidata id; `Location` names them.")
    @problem_response(blp, 412, "`If-Match` names an old version.")
    def patch(self, data, speaker_id):
        """Edit a speaker; `aliases`, when sent, replaces the list"""
        speaker = speakers.get_speaker(db_session(), speaker_id, for_update=True)
        check_if_match(speaker_etag(counted(speaker)))
        presented = counted(speakers.update_speaker(db_session(), speaker, data))
        return presented, 200, etag_header(speaker_etag(presented))


@blp.route("/<id:speaker_id>/claims")
class SpeakerClaims(MethodView):
    @blp.requires(Role.reader)
    @blp.arguments(ClaimFilterArgsSchema, location="query")
    @blp.response(200, ClaimListSchema, headers=LINK_HEADER)
    def get(self, args, speaker_id):
        """The speaker's live claims, with the same filters as /v1/claims"""
        speakers.get_speaker(db_session(), speaker_id)
        return list_page({**args, "speaker_id": speaker_id})
