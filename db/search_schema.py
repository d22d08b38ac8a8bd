"""The parts of the search index that SQLAlchemy models cannot describe: SQLite's FTS5 table and
its triggers, PostgreSQL's GIN index. Migrations create them; autogenerate leaves them alone."""


FTS_TABLE = "claim_search_fts"
GIN_INDEX = "ix_claim_search_vector"

SQLITE_CREATE = [
    # The `ascii` tokenizer splits on ASCII spaces and punctuation only, and keeps every other
    # character: so each token of the Python analyzer (letters and digits, space-separated) is
    # exactly one FTS5 token. (unicode61 knows only Unicode 6.1 and would split newer letters.)
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        document, content='claim_search', content_rowid='claim_id', tokenize='ascii')""",
    f"""CREATE TRIGGER claim_search_ai AFTER INSERT ON claim_search BEGIN
        INSERT INTO {FTS_TABLE}(rowid, document) VALUES (new.claim_id, new.document);
    END""",
    f"""CREATE TRIGGER claim_search_ad AFTER DELETE ON claim_search BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, document)
        VALUES ('delete', old.claim_id, old.document);
    END""",
    f"""CREATE TRIGGER claim_search_au AFTER UPDATE ON claim_search BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, document)
        VALUES ('delete', old.claim_id, old.document);
        INSERT INTO {FTS_TABLE}(rowid, document) VALUES (new.claim_id, new.document);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claim_search_au",
    "DROP TRIGGER IF EXISTS claim_search_ad",
    "DROP TRIGGER IF EXISTS claim_search_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRESQL_CREATE = [f"CREATE INDEX {GIN_INDEX} ON claim_search USING gin (vector)"]
POSTGRESQL_DROP = [f"DROP INDEX IF EXISTS {GIN_INDEX}"]


def tsvector_literal(tokens: list[str], gaps: frozenset[str] = frozenset()) -> str:
    """The tokens as a tsvector literal with their positions, cast by PostgreSQL with no parser
    or dictionary in between, so it holds exactly the analyzer's tokens. Tokens in `gaps` are
    left out but keep their position: a phrase cannot run across them."""
    positions: dict[str, list[str]] = {}
    for position, token in enumerate(tokens, start=1):
        if token not in gaps:
            spots = positions.get(token)
            if spots is None:
                positions[token] = [str(position)]
            else:
                spots.append(str(position))
    return " ".join(
        f"'{_escaped(token)}':{','.join(spots)}" for token, spots in positions.items())


def _escaped(token: str) -> str:
    if "'" in token or "\\" in token:
        return token.replace("\\", "\\\\").replace("'", "''")
    return token


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic's autogenerate: skip the FTS5 table (and its shadow tables) and the GIN index,
    which the models do not describe."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == GIN_INDEX)
