"""services.search.highlight: marked, escaped snippets of the original text."""

from services.search.highlight import highlight
from services.search.query import parse


def test_marks_korean_inside_words_and_english_by_stem_escaping_the_rest():
    text = "<b>증류(distillation)</b>는 — Distilling"
    assert highlight(text, parse("증류 distilled")) == (
        "&lt;b&gt;<mark>증류</mark>(<mark>distillation</mark>)&lt;/b&gt;는 — "
        "<mark>Distilling</mark>")


def test_full_width_matches_are_marked_in_the_original_form():
    assert highlight("ＡＩ가 개발의 절반", parse("ai 개발")) == (
        "<mark>ＡＩ</mark>가 <mark>개발</mark>의 절반")


def test_long_texts_are_cut_around_the_first_match():
    text = "가" * 300 + " 증류 " + "나" * 300
    snippet = highlight(text, parse("증류"))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>증류</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 202


def test_excluded_words_are_not_marked():
    assert highlight("개발 증류", parse("개발 -증류")) == "<mark>개발</mark> 증류"


def test_half_width_kana_with_voiced_marks_are_marked_whole():
    assert highlight("ｶﾞｲﾄﾞ 읽기", parse("ガイド")) == "<mark>ｶﾞｲﾄﾞ</mark> 읽기"


def test_one_syllable_marks_only_a_one_syllable_word():
    assert highlight("개 개발", parse("개")) == "<mark>개</mark> 개발"


def test_combining_marks_stay_inside_the_mark():
    assert highlight("हिन्दी भाषा देवनागरी", parse("हिन्दी")) == "<mark>हिन्दी</mark> भाषा देवनागरी"


def test_a_giant_word_is_marked_when_searched_whole():
    word = "b" * 150
    assert highlight(f"{word} x", parse(word)) == f"<mark>{word}</mark> x"
    assert "<mark>" not in highlight(f"{word} x", parse("b" * 100))
