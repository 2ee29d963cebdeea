"""The pipeline: from a source's feeds to stored articles, as plain functions.

Every way of running nashra (the embedded scheduler, `nashra crawl --once`, the demo,
and the procrastinate workers of scale-out) calls these functions; nothing else
orchestrates the steps:

    discover_feeds   a source with no working feed: <link rel=alternate>, robots.txt
                     sitemaps, common feed paths, else its home page as a section page
    check_feed       fetch one feed / sitemap / section page (conditional GET) and list
                     the article URLs not stored yet
    ingest_url       fetch one article page, extract it, store it
    crawl_once       one pass: discovery, due feeds, new articles, then feed validators

Failures are recorded where they belong (a feed's health, a URL's failure row) with
their error code; the run goes on and nothing already stored is touched.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Protocol
from zoneinfo import ZoneInfo

from nashra.discover import (
    COMMON_FEED_PATHS,
    canonicalize_url,
    find_article_links,
    find_article_targets,
    find_feed_links,
    parse_feed,
    parse_sitemap,
    sniff_document,
)
from nashra.errors import DiscoveryError, ExtractionError, FetchError, NashraError
from nashra.extract import RuleBook, extract_article, load_rules
from nashra.fetch import Fetcher, FetchResult, backoff_delay
from nashra.models import Article, Source
from nashra.settings import Settings
from nashra.store import DueFeed, Store

log = logging.getLogger(__name__)

MIN_CHECK_INTERVAL = timedelta(minutes=5)  # no paper publishes faster than readers can follow
MAX_CHECK_INTERVAL = timedelta(hours=6)  # even a quiet paper is looked at four times a day
DEFAULT_CHECK_INTERVAL = timedelta(minutes=30)  # when a feed gives no dates to learn from
MAX_NEW_URLS_PER_CHECK = 200  # a first sitemap read must not queue a paper's whole archive
MAX_CHILD_SITEMAPS = 5  # of a sitemap index, only the first (newest) few are news
MIN_ARTICLES_FOR_SECTION_FEED = 3  # a home page with fewer article links is not a listing
REDISCOVERY_INTERVAL = timedelta(days=1)  # a paper without a working feed is searched daily
DISCOVERY_ROUNDS = 2  # registered feeds, then (if they all failed) the ones found instead
# Extraction is pure Python under the GIL: more threads only contend for it (measured in
# bench/crawl.py: 119-125 pages/s with one thread, 70-108 with the default six).
EXTRACT_THREADS = 1
PAGES_IN_FLIGHT_PER_CONNECTION = 2  # one page fetching, one waiting for extraction
USER_RULES_FILE = "sites.toml"  # in DATA_DIR: the user's site rules, ahead of the bundled ones
MAX_URL_ATTEMPTS = 3  # a page that failed this often is not fetched again from listings
LISTING_DATE_CONFIDENCE = 0.5  # a feed's date for a page that states none: plausible, unchecked


class Progress(Protocol):
    """What a long crawl reports (the CLI draws it with Rich)."""

    def add_total(self, count: int) -> None: ...

    def advance(self, description: str) -> None: ...


@dataclass
class CrawlSummary:
    papers: int = 0
    feeds_checked: int = 0
    articles_new: int = 0
    articles_seen: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_codes: dict[str, int] = field(default_factory=dict)

    def count_error(self, code: str) -> None:
        self.errors += 1
        self.error_codes[code] = self.error_codes.get(code, 0) + 1

    def line(self) -> str:
        return (
            f"{self.papers} papers, {self.feeds_checked} feeds checked, "
            f"{self.articles_new} new articles, {self.errors} errors, {self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class Listed:
    """An article a listing announces: its identity (canonical URL) and where to fetch it."""

    key: str
    link: str
    published: datetime | None = None


@dataclass(frozen=True)
class FeedCheck:
    """A feed read successfully, and what it lists that is not stored yet.

    Its success (validators, next check) is recorded by `record_feed_checked` only once
    the new articles were processed: a crawler killed in between finds the feed still
    due, with its old validators, and lists the same articles again.
    """

    feed: DueFeed
    new: tuple[Listed, ...]
    next_check_at: datetime
    etag: str | None
    last_modified: str | None


def next_check_interval(entry_dates: Sequence[datetime | None]) -> timedelta:
    """How long to wait before checking a feed again, learned from its own entries.

    The median gap between consecutive entries estimates how often the paper
    publishes; we check about twice per gap, within fixed bounds.
    """
    dates = sorted({d for d in entry_dates if d is not None}, reverse=True)
    if len(dates) < 2:
        return DEFAULT_CHECK_INTERVAL
    gaps = sorted(newer - older for newer, older in itertools.pairwise(dates))
    median = gaps[len(gaps) // 2]
    half: timedelta = median / 2
    return max(MIN_CHECK_INTERVAL, min(MAX_CHECK_INTERVAL, half))


async def discover_feeds(
    store: Store, fetcher: Fetcher, source: Source, source_id: int, *, now: datetime
) -> int:
    """Find where a source announces its articles; returns how many feeds were added."""
    try:
        home = await fetcher.get(source.homepage, kind="page")
    except FetchError as error:
        log.warning("%s: home page unreachable: %s", source.slug, error)
        return 0
    found: dict[str, str] = {}
    for link, link_kind in find_feed_links(home.text(), home.url):
        found.setdefault(canonicalize_url(link), link_kind)
    if not found:
        for sitemap in await fetcher.robots_sitemaps(home.url):
            found.setdefault(canonicalize_url(sitemap), "sitemap")
    if not found:
        found.update(await _probe_common_feed_paths(fetcher, home.url))
    if not found and len(find_article_links(home.text(), home.url)) >= (
        MIN_ARTICLES_FOR_SECTION_FEED
    ):
        found[canonicalize_url(home.url)] = "section"
    for url, kind in found.items():
        store.add_feed(source_id, url, kind, now=now)
    return len(found)


async def discover_and_mark(
    store: Store, fetcher: Fetcher, source: Source, *, now: datetime
) -> None:
    if source.id is not None:
        await discover_feeds(store, fetcher, source, source.id, now=now)
        store.mark_discovered(source.id, now)


async def _probe_common_feed_paths(fetcher: Fetcher, homepage: str) -> dict[str, str]:
    for path in COMMON_FEED_PATHS:
        url = canonicalize_url(path, homepage)
        try:
            result = await fetcher.get(url, kind="feed")
        except FetchError:
            continue
        kind = sniff_document(result.content)
        if kind in ("rss", "atom", "json", "rdf"):
            return {url: "rss" if kind == "rdf" else kind}
    return {}


async def check_feed(
    store: Store, fetcher: Fetcher, settings: Settings, feed: DueFeed, *, now: datetime
) -> FeedCheck:
    """Fetch one feed and list the articles not stored yet (a failure is recorded at once)."""
    try:
        result = await fetcher.get(
            feed.url,
            etag=feed.etag,
            last_modified=feed.last_modified,
            kind="page" if feed.kind == "section" else "feed",
        )
        listed = [] if result.not_modified else await _read_listing(fetcher, feed, result)
    except NashraError as error:
        failures = feed.consecutive_failures + 1
        store.record_feed_failure(
            feed.id,
            now=now,
            code=error.code,
            message=error.message,
            next_check_at=now + timedelta(seconds=backoff_delay(failures)),
            disable_after=settings.max_feed_failures,
        )
        raise
    interval = next_check_interval([item.published for item in listed])
    if result.max_age:
        interval = max(interval, timedelta(seconds=result.max_age))
    candidates = [item.key for item in listed] + [item.link for item in listed]
    skipped = store.known_urls(candidates) | store.given_up_urls(
        candidates, attempts=MAX_URL_ATTEMPTS
    )
    fresh = {
        item.link: item for item in listed if item.key not in skipped and item.link not in skipped
    }
    return FeedCheck(
        feed,
        tuple(fresh.values())[:MAX_NEW_URLS_PER_CHECK],
        next_check_at=now + interval,
        etag=result.etag,
        last_modified=result.last_modified,
    )


def record_feed_checked(store: Store, check: FeedCheck, *, now: datetime) -> None:
    store.record_feed_success(
        check.feed.id,
        now=now,
        next_check_at=check.next_check_at,
        etag=check.etag,
        last_modified=check.last_modified,
    )


async def _read_listing(fetcher: Fetcher, feed: DueFeed, result: FetchResult) -> list[Listed]:
    if feed.kind == "section":
        return [Listed(key, link) for key, link in find_article_targets(result.text(), result.url)]
    if feed.kind == "sitemap":
        return await _read_sitemap(fetcher, result.content, result.url)
    parsed = parse_feed(result.content, result.url)
    return [Listed(entry.url, entry.link, entry.published) for entry in parsed.entries]


async def _read_sitemap(fetcher: Fetcher, content: bytes, url: str) -> list[Listed]:
    page = parse_sitemap(content, url)
    entries = list(page.urls)
    for child in page.sitemaps[:MAX_CHILD_SITEMAPS]:
        try:
            child_result = await fetcher.get(child, kind="feed")
            entries.extend(parse_sitemap(child_result.content, child_result.url).urls)
        except (FetchError, DiscoveryError) as error:
            log.info("child sitemap %s skipped: %s", child, error)
    entries.sort(key=lambda entry: entry.lastmod or datetime.min.replace(tzinfo=UTC), reverse=True)
    return [Listed(entry.url, entry.link, entry.published or entry.lastmod) for entry in entries]


def site_rules(settings: Settings) -> RuleBook:
    """The bundled site rules, after the user's own `DATA_DIR/sites.toml` when present."""
    bundled = load_rules()
    user_file = settings.data_dir / USER_RULES_FILE
    if not user_file.exists():
        return bundled
    return RuleBook(load_rules(user_file).sites + bundled.sites)


