"""The search query language, and its translation for SQLite FTS5 and PostgreSQL tsquery.

    개발 AI            both words (AND)
    "헌정질서 회복"     the phrase
    -트럼프            without this word (or -"a phrase")
    증류 OR distilling  either

A word becomes the phrase of its tokens (see analyzer), so `개발의` must appear as written while
`개발` matches inside `개발의`.
"""

import re
from dataclasses import dataclass

from services.errors import RuleViolation
from services.search.analyzer import GAPS, tokens

MAX_QUERY_LENGTH = 500
MAX_TERMS = 20

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Clause:
    """Alternatives (OR) of phrases; a negated clause excludes its one phrase."""

    phrases: tuple[Phrase, ...]
    negated: bool = False


@dataclass(frozen=True)
class SearchQuery:
    clauses: tuple[Clause, ...]
    words: tuple[str, ...]  # the raw positive words and phrases, for highlighting

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)


_PART = re.compile(r'(-?)"([^"]*)"|(\S+)')


def invalid(message: str) -> RuleViolation:
    return RuleViolation(f"The search query cannot be used: {message}", errors={"q": [message]},
                         slug="invalid-query")


def parse(q: str) -> SearchQuery:
    if len(q) > MAX_QUERY_LENGTH:
        raise invalid(f"it is longer than {MAX_QUERY_LENGTH} characters.")
    if q.count('"') % 2:
        raise invalid("a quotation mark is not closed.")
    groups: list[list[tuple[Phrase, bool, str]]] = []
    join_next = False
    for match in _PART.finditer(q):
        negated_quote, quoted, bare = match.groups()
        if bare == "OR":
            if not groups or join_next:
                raise invalid("OR needs a term on each side.")
            join_next = True
            continue
        if quoted is not None:
            negated, text = bool(negated_quote), quoted
        else:
            negated = bare.startswith("-") and len(bare) > 1
            text = bare[1:] if negated else bare
        phrase = tuple(tokens(text))
        if not phrase:
            if join_next:
                raise invalid("OR needs a term on each side.")
            continue  # punctuation only: nothing to look for
        term = (phrase, negated, text)
        if join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    if join_next:
        raise invalid("OR needs a term on each side.")
    if sum(len(group) for group in groups) > MAX_TERMS:
        raise invalid(f"it has more than {MAX_TERMS} terms.")
    clauses = []
    for group in groups:
        if len(group) > 1 and any(negated for _, negated, _ in group):
            raise invalid("a -excluded term cannot be part of an OR.")
        clauses.append(Clause(tuple(phrase for phrase, _, _ in group), negated=group[0][1]))
    if not any(not clause.negated for clause in clauses):
        raise invalid("it needs at least one word to look for.")
    words = tuple(text for group in groups for _, negated, text in group if not negated)
    return SearchQuery(tuple(clauses), words)


def to_fts5(query: SearchQuery) -> str:
    """An FTS5 MATCH expression. Tokens are letters and digits only, so quoting is safe."""
    def phrase(tokens_: Phrase) -> str:
        return '"' + " ".join(tokens_) + '"'

    def clause(c: Clause) -> str:
        parts = [phrase(p) for p in c.phrases]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    expression = " AND ".join(clause(c) for c in query.positive)
    for negative in query.negative:
        expression = f"({expression}) NOT {clause(negative)}"
    return expression


def to_tsquery(query: SearchQuery) -> str:
    """A tsquery literal (cast with ::tsquery, no dictionary in between)."""
    def lexeme(token: str) -> str:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    def phrase(tokens_: Phrase) -> str:
        # Boundaries are gaps in the stored tsvector (db.search_schema): `a ǂ b` is `a <2> b`.
        out, distance = [], 1
        for token in tokens_:
            if token in GAPS:
                distance += 1
                continue
            if out:
                out.append("<->" if distance == 1 else f"<{distance}>")
            out.append(lexeme(token))
            distance = 1
        return out[0] if len(out) == 1 else "(" + " ".join(out) + ")"

    def clause(c: Clause) -> str:
        parts = [phrase(p) for p in c.phrases]
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    positive = " & ".join(clause(c) for c in query.positive)
    negative = "".join(f" & !{clause(c)}" for c in query.negative)
    return positive + negative
