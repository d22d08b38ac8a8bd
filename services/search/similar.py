"""Similar claims: "has this been said, or checked, before?"

Nearness is the Dice coefficient of character bigrams of the two texts, taken after NFKC, case
folding and removing everything but letters and digits, so that Korean spacing and most particle
variants barely move it ("회복과 완전히" ~ "회복과완전히" ~ "회복을 완전히").

Candidates come from the search index, so the work stays bounded at any table size:
- the newest NEAR_DUPLICATES claims that hold all of this claim's words (near-duplicates);
- the newest CANDIDATES claims that share any of up to MAX_TOKENS of its words.
Retracted claims have no search document, so they are never candidates.
Their texts come with them, and nearness is computed here; only the answered claims are loaded
whole.
"""

from collections.abc import Iterator

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from db.models import Claim, ClaimSearch
from services.presented import Presented
from services.search.analyzer import BOUNDARY, normalise, tokens
from services.search.engine import matching_ids
from services.search.query import Clause, SearchQuery

CANDIDATES = 500
NEAR_DUPLICATES = 2000
MAX_TOKENS = 24
MIN_SCORE = 0.2


def bigrams(text: str) -> set[str]:
    squeezed = "".join(char for char in normalise(text) if char.isalnum())
    if len(squeezed) < 2:
        return {squeezed} if squeezed else set()
    return {squeezed[i:i + 2] for i in range(len(squeezed) - 1)}


def nearness(a: set[str], b: set[str]) -> float:
    return round(2 * len(a & b) / (len(a) + len(b)), 6) if a and b else 0.0


def similar_claims(session: Session, claim: Claim, *, limit: int = 10) -> list[Presented]:
    """Other live claims near this one, nearest first (ties: newest first)."""
    document = session.get(ClaimSearch, claim.id)
    if document is None:
        return []
    words = [token for token in dict.fromkeys(document.document.split(" ")) if token != BOUNDARY]
    words = _text_tokens(words, claim.text)[:MAX_TOKENS]
    if not words:
        return []
    everything = SearchQuery(tuple(Clause(((w,),)) for w in words), tuple(words))
    anything = SearchQuery((Clause(tuple((w,) for w in words)),), tuple(words))
    candidates = dict(_matching_texts(session, everything, claim.id, limit=NEAR_DUPLICATES))
    candidates.update(_matching_texts(session, anything, claim.id, limit=CANDIDATES))
    target = bigrams(claim.text)
    scored = []
    for other_id, other_text in candidates.items():
        value = nearness(target, bigrams(other_text))
        if value >= MIN_SCORE:
            scored.append((value, other_id))
    best = sorted(scored, reverse=True)[:limit]
    by_id = {c.id: c for c in session.scalars(
        select(Claim).where(Claim.id.in_([claim_id for _, claim_id in best]))).unique()}
    return [Presented(by_id[claim_id], score=value) for value, claim_id in best]


def _text_tokens(document_tokens: list[str], text: str) -> list[str]:
    """The document's tokens that come from the claim's own words (not its speaker or context),
    in order of first appearance."""
    own = set(tokens(text))
    return [token for token in document_tokens if token in own]


def _matching_texts(session: Session, query: SearchQuery, exclude: int,
                    limit: int) -> Iterator[Row[tuple[int, str]]]:
    ids = matching_ids(session, query, newest=limit + 1)  # one more, for the claim itself
    yield from session.execute(
        select(Claim.id, Claim.text).where(Claim.id.in_(ids), Claim.id != exclude))