def settle_date(article: Article, listed_at: datetime | None, timezone: str) -> Article:
    """Complete the page's date with the listing's, which is often more precise.

    A byline giving only the day (`22 - 07 - 2020`) takes the time of the feed entry of
    that same day; a page with no date at all takes the feed's date, with the low
    confidence of a date the page itself does not state.
    """
    if listed_at is None:
        return article
    zone = ZoneInfo(timezone)
    if article.published_at is None:
        return replace(article, published_at=listed_at, date_confidence=LISTING_DATE_CONFIDENCE)
    local = article.published_at.astimezone(zone)
    day_only = (local.hour, local.minute, local.second) == (0, 0, 0)
    if day_only and listed_at.astimezone(zone).date() == local.date():
        return replace(article, published_at=listed_at)
    return article


async def ingest_url(
    store: Store,
    fetcher: Fetcher,
    *,
    source_id: int,
    url: str,
    timezone: str,
    now: datetime,
    listed_at: datetime | None = None,
    feed_id: int | None = None,
    rules: RuleBook | None = None,
    extractor: Executor | None = None,
) -> tuple[int, bool]:
    """Fetch, extract and store one article; returns (article id, whether new).

    An article that neither its page nor its listing dates is refused with
    `extract.no_date`: such a page is most often a listing or a static page, and the
    reader's «نشر في ... يوم ...» line needs the date.
    """
    try:
        result = await fetcher.get(url, kind="page")
        extract = partial(
            extract_article,
            result.content,
            result.url,
            timezone=timezone,
            now=now,
            content_type=result.headers.get("content-type"),
            rules=rules.for_url(result.url) if rules else None,
        )
        article = await asyncio.get_running_loop().run_in_executor(extractor, extract)
        article = settle_date(article, listed_at, timezone)
        if article.published_at is None:
            raise ExtractionError("the page gives no publication date", code="extract.no_date")
    except NashraError as error:
        store.record_url_failure(
            source_id, url, code=error.code, message=error.message, now=now, feed_id=feed_id
        )
        raise
    return await asyncio.to_thread(store.ingest_article, source_id, article, fetched_at=now)


