"""services.text: the stored form of words, dedupe keys and language detection."""

import unicodedata

import pytest

from services.text import clean_text, dedupe_key, detect_language, name_key, normalise_for_dedupe


def test_clean_text_is_nfc_and_trimmed_but_otherwise_verbatim():
    raw = unicodedata.normalize("NFD", "  “증류(distillation)”는  마법 같아요. ")
    assert clean_text(raw) == "“증류(distillation)”는  마법 같아요."
    assert unicodedata.is_normalized("NFC", clean_text(raw))


@pytest.mark.parametrize(("a", "b"), [
    ("헌정질서 회복과 완전히 반대로", "“헌정질서 회복과  완전히 반대로”"),
    ("빠른 시일 내 만나자", "빠른 시일 내 만나자!"),
    ("ＡＩ로 작성", "ai로 작성"),  # full-width and case
    ("개헌 해내고…즉각 하야", "개헌 해내고... 즉각 하야"),
    ("Distillation is MAGIC", "distillation is magic"),
    ("기온이 −5도", "기온이 -5도"),  # U+2212 minus and hyphen-minus are one sign
    ("20-30%", "20 30%"),  # a range dash is punctuation
])
def test_dedupe_key_ignores_case_width_spacing_and_punctuation(a, b):
    assert dedupe_key(a) == dedupe_key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("개헌 해내고 즉각 하야", "개헌 해내고 즉각 하야 안 해"),
    ("20~30%", "20~40%"),
    ("개발자", "개발 자"),
    ("기온이 -5도", "기온이 5도"),
    ("$5 million", "€5 million"),
    ("1+1=2", "1-1=2"),
    ("성장률 2%", "성장률 2"),
    ("2.5%", "25%"),
    ("#1", "1"),
])
def test_dedupe_key_keeps_words_apart(a, b):
    assert dedupe_key(a) != dedupe_key(b)


def test_normalised_text_collapses_separators_to_single_spaces():
    assert normalise_for_dedupe(" ‘反이재명 대원칙' 아래 빅텐트 논의 ") == "反이재명 대원칙 아래 빅텐트 논의"


def test_name_key_folds_case_width_and_spacing():
    assert name_key("  Satya   NADELLA ") == name_key("satya nadella") == "satya nadella"


@pytest.mark.parametrize(("text", "language"), [
    ("요즘 우리 프로젝트 일부에서는 전체 코드의 한 20~30% 정도가 AI로 작성된 것 같아요.", "ko"),
    ("LLaMA 자체 개발을 가속화", "ko"),
    ("We expect about half of the development to be done by AI in the next year.", "en"),
    ("L'intelligence artificielle écrira la moitié du code l'année prochaine.", "fr"),
    ("人工知能がコードの半分を書くでしょう。", "ja"),
    ("2025-04-29 20~30%", "und"),
])
def test_detect_language(text, language):
    assert detect_language(text) == language


def _normalised_by_definition(value: str) -> str:
    """normalise_for_dedupe as first written: unicodedata asked for every character."""
    from services.text import _MEANINGFUL_PUNCTUATION, _SEPARATOR_CATEGORIES, _is_minus_sign
    folded = unicodedata.normalize("NFKC", value).casefold()
    out: list[str] = []
    pending_space = False
    for index, char in enumerate(folded):
        if _is_minus_sign(folded, index):
            char = "-"
        elif (unicodedata.category(char)[0] in _SEPARATOR_CATEGORIES
              and char not in _MEANINGFUL_PUNCTUATION):
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        out.append(char)
    return "".join(out)


@pytest.mark.parametrize("block", range(0, 0x110000, 0x10000), ids=lambda b: f"plane-{b >> 16}")
def test_dedupe_normalisation_learnt_per_character_is_as_by_definition(block):
    for code in range(block, block + 0x10000, 7):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        for text in (char, f"a{char}5", f" {char}1", f"{char}{char}b", f"-{char}"):
            assert normalise_for_dedupe(text) == _normalised_by_definition(text), hex(code)
