"""Crawl benchmark: nashra's pipeline against a generated press of 200 papers x 50 items.

    .venv/bin/python bench/crawl.py [--papers 200] [--items 50] [--seed S]
                                    [--polite-papers 100] [--profile-papers 30]
                                    [--no-profile] [--executor-threads N]

The press (`generated_press.py`) runs in its own process, so its CPU time is measured
apart from the crawler's. Each crawl runs in a fresh worker process (its own peak memory,
its own CPU clock) on a fresh temporary SQLite database, through `nashra.pipeline.crawl_once`
with a real `Fetcher`, as `nashra crawl --once` does:

1. politeness delays at zero (`per_host_delay=0`, concurrency at its defaults): a first
   crawl (every article new), then a second one once every feed is due again, which must
   store nothing new; completeness is checked URL by URL (stored == papers x items);
2. politeness at its defaults (`Settings()`: 1 s between two requests to a host, 2 at a
   time per host, 16 in all) on a fresh database, on `--polite-papers` papers
   (`POLITE_PAPERS` by default: the table says when it is a subset);
3. the named reference, in this process: the same feed bytes (fetched from the press)
   parsed by feedparser alone, by fastfeedparser alone and by `nashra.discover.parse_feed`
   alone; and, to split the crawl's cost, `nashra.extract.extract_article` alone on one
   article page per paper;
4. a profile of a zero-delay first crawl of `--profile-papers` papers (cProfile timed by
   each thread's CPU clock, the extraction and storage threads included), summarised by
   component.

Columns: feeds/s is feeds checked per second of the feed phase (from the start to the last
feed checked, discovery included); article pages/s is article pages the press served per
second of the article phase; crawler CPU ms/article is the worker process's CPU time for
the whole crawl divided by the articles stored, press CPU ms/article the same for the
press process; other CPU s is what the rest of the machine used meanwhile (from
/proc/stat: other processes and interrupts, loopback networking included; a busy
neighbour shows here, and hypervisor steal is added when over a second). The zero-delay
crawl's CPU is also split by thread with `time.thread_time`: extraction, storage, and the
event loop's thread (fetching, feed parsing, the store calls the pipeline makes on the
loop). The worker also counts the article pages fetched but not yet being extracted (the
executor's queue), and times `Store.known_urls` for one feed on the filled database.
tracemalloc is not used: it made a crawl more than ten times slower here; ru_maxrss
(peak resident memory) is reported instead.

What the numbers mean, and what bounds them: docs/benchmarks.md.

Exit status is non-zero when a crawl is incomplete, stores a duplicate or reports errors.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import io
import multiprocessing
import os
import platform
import pstats
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

import fastfeedparser  # type: ignore[import-untyped, unused-ignore]
import feedparser
import httpx
import sqlalchemy as sa

import nashra.pipeline
from generated_press import TIMEZONE, PaperSite, PressProcess, PressSpec, ServerStats, build_sites
from nashra.discover import parse_feed
from nashra.extract import extract_article
from nashra.fetch import Fetcher
from nashra.pipeline import MAX_CHECK_INTERVAL, CrawlSummary, crawl_once
from nashra.settings import Settings
from nashra.store import Store
from nashra.store.tables import articles

T = TypeVar("T")
# Later than any feed's next check (bounded by MAX_CHECK_INTERVAL), so all are due again.
SECOND_CRAWL_AFTER = MAX_CHECK_INTERVAL + timedelta(minutes=1)
PROFILE_PAPERS = 30  # 1,500 articles: a stable profile in about a minute under cProfile
# Default politeness spends about one second per new paper in discovery (see docs), so the
# whole press would take 5-6 minutes; half of it shows the same bounds in half the time.
POLITE_PAPERS = 100
PROFILE_TOP = 25  # functions listed by own CPU time
KNOWN_URLS_SAMPLE = 20  # feeds whose known-URL lookup is timed on the filled database
HTTP_TIMEOUT = 30.0  # only bounds fetching the reference feeds from a hung press
EXTRACT_SAMPLE_PER_PAPER = 1  # one page per paper covers every date form and encoding


# ----- what a worker measures ------------------------------------------------------------


@dataclass
class PhaseClock:
    """A `nashra.pipeline.Progress` that notes when the feed phase ends."""

    feeds: int
    started_wall: float = field(default_factory=time.perf_counter)
    started_cpu: float = field(default_factory=time.process_time)
    feeds_done: int = 0
    feeds_wall: float = 0.0
    feeds_cpu: float = 0.0

    def add_total(self, count: int) -> None:
        del count

    def advance(self, description: str) -> None:
        del description
        if self.feeds_done < self.feeds:
            self.feeds_done += 1
            if self.feeds_done == self.feeds:
                self.feeds_wall = time.perf_counter() - self.started_wall
                self.feeds_cpu = time.process_time() - self.started_cpu


@dataclass
class ThreadCpu:
    """CPU seconds spent inside the functions the pipeline runs in worker threads."""

    extract: float = 0.0
    store: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, slot: str, function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> T:
            start = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.thread_time() - start
                with self.lock:
                    setattr(self, slot, getattr(self, slot) + spent)

        return wrapper


@dataclass
class Backlog:
    """Article pages fetched whose extraction has not started yet (the executor's queue)."""

    homepages: frozenset[str]
    fetched: int = 0
    started: int = 0
    peak: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def counting_fetches(self, get: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
        @functools.wraps(get)
        async def wrapper(url: str, *args: Any, **kwargs: Any) -> T:
            result = await get(url, *args, **kwargs)
            if kwargs.get("kind") == "page" and url not in self.homepages:
                with self.lock:
                    self.fetched += 1
                    self.peak = max(self.peak, self.fetched - self.started)
            return result

        return wrapper

    def counting_starts(self, function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> T:
            with self.lock:
                self.started += 1
            return function(*args, **kwargs)

        return wrapper


@dataclass(frozen=True)
class Snapshot:
    """The press's counters and the whole machine's CPU clock at one instant."""

    press: ServerStats
    machine_busy: float  # CPU seconds all processes spent, since boot (0 without /proc)
    machine_steal: float  # CPU seconds the hypervisor gave to other guests


def machine_cpu() -> tuple[float, float]:
    """(busy, steal) CPU seconds of the whole machine since boot, from /proc/stat (Linux)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except OSError:
        return 0.0, 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    ticks = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / ticks, steal / ticks


@dataclass
class CrawlMeasure:
    summary: CrawlSummary
    wall: float
    cpu: float
    feeds_wall: float
    feeds_cpu: float
    extract_cpu: float
    store_cpu: float
    before: Snapshot
    after: Snapshot

    @property
    def press_cpu(self) -> float:
        return self.after.press.cpu_seconds - self.before.press.cpu_seconds

    @property
    def other_cpu(self) -> float:
        """CPU seconds the rest of the machine used meanwhile (other processes, kernel)."""
        busy = self.after.machine_busy - self.before.machine_busy
        return max(busy - self.cpu - self.press_cpu, 0.0)

    @property
    def steal(self) -> float:
        return self.after.machine_steal - self.before.machine_steal

    @property
    def article_requests(self) -> int:
        after = self.after.press.by_path_kind.get("article", 0)
        return after - self.before.press.by_path_kind.get("article", 0)

    @property
    def feed_responses_304(self) -> int:
        return self.after.press.not_modified - self.before.press.not_modified


@dataclass
class RunResult:
    label: str
    papers: int
    expected: int
    first: CrawlMeasure
    second: CrawlMeasure | None
    stored_after_first: int
    stored_after_second: int
    missing: list[str]
    unexpected: list[str]
    distinct_hashes: int
    failures: dict[str, int]
    max_rss_mib: float
    backlog_peak: int
    known_urls_ms: float
    known_urls_plan: str
    profile_path: str | None = None

    @property
    def complete(self) -> bool:
        return self.stored_after_first == self.expected and not self.missing


@dataclass(frozen=True)
class RunConfig:
    label: str
    spec: PressSpec
    port: int
    papers: int
    settings: Settings
    twice: bool
    profile_path: str | None = None
    executor_threads: int | None = None  # None: asyncio's default executor


class Checkpoint:
    """Asks the parent for a snapshot at a point of the worker's run."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def __call__(self, label: str) -> Snapshot:
        self._conn.send(("checkpoint", label))
        snapshot: Snapshot = self._conn.recv()
        return snapshot


def _profiled(profiles: list[cProfile.Profile], function: Callable[..., T]) -> Callable[..., T]:
    """`function` run under its thread's own profiler (cProfile sees only one thread)."""
    local = threading.local()

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        profile = getattr(local, "profile", None)
        if profile is None:
            profile = local.profile = cProfile.Profile(time.thread_time)
            profiles.append(profile)
        profile.enable()
        try:
            return function(*args, **kwargs)
        finally:
            profile.disable()

    return wrapper


async def _measure(
    store: Store,
    fetcher: Fetcher,
    settings: Settings,
    *,
    feeds: int,
    now: datetime,
    checkpoint: Checkpoint,
    label: str,
    cpu: ThreadCpu,
    main_profile: cProfile.Profile | None = None,
) -> CrawlMeasure:
    before = checkpoint(f"{label}:start")
    extract_before, store_before = cpu.extract, cpu.store
    clock = PhaseClock(feeds)
    if main_profile is not None:
        main_profile.enable()
    summary = await crawl_once(store, fetcher, settings, progress=clock, now=now)
    if main_profile is not None:
        main_profile.disable()
    wall = time.perf_counter() - clock.started_wall
    spent = time.process_time() - clock.started_cpu
    after = checkpoint(f"{label}:end")
    return CrawlMeasure(
        summary=summary,
        wall=wall,
        cpu=spent,
        feeds_wall=clock.feeds_wall or wall,
        feeds_cpu=clock.feeds_cpu or spent,
        extract_cpu=cpu.extract - extract_before,
        store_cpu=cpu.store - store_before,
        before=before,
        after=after,
    )


async def _run(config: RunConfig, checkpoint: Checkpoint) -> RunResult:
    if config.executor_threads is not None:
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(config.executor_threads, thread_name_prefix="bench")
        )
    sites = build_sites(config.spec, config.port, ServerStats())[: config.papers]
    profiles: list[cProfile.Profile] = []
    main_profile = cProfile.Profile(time.thread_time) if config.profile_path else None
    cpu = ThreadCpu()
    # Instrument the two steps the pipeline hands to worker threads (module globals are
    # looked up at call time); the pipeline itself is not changed.
    extract = cpu.timed("extract", extract_article)
    if main_profile is not None:
        extract = _profiled(profiles, extract)
    backlog = Backlog(frozenset(site.home_url for site in sites))
    nashra.pipeline.extract_article = backlog.counting_starts(extract)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory(prefix="nashra-bench-") as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'crawl.db'}")
        ingest = cpu.timed("store", store.ingest_article)
        if main_profile is not None:
            ingest = _profiled(profiles, ingest)
        store.ingest_article = ingest  # type: ignore[method-assign]
        for site in sites:
            store.upsert_source(site.to_source())
        now = datetime.now(UTC)
        async with Fetcher(config.settings) as fetcher:
            fetcher.get = backlog.counting_fetches(fetcher.get)  # type: ignore[method-assign, assignment]
            first = await _measure(
                store,
                fetcher,
                config.settings,
                feeds=len(sites),
                now=now,
                checkpoint=checkpoint,
                label="first",
                cpu=cpu,
                main_profile=main_profile,
            )
            stored_first = store.count_articles()
            second = None
            if config.twice:
                second = await _measure(
                    store,
                    fetcher,
                    config.settings,
                    feeds=len(sites),
                    now=now + SECOND_CRAWL_AFTER,
                    checkpoint=checkpoint,
                    label="second",
                    cpu=cpu,
                )
        with store.engine.connect() as connection:
            keys = set(connection.execute(sa.select(articles.c.url_key)).scalars())
            hashes = connection.execute(
                sa.select(sa.func.count(sa.distinct(articles.c.content_hash)))
            ).scalar_one()
        expected = {url for site in sites for url in site.article_urls()}
        failures: dict[str, int] = {}
        for failure in store.url_failures():
            failures[failure.code] = failures.get(failure.code, 0) + 1
        stored_second = store.count_articles()
        known_ms, plan = _time_known_urls(store, sites)
        store.close()
    profile_path = None
    if main_profile is not None and config.profile_path:
        stats = pstats.Stats(main_profile)
        for profile in profiles:
            stats.add(profile)
        stats.dump_stats(config.profile_path)
        profile_path = config.profile_path
    return RunResult(
        label=config.label,
        papers=len(sites),
        expected=len(expected),
        first=first,
        second=second,
        stored_after_first=stored_first,
        stored_after_second=stored_second,
        missing=sorted(expected - keys),
        unexpected=sorted(keys - expected),
        distinct_hashes=int(hashes),
        failures=failures,
        max_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        backlog_peak=backlog.peak,
        known_urls_ms=known_ms,
        known_urls_plan=plan,
        profile_path=profile_path,
    )


def _time_known_urls(store: Store, sites: Sequence[PaperSite]) -> tuple[float, str]:
    """Mean ms of the pipeline's "which of this feed's URLs are stored?" question, and
    SQLite's plan for it, on the filled database."""
    samples = sites[:KNOWN_URLS_SAMPLE]
    started = time.perf_counter()
    for site in samples:
        urls = [site.url_of(article) for article in site.articles]
        store.known_urls(urls + [site.feed_link(article) for article in site.articles])
    mean_ms = (time.perf_counter() - started) / max(len(samples), 1) * 1000
    query = sa.select(articles.c.url_key, articles.c.url).where(
        sa.or_(articles.c.url_key.in_(["a", "b"]), articles.c.url.in_(["a", "b"]))
    )
    compiled = query.compile(store.engine, compile_kwargs={"literal_binds": True})
    with store.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return mean_ms, "; ".join(str(row[-1]) for row in plan)


def _worker_main(config: RunConfig, conn: Connection) -> None:
    result = asyncio.run(_run(config, Checkpoint(conn)))
    conn.send(("result", result))


def run_in_worker(config: RunConfig, press: PressProcess) -> RunResult:
    """Run one crawl configuration in a fresh process, answering its checkpoints."""
    context = multiprocessing.get_context("spawn")
    parent_conn, child_conn = context.Pipe()
    process = context.Process(target=_worker_main, args=(config, child_conn), name=config.label)
    process.start()
    child_conn.close()
    try:
        while True:
            try:
                kind, payload = parent_conn.recv()
            except EOFError:
                raise SystemExit(
                    f"the {config.label} worker died (exit {process.exitcode})"
                ) from None
            if kind == "checkpoint":
                parent_conn.send(Snapshot(press.stats(), *machine_cpu()))
            else:
                result: RunResult = payload
                return result
    finally:
        process.join()


# ----- the reference: the same feeds and pages, one parser at a time ---------------------


@dataclass
class ReferenceRow:
    name: str
    count: int
    seconds: float
    items: int

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0


def fetch_documents(sites: Sequence[PaperSite]) -> tuple[list[tuple[str, bytes]], list[bytes]]:
    """Every paper's feed and one article page, as the press serves them."""
    feeds: list[tuple[str, bytes]] = []
    pages: list[bytes] = []
    # trust_env=False: a proxy from the environment must never see loopback traffic.
    with httpx.Client(trust_env=False, timeout=HTTP_TIMEOUT) as client:
        for site in sites:
            feeds.append((site.feed_url, client.get(site.feed_url).raise_for_status().content))
            for article in site.articles[:EXTRACT_SAMPLE_PER_PAPER]:
                pages.append(client.get(site.url_of(article)).raise_for_status().content)
    return feeds, pages


def _timed(name: str, count: int, run: Callable[[], int]) -> ReferenceRow:
    started = time.process_time()
    items = run()
    return ReferenceRow(name, count, time.process_time() - started, items)


def reference_rows(
    feeds: list[tuple[str, bytes]], pages: list[bytes], page_urls: list[str]
) -> list[ReferenceRow]:
    def with_feedparser() -> int:
        return sum(len(feedparser.parse(content).entries) for _, content in feeds)

    def with_fastfeedparser() -> int:
        return sum(len(fastfeedparser.parse(content).entries) for _, content in feeds)

    def with_nashra() -> int:
        return sum(len(parse_feed(content, url).entries) for url, content in feeds)

    def extraction() -> int:
        return sum(
            len(extract_article(page, url, timezone=TIMEZONE).blocks)
            for page, url in zip(pages, page_urls, strict=True)
        )

    with_nashra()  # warm-up: imports and compiled patterns are not the measure
    extraction()
    return [
        _timed("feedparser.parse (reference)", len(feeds), with_feedparser),
        _timed("fastfeedparser.parse", len(feeds), with_fastfeedparser),
        _timed("nashra.discover.parse_feed", len(feeds), with_nashra),
        _timed("nashra.extract.extract_article", len(pages), extraction),
    ]


# ----- the profile, by component --------------------------------------------------------

COMPONENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("extraction (nashra.extract, lxml)", ("nashra/extract", "lxml", "trafilatura", "justext")),
    ("charset decoding", ("charset_normalizer", "nashra/fetch/charset", "encodings/")),
    ("feed parsing (nashra.discover)", ("nashra/discover", "fastfeedparser", "feedparser")),
    ("store (SQLAlchemy, sqlite3)", ("nashra/store", "sqlalchemy", "sqlite3")),
    ("HTTP client (httpx, httpcore, h11)", ("httpx", "httpcore", "h11", "nashra/fetch")),
    ("event loop (asyncio)", ("asyncio", "selectors", "epoll")),
    ("pipeline", ("nashra/pipeline",)),
)