async def crawl_once(
    store: Store,
    fetcher: Fetcher,
    settings: Settings,
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> CrawlSummary:
    """Check every due feed once and ingest every new article it lists.

    A source with no working feed is searched for feeds first (its registered feed
    URL may be wrong or dead), and what is found is checked in the same pass.
    """
    started = time.monotonic()
    summary = CrawlSummary()
    summary.papers = store.count_sources()
    rules = site_rules(settings)
    now = now or datetime.now(UTC)

    async def one_feed(feed: DueFeed) -> FeedCheck | None:
        try:
            return await check_feed(store, fetcher, settings, feed, now=now)
        except NashraError as error:
            summary.count_error(error.code)
            log.warning("%s: %s", feed.url, error)
            return None
        finally:
            summary.feeds_checked += 1
            if progress:
                progress.advance(feed.source_slug)

    checks: list[FeedCheck] = []
    checked: set[int] = set()
    for _round in range(DISCOVERY_ROUNDS):
        searched = store.sources_needing_discovery(now, every=REDISCOVERY_INTERVAL)
        await asyncio.gather(*(discover_and_mark(store, fetcher, s, now=now) for s in searched))
        due = [feed for feed in store.due_feeds(now) if feed.id not in checked]
        if not due:
            break
        checked.update(feed.id for feed in due)
        if progress:
            progress.add_total(len(due))
        checks.extend(check for check in await asyncio.gather(*map(one_feed, due)) if check)

    # One fetch per URL even when two feeds list it.
    jobs = {item.link: (item, check.feed) for check in checks for item in check.new}
    if progress:
        progress.add_total(len(jobs))

    # Pages fetched but not yet stored are bounded per source, not globally: a global bound
    # filled with one paper's articles would leave every other paper waiting on its
    # politeness delay.
    in_flight: dict[int, asyncio.Semaphore] = defaultdict(
        lambda: asyncio.Semaphore(settings.per_host_concurrency * PAGES_IN_FLIGHT_PER_CONNECTION)
    )
    extractor = ThreadPoolExecutor(EXTRACT_THREADS, thread_name_prefix="nashra-extract")

    async def one_article(item: Listed, feed: DueFeed) -> None:
        try:
            async with in_flight[feed.source_id]:
                _id, created = await ingest_url(
                    store,
                    fetcher,
                    source_id=feed.source_id,
                    url=item.link,
                    listed_at=item.published,
                    timezone=feed.timezone,
                    rules=rules,
                    now=now,
                    feed_id=feed.id,
                    extractor=extractor,
                )
            summary.articles_seen += 1
            summary.articles_new += int(created)
        except NashraError as error:
            summary.count_error(error.code)
            log.info("%s: %s", item.link, error)
        finally:
            if progress:
                progress.advance(feed.source_slug)

    try:
        await asyncio.gather(*(one_article(item, feed) for item, feed in jobs.values()))
    finally:
        extractor.shutdown(wait=False, cancel_futures=True)
    for check in checks:
        record_feed_checked(store, check, now=now)
    summary.seconds = time.monotonic() - started
    return summary
