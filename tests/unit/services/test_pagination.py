"""services.pagination: cursors are opaque, round-trip, and refuse what we did not issue."""

import pytest

from services.errors import RuleViolation
from services.pagination import decode_cursor, encode_cursor


def test_cursor_round_trips():
    token = encode_cursor(["2025-05-03", 42])
    assert "=" not in token
    assert decode_cursor(token, 2) == ["2025-05-03", 42]


@pytest.mark.parametrize("token", ["", "***", "bm90IGpzb24", encode_cursor([1]),
                                   encode_cursor({"a": 1})])
def test_foreign_cursors_are_refused(token):
    with pytest.raises(RuleViolation) as caught:
        decode_cursor(token, 2)
    assert "cursor" in caught.value.errors
