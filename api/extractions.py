"""/v1/extractions: candidate claims, with speakers, from an article, a transcript or a headline
list; stored as unverified claims on request."""

import json

from flask import current_app, g, request
from flask.views import MethodView
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from api.openapi import Blueprint, problem_response
from api.transaction import db_session
from schemas.extractions import ExtractionInSchema, ExtractionReportSchema
from services import access
from services.access import Role
from services.extraction.korean_nlp import kiwi_available
from services.extraction.report import extract_claims

MAX_TEXT_BYTES = 1024 * 1024
# More control characters than this share of the text, and it is binary, not text.
_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
ANALYZERS = ("auto", "kiwipiepy", "rules")

blp = Blueprint("extractions", __name__, url_prefix="/v1/extractions",
                description="Claim extraction: candidate quotes and their speakers from articles, "
                            "transcripts and headline lists, in Korean and English.")


def analyzer_setting(app) -> str:  # type: ignore[no-untyped-def]
    """EXTRACTION_ANALYZER: `auto` (kiwipiepy when installed), `kiwipiepy` or `rules`."""
    return str(app.config["EXTRACTION_ANALYZER"]).lower()


@blp.record_once
def _check_setting(state) -> None:  # type: ignore[no-untyped-def]
    choice = analyzer_setting(state.app)
    if choice not in ANALYZERS:
        raise RuntimeError(f"EXTRACTION_ANALYZER={choice!r}: write one of {', '.join(ANALYZERS)}")
    if choice == "kiwipiepy" and not kiwi_available():
        raise RuntimeError("EXTRACTION_ANALYZER=kiwipiepy, but kiwipiepy is not installed: "
                           "pip install 'quotecheck[korean]'")


@blp.before_request
def refuse_what_is_not_text() -> None:
    """A body that is not UTF-8, or a text that is binary (NUL, or control characters all
    through it), is 400: there are no claims to find in it. Checked before the fields are,
    so binary is told as binary rather than as a field error."""
    if request.method != "POST" or not request.is_json:
        return
    raw = request.get_data(cache=True)
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BadRequest(f"The body is not UTF-8 (byte {error.start} cannot be read): send "
                         "the text as UTF-8 JSON.") from None
    except ValueError:
        return  # not JSON: the arguments parser answers that
    text = body.get("text") if isinstance(body, dict) else None
    if isinstance(text, str) and looks_binary(text):
        raise BadRequest("The text looks binary (NUL or control characters), not like an "
                         "article or transcript: send plain text.")


def looks_binary(text: str) -> bool:
    """NUL, or control characters in more than 1% of it: binary pasted as text."""
    if "\x00" in text:
        return True
    controls = sum(1 for char in text if (char < " " or "\x7f" <= char < "\xa0")
                   and char not in _ALLOWED_CONTROLS)
    return controls > max(8, len(text) * _CONTROL_SHARE)


@blp.route("")
class Extractions(MethodView):
    @blp.requires(Role.annotator)
    @blp.arguments(ExtractionInSchema)
    @blp.response(200, ExtractionReportSchema)
    @problem_response(blp, 400, "The body is not UTF-8, or the text is binary.")
    @problem_response(blp, 413, "The body, or the text in it, is larger than 1 MiB.")
    @problem_response(blp, 415, "Not JSON.")
    @problem_response(blp, 422, "The text is empty, or `commit` without `said_on`.")
    def post(self, data):
        """Find candidate claims, with speakers, in a text; with `commit: true` (editors), store
        them as unverified claims"""
        if data["commit"]:
            access.authorize(g.principal, Role.editor, public_read=False)
        if len(data["text"].encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
            raise RequestEntityTooLarge("The text is larger than 1 MiB: send it in parts.")
        return extract_claims(db_session(), data["text"], language=data.get("language"),
                              analyzer=analyzer_setting(current_app), commit=data["commit"],
                              said_on=data.get("said_on"), source=data.get("source"))