def component_of(filename: str, function: str) -> str:
    where = f"{filename} {function}"
    for name, markers in COMPONENTS:
        if any(marker in where for marker in markers):
            return name
    return "other (stdlib: re, json, dataclasses, logging...)"


def summarise_profile(path: str) -> tuple[list[tuple[str, float]], str]:
    """CPU time by component, and the functions with the most own time.

    Built-in functions (`~` in pstats: lxml's C methods, sqlite3's `execute`, `str.join`)
    are charged to the component of whoever called them, in proportion to each caller's
    share, so lxml work done for the extractor counts as extraction.
    """
    stats = pstats.Stats(path)
    table: dict[str, float] = {}
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, function), (_cc, _nc, own, _cum, callers) in raw.items():
        if filename == "~" and callers:
            for (caller_file, _caller_line, caller_function), timing in callers.items():
                component = component_of(caller_file, caller_function)
                table[component] = table.get(component, 0.0) + timing[2]
            continue
        component = component_of(filename, function)
        table[component] = table.get(component, 0.0) + own
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(PROFILE_TOP)
    return sorted(table.items(), key=lambda kv: -kv[1]), out.getvalue()


# ----- the table ------------------------------------------------------------------------


def _rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.1f}" if count and seconds > 0 else "-"


def _per_article_ms(seconds: float, articles: int) -> str:
    return f"{seconds / articles * 1000:,.2f}" if articles else "-"


