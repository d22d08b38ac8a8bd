"""/v1/claims: store, list, read, edit and retract quoted claims."""

from flask import Response, current_app
from flask.views import MethodView

from api.errors import resource_path
from api.etags import check_if_match, etag_header, etag_of
from api.exports import export_response, wanted_export
from api.openapi import ETAG_HEADER, LINK_HEADER, Blueprint, link, problem_response
from api.pagination import next_link
from api.transaction import db_session
from db.models import Claim
from schemas.claims import (
    ClaimCreatedSchema,
    ClaimInSchema,
    ClaimListSchema,
    ClaimQueryArgsSchema,
    ClaimSchema,
    RetractionSchema,
    SimilarArgsSchema,
    SimilarListSchema,
    claim_json,
    claim_list_json,
)
from services import claims
from services.access import Role
from services.claims import ClaimFilters, ClaimRead
from services.import_formats import CSV, NDJSON
from services.presented import Presented
from services.search.similar import similar_claims

blp = Blueprint("claims", __name__, url_prefix="/v1/claims",
                description="Quoted claims: the verbatim words, who said them, when and where.")


_THIS_CLAIM = {"claim_id": "$response.body#/id"}
# What a client can do with the claim it has just stored (OpenAPI links).
CREATED_LINKS = {
    "GetClaim": link("GET", "/v1/claims/{claim_id}", "Read it.", **_THIS_CLAIM),
    "EditClaim": link("PATCH", "/v1/claims/{claim_id}", "Edit it.", **_THIS_CLAIM),
    "RetractClaim": link("DELETE", "/v1/claims/{claim_id}", "Retract it.", **_THIS_CLAIM),
    "Annotate": link("POST", "/v1/claims/{claim_id}/annotations", "Annotate it.", **_THIS_CLAIM),
    "ListAnnotations": link("GET", "/v1/claims/{claim_id}/annotations", "Its history.",
                            **_THIS_CLAIM),
    "SimilarClaims": link("GET", "/v1/claims/{claim_id}/similar", "Claims like it.",
                          **_THIS_CLAIM),
}


def claim_etag(claim: Claim | ClaimRead) -> str:
    # The representation embeds the speaker and source, so their versions are part of it.
    return etag_of(claim, claim.speaker, claim.source)


def list_page(args: dict):
    filters = ClaimFilters(**{k: v for k, v in args.items()
                              if k not in ("cursor", "limit", "q", "sort")})
    page = claims.list_claims(db_session(), filters, q=args.get("q"), sort=args.get("sort"),
                              cursor=args.get("cursor"), limit=args["limit"])
    return page, 200, next_link(page)


def json_answer(body: dict) -> Response:
    """`body` as the app's JSON answer, as flask-smorest would send the dump of a schema: for
    the reads whose bodies schemas.claims builds directly (claim_json), which their
    `@blp.response` schema still documents."""
    return current_app.json.response(body)


@blp.route("")
class Claims(MethodView):
    @blp.requires(Role.reader)
    # An instance, made once: given the class, webargs makes a new schema every request.
    @blp.arguments(ClaimQueryArgsSchema(), location="query")
    @blp.response(200, ClaimListSchema, headers=LINK_HEADER)
    @blp.alt_response(200, success=True, content_type=CSV, schema={"type": "string"},
                      description="`Accept: text/csv`: every matching claim, streamed (no pages).")
    @blp.alt_response(200, success=True, content_type=NDJSON, schema={"type": "string"},
                      description="`Accept: application/x-ndjson`: every matching claim, one "
                                  "per line as in `items`, streamed (no pages).")
    def get(self, args):
        """List live claims, newest `said_on` first, with filters and cursor pagination; or
        export them all, with `Accept: text/csv` or `application/x-ndjson`"""
        media_type = wanted_export()
        if media_type is not None:
            response = export_response(args, media_type)
            response.vary.add("Accept")
            return response
        page, status, headers = list_page(args)
        # One URL, three representations: caches must key on Accept too.
        return json_answer(claim_list_json(page)), status, {**headers, "Vary": "Accept"}

    @blp.requires(Role.editor)
    @blp.arguments(ClaimInSchema)
    @blp.response(201, ClaimCreatedSchema, headers=ETAG_HEADER)
    @blp.doc(responses={"201": {"links": CREATED_LINKS}})
    @problem_response(blp, 409, "The same speaker's same words on the same day exist; "
                      "`Location` names that claim.")
    def post(self, data):
        """Store a claim (status `unverified`); the answer lists up to 5 similar claims"""
        session = db_session()
        claim = claims.create_claim(session, data)
        body = Presented(claim, similar=similar_claims(session, claim, limit=5))
        return body, 201, {"Location": resource_path("claim", claim.id), **etag_header(claim_etag(claim))}


@blp.route("/<id:claim_id>")
class ClaimItem(MethodView):
    @blp.requires(Role.reader)
    @blp.response(200, ClaimSchema, headers=ETAG_HEADER)
    @blp.alt_response(304, description="Not modified (If-None-Match).")
    @problem_response(blp, 410, "Retracted; the body says when and why.")
    def get(self, claim_id):
        """Read a claim; `ETag` enables `If-None-Match`"""
        claim = claims.read_claim(db_session(), claim_id)
        return json_answer(claim_json(claim)), 200, etag_header(claim_etag(claim))

    # partial= names top-level fields only: a nested speaker or source stays a whole object.
    @blp.requires(Role.editor)
    @blp.arguments(ClaimInSchema(partial=("text", "said_on")))
    @blp.response(200, ClaimSchema, headers=ETAG_HEADER)
    @problem_response(blp, 410, "Retracted: it cannot be edited.")
    @problem_response(blp, 412, "`If-Match` names an old version.")
    def patch(self, data, claim_id):
        """Edit a claim; send `If-Match` with its ETag to avoid overwriting someone else's edit"""
        session = db_session()
        claim = claims.get_claim(session, claim_id, for_update=True)
        check_if_match(claim_etag(claim))
        claims.update_claim(session, claim, data)
        return claim, 200, etag_header(claim_etag(claim))

    @blp.requires(Role.editor)
    @blp.arguments(RetractionSchema)
    @blp.response(204)
    @problem_response(blp, 410, "Retracted already.")
    @problem_response(blp, 412, "`If-Match` names an old version.")
    def delete(self, data, claim_id):
        """Retract a claim with a reason; it leaves listings and answers 410 from then on"""
        session = db_session()
        claim = claims.get_claim(session, claim_id, for_update=True)
        check_if_match(claim_etag(claim))
        claims.retract_claim(session, claim, data["reason"])


@blp.route("/<id:claim_id>/similar")
class SimilarClaims(MethodView):
    @blp.requires(Role.reader)
    @blp.arguments(SimilarArgsSchema, location="query")
    @blp.response(200, SimilarListSchema)
    @problem_response(blp, 410, "Retracted.")
    def get(self, args, claim_id):
        """Other claims whose words are near this one's, nearest first, with their status"""
        session = db_session()
        claim = claims.get_claim(session, claim_id)
        return {"items": similar_claims(session, claim, limit=args["limit"])}
