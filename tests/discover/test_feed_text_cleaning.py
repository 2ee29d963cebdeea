"""clean_text: the plain text nashra keeps from feed titles and summaries."""

from __future__ import annotations

import pytest

from nashra.discover.plaintext import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, clean_text

CASES = [
    ("paragraphs become spaced text", "<p>أ</p><p>ب</p>", "أ ب"),
    ("inline tags do not split words", "كلم<b>ة</b> أخرى", "كلمة أخرى"),
    ("script and style content dropped", "<style>p{}</style><script>x()</script><p>نص</p>", "نص"),
    ("entities unescaped in markup", "<p>أ &amp; ب&nbsp;ج</p>", "أ & ب ج"),
    ("entities unescaped without markup", "أ &amp; ب &quot;ج&quot;", 'أ & ب "ج"'),
    ("less-than sign in text kept", "a < b", "a < b"),
    ("whitespace collapsed", "  أ \n\t ب  ", "أ ب"),
    (
        "bidi overrides and isolates dropped",
        "\u202aأ\u202b\u202c\u202d\u202e\u2066ب\u2067\u2068\u2069",
        "أب",
    ),
    ("zwnj and rlm kept", "می\u200cخواهم\u200f", "می\u200cخواهم\u200f"),
    ("control characters dropped", "أ\x00ب\x07ج\x9f", "أبج"),
    ("br is a space", "سطر<br>سطر", "سطر سطر"),
    ("comments dropped", "أ<!-- x -->ب", "أب"),
]


@pytest.mark.parametrize(
    ("value", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_plain_text(value: str, expected: str) -> None:
    assert clean_text(value, MAX_TITLE_CHARS) == expected


@pytest.mark.parametrize("value", ["", "   ", "<br><p></p>", "\u202e\u202c"])
def test_nothing_left_is_none(value: str) -> None:
    assert clean_text(value, MAX_TITLE_CHARS) is None


def test_cap_cuts_on_a_word_boundary() -> None:
    text = clean_text("كلمة " * 400, MAX_TITLE_CHARS)
    assert text is not None
    assert len(text) <= MAX_TITLE_CHARS
    assert text.endswith("كلمة")


def test_cap_cuts_a_text_without_spaces_at_the_limit() -> None:
    text = clean_text("x" * 20_000, MAX_SUMMARY_CHARS)
    assert text == "x" * MAX_SUMMARY_CHARS


def test_huge_markup_is_bounded_before_parsing() -> None:
    text = clean_text("<p>" + "نص " * 2_000_000 + "</p>", MAX_SUMMARY_CHARS)
    assert text is not None
    assert len(text) <= MAX_SUMMARY_CHARS