CRAWL_HEADER = [
    "run",
    "papers x items",
    "politeness",
    "wall s",
    "feeds/s",
    "article pages/s",
    "crawler CPU ms/article",
    "press CPU ms/article",
    "other CPU s",
    "peak RSS MiB",
    "stored/expected",
    "new",
    "errors",
]


def crawl_rows(result: RunResult, settings: Settings, total_papers: int) -> list[list[str]]:
    politeness = (
        f"delay {settings.per_host_delay:g} s, {settings.per_host_concurrency}/host, "
        f"{settings.global_concurrency} global"
    )
    scope = f"{result.papers} x {result.expected // max(result.papers, 1)}"
    if result.papers < total_papers:
        scope += f" (subset of {total_papers})"
    rows = []
    for name, measure, stored in (
        ("first crawl", result.first, result.stored_after_first),
        ("second crawl", result.second, result.stored_after_second),
    ):
        if measure is None:
            continue
        new = measure.summary.articles_new
        rows.append(
            [
                f"{result.label}: {name}",
                scope if measure is result.first else "",
                politeness
                if measure is result.first
                else f"{measure.feed_responses_304} of {measure.summary.feeds_checked} feeds 304",
                f"{measure.wall:,.1f}",
                _rate(measure.summary.feeds_checked, measure.feeds_wall),
                _rate(measure.article_requests, measure.wall - measure.feeds_wall),
                _per_article_ms(measure.cpu, new),
                _per_article_ms(measure.press_cpu, new),
                f"{measure.other_cpu:,.1f}"
                + (f" (+{measure.steal:,.1f} stolen)" if measure.steal >= 1 else ""),
                f"{result.max_rss_mib:,.0f}" if measure is result.first else "",
                f"{stored}/{result.expected}",
                str(new),
                str(measure.summary.errors),
            ]
        )
    return rows


