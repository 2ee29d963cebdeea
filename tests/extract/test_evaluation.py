"""The scoring rules shared by the quality gate and the benchmark."""

from __future__ import annotations

import pytest

from nashra.extract.evaluation import Extraction, GoldPage, Scores, token_scores


def _page(**fields: object) -> GoldPage:
    return GoldPage(set="t", id="p1", url="https://x.dz/1", html=b"", **fields)  # type: ignore[arg-type]


def test_snippets_compare_after_collapsing_whitespace_and_nbsp() -> None:
    scores = Scores()
    scores.add(
        _page(with_=("deux  mots",), without=("menu",)),
        Extraction(title=None, body="avant deux\u00a0mots après", date=None),
    )
    assert scores.snippet_prf == (1.0, 1.0, 1.0)


def test_without_snippet_found_is_a_false_positive() -> None:
    scores = Scores()
    scores.add(_page(with_=("a",), without=("menu",)), Extraction(None, "a menu", None))
    assert scores.snippet_prf == (0.5, 1.0, pytest.approx(2 / 3))


def test_token_scores_count_repeated_tokens_as_a_multiset() -> None:
    assert token_scores("a a b", "a b b") == (pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_empty_extraction_scores_zero() -> None:
    assert token_scores("", "a b") == (0.0, 0.0)


def test_title_must_match_exactly_and_variants_count_apart() -> None:
    scores = Scores()
    scores.add(
        _page(title="عنوان", title_alt=("عنوان - الموقع",)), Extraction("عنوان - الموقع", "", None)
    )
    assert (scores.title_accuracy, scores.titles_acceptable) == (0.0, 1)


def test_failed_page_counts_as_an_empty_extraction() -> None:
    scores = Scores()
    scores.add(_page(with_=("a",), date="2020-07-22"), None)
    assert (scores.failures, scores.tp, scores.fn, scores.date_accuracy) == (1, 0, 1, 0.0)
