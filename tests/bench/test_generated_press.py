"""The benchmark's generated press, small: valid feeds and pages, and a complete crawl.

`bench/crawl.py` crawls 200 papers x 50 items; here 5 x 10 prove the same things in a few
seconds: every paper serves a feed listing all its items and every page carries its
article, and two crawls by nashra's pipeline store exactly papers x items articles, the
second one adding none.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
import httpx
import pytest
import sqlalchemy as sa
from bench.generated_press import (
    GeneratedPress,
    PressProcess,
    PressSpec,
    ServerStats,
    build_sites,
)

from nashra.fetch import Fetcher
from nashra.pipeline import MAX_CHECK_INTERVAL, CrawlSummary, crawl_once
from nashra.settings import Settings
from nashra.store import Store
from nashra.store.tables import articles

SPEC = PressSpec(papers=5, items=10)
HTTP_TIMEOUT = 10.0  # generous: only bounds a test against a hung server
MIN_PAGE_BYTES = 30 * 1024  # the page weight the press promises: a real news page's
MAX_PAGE_BYTES = 60 * 1024

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    # Module-scoped (the root conftest's is per test) so one press serves the module.
    return "asyncio"


@pytest.fixture(scope="module")
async def press(anyio_backend: str) -> AsyncIterator[GeneratedPress]:
    async with GeneratedPress(SPEC) as running:
        yield running


@pytest.fixture
async def client(anyio_backend: str) -> AsyncIterator[httpx.AsyncClient]:
    # trust_env=False: a proxy from the environment must never see loopback traffic.
    async with httpx.AsyncClient(trust_env=False, timeout=HTTP_TIMEOUT) as http:
        yield http


@dataclass
class TwoCrawls:
    first: CrawlSummary
    second: CrawlSummary
    count_after_first: int
    count_after_second: int
    stored_keys: set[str]


@pytest.fixture(scope="module")
async def two_crawls(press: GeneratedPress, tmp_path_factory: pytest.TempPathFactory) -> TwoCrawls:
    database = tmp_path_factory.mktemp("bench") / "crawl.db"
    settings = Settings(allow_private_hosts=True, per_host_delay=0.0)
    store = Store.open(f"sqlite:///{database}")
    try:
        for source in press.sources():
            store.upsert_source(source)
        async with Fetcher(settings) as fetcher:
            first = await crawl_once(store, fetcher, settings)
            count = store.count_articles()
            # Every feed is due again once its longest check interval has passed.
            later = datetime.now(UTC) + MAX_CHECK_INTERVAL * 2
            second = await crawl_once(store, fetcher, settings, now=later)
        with store.engine.connect() as connection:
            keys = set(connection.execute(sa.select(articles.c.url_key)).scalars())
        return TwoCrawls(first, second, count, store.count_articles(), keys)
    finally:
        store.close()


async def test_every_paper_serves_a_feed_listing_all_its_items(
    press: GeneratedPress, client: httpx.AsyncClient
) -> None:
    for site in press.sites:
        response = await client.get(site.feed_url)
        assert response.status_code == 200, site.feed_url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (site.feed_url, parsed.get("bozo_exception"))
        links = [entry.link.split("?", 1)[0] for entry in parsed.entries]
        assert links == site.article_urls(), site.feed_url


async def test_the_press_mixes_rss_and_atom_feeds(
    press: GeneratedPress, client: httpx.AsyncClient
) -> None:
    versions = set()
    for site in press.sites:
        versions.add(feedparser.parse((await client.get(site.feed_url)).content).version)
    assert {"rss20", "atom10"} <= versions


async def test_every_article_page_carries_its_title_and_a_news_page_weight(
    press: GeneratedPress, client: httpx.AsyncClient
) -> None:
    for site in press.sites:
        for article in site.articles:
            response = await client.get(site.url_of(article))
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/html")
            page = response.content.decode(site.plan.encoding)
            assert f'<h1 class="entry-title">{article.title}</h1>' in page
            assert MIN_PAGE_BYTES <= len(response.content) <= MAX_PAGE_BYTES


async def test_an_unknown_article_number_is_not_found(
    press: GeneratedPress, client: httpx.AsyncClient
) -> None:
    site = press.sites[0]
    article = site.articles[0]
    missing = site.url_of(article).replace(str(article.number), str(article.number + 10**6))
    assert (await client.get(missing)).status_code == 404


async def test_a_conditional_feed_answers_304_to_its_etag(
    press: GeneratedPress, client: httpx.AsyncClient
) -> None:
    site = next(site for site in press.sites if site.plan.conditional)
    first = await client.get(site.feed_url)
    again = await client.get(site.feed_url, headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304


def test_the_same_seed_gives_the_same_bytes() -> None:
    one, two = (build_sites(SPEC, 8080, ServerStats())[1] for _ in range(2))
    assert one.feed_body == two.feed_body
    assert one.article_body(one.articles[3]) == two.article_body(two.articles[3])


def test_another_seed_gives_other_articles() -> None:
    one = build_sites(SPEC, 8080, ServerStats())[1]
    other = build_sites(PressSpec(papers=5, items=10, seed=SPEC.seed + 1), 8080, ServerStats())[1]
    assert one.articles[0].title != other.articles[0].title


async def test_first_crawl_stores_every_article_of_every_paper(two_crawls: TwoCrawls) -> None:
    assert two_crawls.first.errors == 0, two_crawls.first.error_codes
    assert two_crawls.count_after_first == SPEC.papers * SPEC.items


async def test_stored_articles_are_exactly_the_served_ones(
    press: GeneratedPress, two_crawls: TwoCrawls
) -> None:
    served = {url for site in press.sites for url in site.article_urls()}
    assert two_crawls.stored_keys == served


async def test_second_crawl_stores_nothing_new(two_crawls: TwoCrawls) -> None:
    assert two_crawls.second.feeds_checked == SPEC.papers
    assert two_crawls.second.errors == 0, two_crawls.second.error_codes
    assert two_crawls.second.articles_new == 0
    assert two_crawls.count_after_second == two_crawls.count_after_first


def test_press_in_its_own_process_serves_and_reports_its_cpu() -> None:
    with PressProcess(PressSpec(papers=2, items=3)) as press:
        site = press.sites[1]
        with httpx.Client(trust_env=False, timeout=HTTP_TIMEOUT) as http:
            assert http.get(site.url_of(site.articles[0])).status_code == 200
        stats = press.close()
    assert stats.by_path_kind == {"article": 1}
    assert stats.cpu_seconds > 0