def markdown(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
    lines = [
        "| " + " | ".join(cell.ljust(widths[k]) for k, cell in enumerate(row)) + " |"
        for row in [header, *rows]
    ]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def cpu_split_rows(measure: CrawlMeasure) -> list[list[str]]:
    articles = measure.summary.articles_new
    loop = measure.cpu - measure.extract_cpu - measure.store_cpu
    parts = (
        ("extraction threads (extract_article)", measure.extract_cpu),
        ("storage threads (Store.ingest_article)", measure.store_cpu),
        ("event-loop thread (fetch, feeds, pipeline)", loop),
        ("crawler process, total", measure.cpu),
        ("press process (serving, separate)", measure.press_cpu),
    )
    return [
        [
            name,
            f"{seconds:,.1f}",
            _per_article_ms(seconds, articles),
            f"{seconds / measure.wall * 100:,.0f} %",
        ]
        for name, seconds in parts
    ]


def check(result: RunResult) -> list[str]:
    """What is wrong with a run (empty when complete, duplicate-free and error-free)."""
    problems = []
    label = result.label
    if not result.complete:
        problems.append(
            f"{label}: stored {result.stored_after_first} of {result.expected}; "
            f"missing e.g. {result.missing[:3]}"
        )
    if result.unexpected:
        problems.append(f"{label}: unexpected URLs stored, e.g. {result.unexpected[:3]}")
    if result.distinct_hashes != result.stored_after_second:
        problems.append(f"{label}: only {result.distinct_hashes} distinct contents stored")
    if result.failures:
        problems.append(f"{label}: URL failures {result.failures}")
    for name, measure in (("first", result.first), ("second", result.second)):
        if measure is not None and measure.summary.errors:
            problems.append(f"{label}: {name} crawl errors {measure.summary.error_codes}")
    second = result.second
    if second is not None and (
        second.summary.articles_new or result.stored_after_second != result.stored_after_first
    ):
        problems.append(
            f"{label}: the second crawl stored {second.summary.articles_new} new "
            f"({result.stored_after_first} -> {result.stored_after_second})"
        )
    return problems


def print_report(
    spec: PressSpec,
    results: list[tuple[RunResult, Settings]],
    reference: list[ReferenceRow],
    documents: tuple[list[tuple[str, bytes]], list[bytes]],
    press: ServerStats,
    profile: RunResult | None,
) -> None:
    rows = [
        row for result, settings in results for row in crawl_rows(result, settings, spec.papers)
    ]
    print()
    print("## Crawl (nashra.pipeline.crawl_once, fresh SQLite database per run)")
    print()
    print(markdown(CRAWL_HEADER, rows))
    print()
    print("## Where the zero-delay first crawl's CPU went (time.thread_time)")
    print()
    print(
        markdown(
            ["component", "CPU s", "ms/article", "of wall time"],
            cpu_split_rows(results[0][0].first),
        )
    )
    for result, _settings in results:
        print()
        print(
            f"{result.label}: at most {result.backlog_peak:,} article pages were fetched and "
            f"waiting for an extraction thread at once; Store.known_urls for one feed "
            f"({2 * spec.items} URLs) on {result.stored_after_second:,} stored articles: "
            f"{result.known_urls_ms:,.1f} ms (SQLite plan: {result.known_urls_plan})"
        )
    feeds, pages = documents
    print()
    print(
        f"## Reference: the same {len(feeds)} feeds "
        f"(mean {sum(len(c) for _, c in feeds) / len(feeds) / 1024:,.0f} KiB, "
        f"{spec.items} items) and {len(pages)} article pages "
        f"(mean {sum(map(len, pages)) / len(pages) / 1024:,.0f} KiB), one thread, CPU time"
    )
    print()
    print(
        markdown(
            ["parser", "documents", "CPU s", "documents/s", "ms/document"],
            [
                [
                    row.name,
                    str(row.count),
                    f"{row.seconds:,.2f}",
                    f"{row.per_second:,.1f}",
                    f"{row.seconds / row.count * 1000:,.2f}",
                ]
                for row in reference
            ],
        )
    )
    print()
    print(
        f"press process, whole benchmark: {press.requests:,} requests "
        f"({press.not_modified:,} answered 304), {press.bytes_sent / 2**20:,.0f} MiB sent, "
        f"{press.cpu_seconds:,.1f} s CPU, peak RSS {press.max_rss_kib / 1024:,.0f} MiB"
    )
    if profile is None or profile.profile_path is None:
        return
    components, top = summarise_profile(profile.profile_path)
    total = sum(seconds for _, seconds in components)
    print()
    print(
        f"## Profile: zero-delay first crawl of {profile.papers} papers "
        f"({profile.stored_after_first} articles), cProfile on CPU time, every thread"
    )
    print()
    print(
        markdown(
            ["component (own CPU time)", "CPU s", "share"],
            [[name, f"{s:,.2f}", f"{s / total * 100:,.0f} %"] for name, s in components],
        )
    )
    print()
    print(top.strip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--seed", type=int, default=PressSpec().seed)
    parser.add_argument(
        "--polite-papers",
        type=int,
        default=POLITE_PAPERS,
        help="papers of the default-politeness run (0 skips it)",
    )
    parser.add_argument("--profile-papers", type=int, default=PROFILE_PAPERS)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument(
        "--executor-threads",
        type=int,
        default=None,
        help="size of the crawler's default thread pool (asyncio's default when omitted)",
    )
    args = parser.parse_args(argv)
    spec = PressSpec(papers=args.papers, items=args.items, seed=args.seed)
    started = time.perf_counter()
    print(
        f"crawl benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{multiprocessing.cpu_count()} cores, Python {platform.python_version()}, "
        f"{spec.papers} papers x {spec.items} items (seed {spec.seed})"
        + (f", {args.executor_threads} executor threads" if args.executor_threads else ""),
        flush=True,
    )
    zero = Settings(allow_private_hosts=True, per_host_delay=0.0)
    polite = Settings(allow_private_hosts=True)
    configs = [RunConfig("zero delay", spec, 0, spec.papers, zero, twice=True)]
    if args.polite_papers > 0:
        polite_papers = min(args.polite_papers, spec.papers)
        configs.append(RunConfig("default politeness", spec, 0, polite_papers, polite, twice=True))
    problems: list[str] = []
    results: list[tuple[RunResult, Settings]] = []
    profile = None
    with PressProcess(spec) as press:
        port = press.port
        print(
            f"press: {spec.papers} papers from {press.sites[0].plan.host}, port {port}", flush=True
        )
        for config in configs:
            config = replace(config, port=port, executor_threads=args.executor_threads)
            print(f"running: {config.label}, {config.papers} papers...", flush=True)
            result = run_in_worker(config, press)
            problems += check(result)
            results.append((result, config.settings))
        print("reference: the same feeds and pages, parsed alone...", flush=True)
        documents = fetch_documents(press.sites)
        page_urls = [
            site.url_of(article)
            for site in press.sites
            for article in site.articles[:EXTRACT_SAMPLE_PER_PAPER]
        ]
        reference = reference_rows(documents[0], documents[1], page_urls)
        if not args.no_profile:
            profile_papers = min(args.profile_papers, spec.papers)
            print(f"profiling: zero delay, {profile_papers} papers...", flush=True)
            with tempfile.NamedTemporaryFile(suffix=".prof", delete=False) as handle:
                profile_file = handle.name
            profile = run_in_worker(
                RunConfig(
                    "profile",
                    spec,
                    port,
                    profile_papers,
                    zero,
                    twice=False,
                    profile_path=profile_file,
                    executor_threads=args.executor_threads,
                ),
                press,
            )
        final = press.close()
    try:
        print_report(spec, results, reference, documents, final, profile)
    finally:
        if profile is not None and profile.profile_path is not None:
            Path(profile.profile_path).unlink(missing_ok=True)
    print()
    print(f"benchmark wall time: {time.perf_counter() - started:,.0f} s")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
