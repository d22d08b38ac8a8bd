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


def _runs_by_definition(normalised: str):
    """runs() as first written: unicodedata asked for every character."""
    import unicodedata

    from services.search.analyzer import is_cjk
    start, kind = None, False
    for index, char in enumerate(normalised):
        if start is not None and unicodedata.category(char)[0] == "M":
            continue
        if is_cjk(char):
            this = True
        elif char.isalnum():
            this = False
        else:
            if start is not None:
                yield kind, start, index
                start = None
            continue
        if start is not None and this != kind:
            yield kind, start, index
            start = None
        if start is None:
            start, kind = index, this
    if start is not None:
        yield kind, start, len(normalised)


@pytest.mark.parametrize("block", range(0, 0x110000, 0x10000), ids=lambda b: f"plane-{b >> 16}")
def test_runs_learnt_per_character_split_as_by_definition(block):
    # Every 7th code point of each plane, between letters of both kinds and after a mark
    # (the whole range was checked once, in 28 s).
    from services.search.analyzer import runs
    for code in range(block, block + 0x10000, 7):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        for text in (char, f"a{char}b", f"한{char}a", f"{char}한", f"\u0301{char}", f"a{char}\u0301"):
            assert list(runs(text)) == list(_runs_by_definition(text)), hex(code)


def test_stemming_in_many_threads_at_once_gives_what_one_thread_gives():
    # gunicorn's gthread workers analyse in several threads; a shared Snowball stemmer keeps
    # state between calls and stemmed wrongly (or raised IndexError) under that load.
    from concurrent.futures import ThreadPoolExecutor

    from services.search import analyzer
    words = [f"{stem}{ending}" for stem in ("distill", "run", "connect", "generaliz", "organiz",
                                            "nation", "happi", "adjust", "formal", "relat")
             for ending in ("ing", "ed", "ation", "ations", "ness", "ful", "ly", "ize", "izing")]
    expected = [analyzer.stem.__wrapped__(word) for word in words]

    def stem_all(_: int) -> list[str]:
        return [analyzer.stem.__wrapped__(word) for word in words * 20]
    with ThreadPoolExecutor(8) as pool:
        for result in pool.map(stem_all, range(32)):
            assert result == expected * 20
