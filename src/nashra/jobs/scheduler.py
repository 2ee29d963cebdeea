"""The embedded scheduler behind `nashra crawl` and `nashra demo`.

One asyncio loop: run the pipeline over the feeds that are due, then sleep until the
next feed is due (bounded, so new sources added meanwhile are picked up). Every write
is idempotent and per article, so killing the process at any instant loses nothing and
duplicates nothing: the next pass refetches what was not stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from nashra.fetch import Fetcher
from nashra.pipeline import CrawlSummary, crawl_once
from nashra.settings import Settings
from nashra.store import Store

log = logging.getLogger(__name__)

MIN_SLEEP_SECONDS = 1.0  # never spin when a feed is overdue but failing fast
MAX_SLEEP_SECONDS = 60.0  # look for newly added sources at least once a minute


async def run_scheduler(
    store: Store,
    fetcher: Fetcher,
    settings: Settings,
    *,
    on_pass: Callable[[CrawlSummary], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Crawl due feeds forever (until `stop` is set or the task is cancelled)."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        summary = await crawl_once(store, fetcher, settings)
        if on_pass is not None and summary.feeds_checked:
            on_pass(summary)
        next_check = store.next_feed_check()
        now = datetime.now(UTC)
        delay = MAX_SLEEP_SECONDS if next_check is None else (next_check - now).total_seconds()
        delay = max(MIN_SLEEP_SECONDS, min(MAX_SLEEP_SECONDS, delay))
        try:
            await asyncio.wait_for(stop.wait(), timeout=delay)
        except TimeoutError:
            continue
