"""The whole path on the demo press: HTTP crawl -> extract -> SQLite -> reader pages."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nashra.demo import DemoPress, ExpectedArticle
from nashra.fetch import Fetcher
from nashra.pipeline import CrawlSummary, crawl_once
from nashra.settings import Settings
from nashra.store import Store
from nashra.web import create_app
from tests.conftest import empty_postgres_schema

BASE_DATE = date(2020, 7, 17)  # the week of «22 - 07 - 2020», the example of DESIGN.md
LATER = datetime(2100, 1, 1, tzinfo=UTC)  # when every feed is due again


@dataclass
class DemoRun:
    store: Store
    settings: Settings
    expected: list[ExpectedArticle]
    first: CrawlSummary
    second: CrawlSummary
    count_after_first: int
    names: dict[str, str]


def settings_for(tmp: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp / 'demo.db'}",
        data_dir=tmp,
        secret_key="k" * 32,
        allow_private_hosts=True,
        per_host_delay=0.0,
    )


async def crawl_demo(settings: Settings, *, faults: bool = False) -> DemoRun:
    store = Store.open(settings.database_url)
    async with DemoPress(base_date=BASE_DATE, faults=faults) as press, Fetcher(settings) as fetcher:
        for paper in press.papers:
            store.upsert_source(paper.to_source())
        first = await crawl_once(store, fetcher, settings)
        count = store.count_articles()
        second = await crawl_once(store, fetcher, settings, now=LATER)
        return DemoRun(
            store,
            settings,
            press.expected_articles(),
            first,
            second,
            count,
            {paper.slug: paper.name for paper in press.papers},
        )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    return asyncio.run(crawl_demo(settings_for(tmp_path_factory.mktemp("demo"))))


@pytest.fixture(scope="module")
def reader(demo_run: DemoRun) -> TestClient:
    return TestClient(create_app(demo_run.store, demo_run.settings))


def test_every_demo_article_is_stored_once_with_no_error(demo_run: DemoRun) -> None:
    assert demo_run.first.errors == 0, demo_run.first.error_codes
    assert demo_run.count_after_first == len(demo_run.expected)
    assert demo_run.count_after_first >= 70
    stored = {source.slug: count for source, count in demo_run.store.list_sources()}
    for slug in demo_run.names:
        assert stored[slug] == sum(1 for e in demo_run.expected if e.paper == slug), slug


def test_a_second_crawl_duplicates_nothing(demo_run: DemoRun) -> None:
    assert demo_run.second.feeds_checked == len(demo_run.names)
    assert demo_run.second.articles_new == 0
    assert demo_run.store.count_articles() == demo_run.count_after_first


def test_stored_articles_match_what_the_papers_published(demo_run: DemoRun) -> None:
    articles, _ = demo_run.store.list_articles(limit=100)
    by_title = {(a.source.slug, a.title): a for a in articles}
    for expected in demo_run.expected:
        article = by_title[(expected.paper, expected.title)]
        assert article.published_text == expected.published_text, expected.url
        assert article.published_at is not None
        published_day = article.published_at.astimezone(expected.published_at.tzinfo).date()
        assert published_day == expected.published_at.date(), expected.url


def test_home_page_ticker_links_at_least_30_headlines(reader: TestClient) -> None:
    html = reader.get("/").text
    ticker = html.split('class="ticker-list"')[1].split("</ul>")[0]
    assert len(set(re.findall(r'href="/article/(\d+)"', ticker))) >= 30


def test_every_article_page_has_the_published_line_and_the_original_link(
    demo_run: DemoRun, reader: TestClient
) -> None:
    articles, _ = demo_run.store.list_articles(limit=100)
    assert len(articles) == demo_run.count_after_first
    for article in articles:
        html = reader.get(f"/article/{article.id}").text
        name = demo_run.names[article.source.slug]
        line = f'نشر في <a href="/paper/{article.source.slug}">{name}</a> يوم <bdi>'
        assert line + f"{article.published_text}</bdi>" in html, article.url
        assert f'<a href="{article.url}"' in html
        assert "انقر هنا لقراءة الخبر من مصدره" in html
        assert article.url.startswith("http://127.0.0.1")


def test_faults_are_recorded_against_their_source_and_the_run_goes_on(tmp_path: Path) -> None:
    run = asyncio.run(crawl_demo(settings_for(tmp_path), faults=True))
    failures = {(f.source_slug, f.code) for f in run.store.url_failures()}
    assert ("al-massar", "fetch.bad_content_type") in failures
    assert ("al-massar", "extract.no_date") in failures
    [er_raed] = [source for source, _ in run.store.list_sources() if source.slug == "er-raed"]
    broken = [feed for feed in er_raed.feeds if feed.url.endswith("/feed-broken.xml")]
    assert broken[0].health.last_error_code == "feed.parse"
    assert run.count_after_first == len(run.expected)


def test_the_same_crawl_runs_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    empty_postgres_schema(postgres_url)
    settings = replace(settings_for(tmp_path), database_url=postgres_url)
    run = asyncio.run(crawl_demo(settings))
    assert run.first.errors == 0, run.first.error_codes
    assert run.count_after_first == len(run.expected)
    assert run.second.articles_new == 0
    reader = TestClient(create_app(run.store, settings))
    assert reader.get("/").text.count('href="/article/') >= 30
    article = run.store.list_articles(limit=1)[0][0]
    assert f"<bdi>{article.published_text}</bdi>" in reader.get(f"/article/{article.id}").text
    run.store.close()
