"""The store on both databases: idempotent ingest, atomic writes, pagination, feed health."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from nashra.errors import NotFoundError, QueryError
from nashra.models import Article, Block, Feed, Image, Source
from nashra.store import Store
from nashra.store.migrate import current_revision, head_revision
from nashra.store.tables import articles, images

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def make_source(slug: str = "al-massar") -> Source:
    return Source(
        slug=slug,
        name="المسار",
        name_fr="El Massar",
        homepage=f"https://{slug}.example/",
        feeds=(Feed(url=f"https://{slug}.example/rss.xml", kind="rss"),),
    )


def make_article(n: int, *, images_: tuple[Image, ...] = ()) -> Article:
    return Article(
        url=f"https://al-massar.example/article/{n}",
        canonical_url=f"https://al-massar.example/article/{n}",
        title=f"عنوان الخبر رقم {n}",
        text=f"نص الخبر رقم {n} كما نشرته الجريدة.",
        subtitle="عنوان فرعي",
        highlights=("أبرز ما جاء في الخبر",),
        blocks=(Block("paragraph", text=f"نص الخبر رقم {n}"), Block("heading", text="عنوان")),
        published_at=NOW - timedelta(hours=n),
        published_text="20 - 11 - 2026",
        images=images_,
    )


def test_migrations_reach_head_and_rerun_harmlessly(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()
    store.upgrade()
    assert current_revision(store.engine) == head_revision()


def test_same_article_ingested_twice_is_stored_once(store: Store) -> None:
    source_id = store.upsert_source(make_source())
    first_id, first_new = store.ingest_article(source_id, make_article(1), fetched_at=NOW)
    again_id, again_new = store.ingest_article(source_id, make_article(1), fetched_at=NOW)
    assert (first_new, again_new) == (True, False)
    assert first_id == again_id
    assert store.count_articles() == 1


def test_same_text_under_another_url_of_the_same_paper_is_stored_once(store: Store) -> None:
    source_id = store.upsert_source(make_source())
    original = make_article(1)
    moved = Article(**{**original.__dict__, "url": original.url + "?x", "canonical_url": None})
    store.ingest_article(source_id, original, fetched_at=NOW)
    _id, created = store.ingest_article(source_id, moved, fetched_at=NOW)
    assert created is False
    assert store.count_articles() == 1


def test_upserting_a_source_twice_keeps_one_source_and_one_feed(store: Store) -> None:
    first = store.upsert_source(make_source())
    second = store.upsert_source(make_source())
    assert first == second
    [(source, count)] = store.list_sources()
    assert count == 0
    assert [feed.url for feed in source.feeds] == ["https://al-massar.example/rss.xml"]


def test_article_round_trips_with_images_in_order(store: Store) -> None:
    source_id = store.upsert_source(make_source())
    pictures = (
        Image(src="https://al-massar.example/a.jpg", caption="الصورة الأولى", width=800),
        Image(src="https://al-massar.example/b.jpg", caption="الصورة الثانية"),
    )
    article_id, _ = store.ingest_article(
        source_id, make_article(2, images_=pictures), fetched_at=NOW
    )
    stored = store.get_article(article_id)
    assert stored.title == "عنوان الخبر رقم 2"
    assert stored.source.name == "المسار"
    assert stored.highlights == ("أبرز ما جاء في الخبر",)
    assert stored.blocks[1] == {"type": "heading", "text": "عنوان"}
    assert [image.caption for image in stored.images] == ["الصورة الأولى", "الصورة الثانية"]
    assert stored.published_at == NOW - timedelta(hours=2)
    assert stored.published_at.tzinfo is not None


def test_failure_while_writing_images_leaves_no_half_written_article(store: Store) -> None:
    source_id = store.upsert_source(make_source())
    broken = make_article(3, images_=(Image(src=None),))  # type: ignore[arg-type]
    with pytest.raises(sa.exc.IntegrityError):
        store.ingest_article(source_id, broken, fetched_at=NOW)
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(articles)).scalar() == 0
        assert connection.execute(sa.select(sa.func.count()).select_from(images)).scalar() == 0
    store.ingest_article(source_id, make_article(3), fetched_at=NOW)
    assert store.count_articles() == 1


def test_list_articles_pages_newest_first_without_gaps_or_repeats(store: Store) -> None:
    source_id = store.upsert_source(make_source())
    for n in range(1, 8):
        store.ingest_article(source_id, make_article(n), fetched_at=NOW)
    seen: list[int] = []
    cursor = None
    while True:
        page, cursor = store.list_articles(cursor=cursor, limit=3)
        seen.extend(int(article.title.split()[-1]) for article in page)
        if cursor is None:
            break
    assert seen == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("cursor", ["garbage", "e30", "WyJub3QgYSBkYXRlIiwgMV0"])
def test_a_cursor_nashra_did_not_give_is_a_query_error(store: Store, cursor: str) -> None:
    with pytest.raises(QueryError) as raised:
        store.list_articles(cursor=cursor)
    assert raised.value.code == "query.cursor"


def test_feed_is_disabled_after_repeated_failures_and_keeps_its_error(store: Store) -> None:
    store.upsert_source(make_source(), now=NOW)
    [feed] = store.due_feeds(NOW)
    for _ in range(3):
        store.record_feed_failure(
            feed.id,
            now=NOW,
            code="feed.parse",
            message="not XML",
            next_check_at=NOW,
            disable_after=3,
        )
    [(source, _count)] = store.list_sources()
    health = source.feeds[0].health
    assert (health.status, health.consecutive_failures) == ("disabled", 3)
    assert (health.last_error_code, health.last_error) == ("feed.parse", "not XML")
    assert store.due_feeds(NOW) == []


def test_success_resets_failures_and_schedules_next_check(store: Store) -> None:
    store.upsert_source(make_source(), now=NOW)
    [feed] = store.due_feeds(NOW)
    store.record_feed_failure(
        feed.id, now=NOW, code="fetch.timeout", message="t", next_check_at=NOW, disable_after=5
    )
    later = NOW + timedelta(minutes=30)
    store.record_feed_success(
        feed.id, now=NOW, next_check_at=later, etag='"v1"', last_modified=None
    )
    assert store.due_feeds(NOW) == []
    [due] = store.due_feeds(later)
    assert (due.etag, due.consecutive_failures) == ('"v1"', 0)


def test_url_failures_are_counted_per_url_and_cleared_by_success(store: Store) -> None:
    source_id = store.upsert_source(make_source())
    article = make_article(4)
    for _ in range(2):
        store.record_url_failure(
            source_id, article.url, code="extract.no_date", message="no date", now=NOW
        )
    [failure] = store.url_failures()
    assert (failure.code, failure.attempts) == ("extract.no_date", 2)
    store.ingest_article(source_id, article, fetched_at=NOW)
    assert store.url_failures() == []


def test_known_urls_finds_stored_articles_by_either_url(store: Store) -> None:
    source_id = store.upsert_source(make_source())
    stored = Article(**{**make_article(5).__dict__, "url": "https://al-massar.example/a?utm=1"})
    store.ingest_article(source_id, stored, fetched_at=NOW)
    known = store.known_urls(
        ["https://al-massar.example/article/5", "https://al-massar.example/a?utm=1", "https://x/"]
    )
    assert known == {"https://al-massar.example/article/5", "https://al-massar.example/a?utm=1"}


def test_removing_an_unknown_source_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.remove_source("nope")


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    opened = Store.open(f"sqlite:///{tmp_path / 'wal.db'}")
    with opened.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    opened.close()


def test_schema_revision_constant_is_the_head_of_the_migrations() -> None:
    from nashra.store.migrate import SCHEMA_REVISION

    assert head_revision() == SCHEMA_REVISION
