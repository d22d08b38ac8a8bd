"""services.search.analyzer: the tokens both databases index and search."""

import pytest

from services.search.analyzer import BOUNDARY, document_tokens, tokens


@pytest.mark.parametrize(("text", "expected"), [
    ("개발의", ["개발", "발의"]),
    ("증류(distillation)는", ["증류", "distil", "는"]),
    ("Distilling AI로", ["distil", "ai", "로"]),
    ("ＡＩ 개발자", ["ai", "개발", "발자"]),  # full-width folds to ASCII
    ("개발 발자국", ["개발", BOUNDARY, "발자", "자국"]),  # no phrase across the space
    ("20~30%", ["20", "30"]),
    ("李 이기기", ["李", BOUNDARY, "이기", "기기"]),
    ("Companies RUNNING", ["compani", "run"]),
])
def test_tokens(text, expected):
    assert tokens(text) == expected


def test_the_boundary_letter_in_input_is_ignored():
    assert BOUNDARY not in tokens(f"a{BOUNDARY}b")


def test_fields_are_kept_apart():
    assert document_tokens(["개발", None, "발자"]) == ["개발", BOUNDARY, "발자"]
