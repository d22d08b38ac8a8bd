"""Entity tags from row versions: ETag on reads, If-None-Match (304) and If-Match (412)."""

from flask import request

from services.errors import PreconditionFailed


def etag_of(*versioned: object) -> str:
    """A strong ETag from the `version` of each row the representation is built from."""
    return ".".join(str(getattr(row, "version", 0) if row is not None else 0) for row in versioned)


def etag_header(etag: str) -> dict[str, str]:
    return {"ETag": f'"{etag}"'}


def check_if_match(current_etag: str) -> None:
    """A write with If-Match goes ahead only if the client saw the current version. If-Match is
    optional: without it the write is unconditional (but still atomic)."""
    if request.if_match and not request.if_match.contains(current_etag):
        raise PreconditionFailed(
            "The resource changed since you read it (If-Match is stale); GET it again and retry.",
            current_etag=f'"{current_etag}"',
        )
