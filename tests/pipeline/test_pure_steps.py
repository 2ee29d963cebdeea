"""The pipeline's pure decisions: when to check a feed again, which date an article gets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nashra.models import Article
from nashra.pipeline import (
    DEFAULT_CHECK_INTERVAL,
    LISTING_DATE_CONFIDENCE,
    MAX_CHECK_INTERVAL,
    MIN_CHECK_INTERVAL,
    next_check_interval,
    settle_date,
)

NOON = datetime(2020, 7, 22, 11, 0, tzinfo=UTC)  # 12:00 in Algiers


def every(gap: timedelta, count: int = 10) -> list[datetime | None]:
    return [NOON - gap * n for n in range(count)]


def test_busy_feed_is_checked_twice_per_publication_gap() -> None:
    assert next_check_interval(every(timedelta(hours=1))) == timedelta(minutes=30)


def test_check_interval_is_bounded_both_ways() -> None:
    assert next_check_interval(every(timedelta(seconds=30))) == MIN_CHECK_INTERVAL
    assert next_check_interval(every(timedelta(days=3))) == MAX_CHECK_INTERVAL


def test_feed_without_dates_gets_the_default_interval() -> None:
    assert next_check_interval([None, None, NOON]) == DEFAULT_CHECK_INTERVAL


def test_day_only_byline_takes_the_feed_time_of_that_day() -> None:
    midnight_algiers = datetime(2020, 7, 21, 23, 0, tzinfo=UTC)
    article = Article(url="u", title="t", text="x", published_at=midnight_algiers)
    assert settle_date(article, NOON, "Africa/Algiers").published_at == NOON


def test_feed_time_of_another_day_does_not_override_the_page() -> None:
    page_day = datetime(2020, 7, 20, 23, 0, tzinfo=UTC)
    article = Article(url="u", title="t", text="x", published_at=page_day)
    assert settle_date(article, NOON, "Africa/Algiers").published_at == page_day


def test_page_time_is_kept_when_the_page_states_one() -> None:
    stated = datetime(2020, 7, 22, 8, 30, tzinfo=UTC)
    article = Article(url="u", title="t", text="x", published_at=stated)
    assert settle_date(article, NOON, "Africa/Algiers").published_at == stated


def test_undated_page_takes_the_feed_date_with_low_confidence() -> None:
    settled = settle_date(Article(url="u", title="t", text="x"), NOON, "Africa/Algiers")
    assert (settled.published_at, settled.date_confidence) == (NOON, LISTING_DATE_CONFIDENCE)
