"""The query language and the fold: pure, no database."""
import pytest

from apps.search.query import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    Term,
    best_correction,
    damerau_levenshtein,
    fold,
    normalize,
    parse_query,
    words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Điện thoại Samsung", "dien thoai samsung"),
        ("ĐỒNG HỒ thông minh", "dong ho thong minh"),
        ("Ốp lưng Ưu đãi", "op lung uu dai"),
        ("Tai nghe không dây", "tai nghe khong day"),
        ("Crème brûlée", "creme brulee"),
        ("Straße Øresund", "strasse oresund"),
        ("ＩＰＨＯＮＥ", "iphone"),  # full-width letters
        ("", ""),
    ],
)
def test_fold_strips_case_and_diacritics(text, expected):
    assert fold(text) == expected


def test_words_split_on_punctuation_and_keep_alphanumerics():
    assert words("Wi-Fi 6, USB-C & iPhone15 (128GB)") == ["wi", "fi", "6", "usb", "c", "iphone15", "128gb"]
    assert normalize("  Điện   thoại!!  ") == "dien thoai"


def test_plain_terms_are_anded_and_folded():
    q = parse_query("Điện thoại SAMSUNG")
    assert q.required == ((Term(("dien",)),), (Term(("thoai",)),), (Term(("samsung",)),))
    assert q.excluded == ()
    assert q.normalized == "dien thoai samsung"
    assert q.text == "dien thoai samsung"


def test_quoted_phrase_keeps_its_words_together():
    q = parse_query('"điện thoại" samsung')
    assert q.required[0] == (Term(("dien", "thoai")),)
    assert q.required[0][0].is_phrase
    assert q.normalized == '"dien thoai" samsung'


def test_unclosed_quote_is_a_phrase_to_the_end():
    q = parse_query('samsung "galaxy s24')
    assert q.required == ((Term(("samsung",)),), (Term(("galaxy", "s24")),))


def test_exclusion_of_words_and_phrases():
    q = parse_query('laptop -gaming -"refurbished unit" -wi-fi')
    assert q.required == ((Term(("laptop",)),),)
    assert q.excluded == (Term(("gaming",)), Term(("refurbished", "unit")), Term(("wi", "fi")))
    assert q.normalized == 'laptop -gaming -"refurbished unit" -"wi fi"'


def test_or_joins_neighbouring_terms():
    q = parse_query("samsung OR apple phone")
    assert q.required == ((Term(("samsung",)), Term(("apple",))), (Term(("phone",)),))
    assert q.normalized == "samsung OR apple phone"


def test_lowercase_or_is_a_word_and_dangling_or_is_ignored():
    assert parse_query("black or white").required == (
        (Term(("black",)),), (Term(("or",)),), (Term(("white",)),))
    assert parse_query("OR samsung OR").required == ((Term(("samsung",)),),)


def test_only_exclusions_is_an_empty_search():
    q = parse_query("-gaming")
    assert q.is_empty
    assert q.excluded == (Term(("gaming",)),)


@pytest.mark.parametrize("junk", ["", "   ", "!!!???", '""', "-", "- - -", "OR OR", "\x00\x00", None, "'; DROP TABLE x;--"])
def test_junk_gives_an_empty_or_harmless_query(junk):
    q = parse_query(junk)
    assert all(w.isalnum() for w in q.positive_words)
    if junk != "'; DROP TABLE x;--":
        assert q.is_empty


def test_sql_looking_input_is_just_words():
    assert parse_query("'; DROP TABLE x;--").text == "drop table x"


def test_very_long_input_is_capped():
    q = parse_query("samsung " * 1000)
    assert len(q.raw) <= MAX_QUERY_LENGTH
    assert q.required == ((Term(("samsung",)),),)  # duplicates collapse

    many = parse_query(" ".join(f"w{i}" for i in range(100)))
    assert len(many.required) == MAX_TERMS
    assert many.truncated

    long_word = parse_query("a" * 150)
    assert len(long_word.positive_words[0]) < 150


def test_contradiction_keeps_the_required_term():
    q = parse_query("case -case")
    assert q.required == ((Term(("case",)),),)
    assert q.excluded == ()


def test_words_replaced_for_spelling_correction():
    q = parse_query("iphnoe -case").with_words_replaced({"iphnoe": "iphone"})
    assert q.normalized == "iphone -case"


def test_damerau_levenshtein_counts_a_transposition_once():
    assert damerau_levenshtein("iphnoe", "iphone") == 1
    assert damerau_levenshtein("samsnug", "samsung") == 1
    assert damerau_levenshtein("laptop", "laptop") == 0
    assert damerau_levenshtein("kitten", "sitting") == 3
    assert damerau_levenshtein("a", "abcdefgh", limit=2) == 3


def test_best_correction_respects_the_typo_budget():
    vocabulary = ["iphone", "ipad", "samsung", "sony", "laptop"]
    assert best_correction("iphnoe", vocabulary) == "iphone"
    assert best_correction("samsnug", vocabulary) == "samsung"
    assert best_correction("iphone", vocabulary) is None  # known word
    assert best_correction("son", vocabulary) is None  # too short to guess
    assert best_correction("xyzzyq", vocabulary) is None
    assert best_correction("2024", ["2023"]) is None  # numbers are never "corrected"
