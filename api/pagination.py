"""The HTTP face of cursor pagination: the `Link: rel="next"` header."""

from urllib.parse import urlencode

from flask import request

from services.pagination import Page


def next_link(page: Page) -> dict[str, str]:
    if page.next_cursor is None:
        return {}
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "cursor"]
    args.append(("cursor", page.next_cursor))
    # A relative reference (RFC 8288 allows it): right behind any proxy, with no host to guess.
    return {"Link": f'<{request.path}?{urlencode(args)}>; rel="next"'}
