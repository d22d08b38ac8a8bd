"""ClaimReview JSON-LD: a claim's verdict as schema.org markup, and a feed of them."""

from flask import Response, current_app
from flask.views import MethodView

from api.errors import resource_path
from api.openapi import LINK_HEADER, Blueprint, problem_response
from api.pagination import next_link
from api.transaction import db_session
from schemas.claimreview import ClaimReviewListSchema, ClaimReviewQueryArgsSchema, ClaimReviewSchema
from services import claimreview
from services.access import Role

LD_JSON = "application/ld+json"

blp = Blueprint("claimreview", __name__,
                description="ClaimReview: verdicts as schema.org JSON-LD, for fact-check aggregators.")

claim_review_schema = ClaimReviewSchema()


def publisher() -> claimreview.Publisher:
    config = current_app.config
    base_url = config["PUBLIC_BASE_URL"].rstrip("/")
    return claimreview.Publisher(
        name=config["ORG_NAME"], url=config["ORG_URL"],
        claim_url=lambda claim_id: base_url + resource_path("claim", claim_id))


@blp.route("/v1/claims/<id:claim_id>/claimreview")
class ClaimReview(MethodView):
    @blp.requires(Role.reader)
    @blp.response(200, ClaimReviewSchema, content_type=LD_JSON)
    @problem_response(blp, 409, "The claim has no verdict (yet, or it is back in review).")
    @problem_response(blp, 410, "Retracted; the body says when and why.")
    def get(self, claim_id):
        """The claim's verdict as a schema.org ClaimReview, `application/ld+json`"""
        document = claimreview.claim_review(db_session(), claim_id, publisher())
        # Dumped here, not by @blp.response, which would answer application/json.
        response: Response = current_app.json.response(claim_review_schema.dump(document))
        response.mimetype = LD_JSON
        return response


@blp.route("/v1/claimreviews")
class ClaimReviewFeed(MethodView):
    @blp.requires(Role.reader)
    @blp.arguments(ClaimReviewQueryArgsSchema, location="query")
    @blp.response(200, ClaimReviewListSchema, headers=LINK_HEADER)
    def get(self, args):
        """ClaimReviews of claims with a verdict, latest verdict change first (JSON, items JSON-LD)"""
        page = claimreview.feed(db_session(), publisher(), since=args.get("since"),
                                cursor=args.get("cursor"), limit=args["limit"])
        return page, 200, next_link(page)
