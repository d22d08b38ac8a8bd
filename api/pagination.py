"""The HTTP face of cursor pagination: the `Link: rel="next"` header."""

from urllib.parse import urlencode

from flask import request

from services.pagination import Page


def next_link(page: Page) -> dict[str, str]:
    if page.next_cursor is None:
        return {}
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "cursor"]
    args.append(("cursor", page.next_cursor))
    return {"Link": f'<{request.base_url}?{urlencode(args)}>; rel="next"'}
