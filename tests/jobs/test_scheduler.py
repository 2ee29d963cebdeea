"""The embedded scheduler crawls due feeds, sleeps until the next is due, and stops cleanly."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from nashra.demo import DemoPress
from nashra.fetch import Fetcher
from nashra.jobs.scheduler import run_scheduler
from nashra.pipeline import MIN_CHECK_INTERVAL, CrawlSummary
from nashra.settings import Settings
from nashra.store import Store

pytestmark = pytest.mark.anyio


async def test_scheduler_crawls_everything_then_waits_for_the_next_due_feed(
    tmp_path: Path,
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'scheduler.db'}")
    settings = Settings(allow_private_hosts=True, per_host_delay=0.0, data_dir=tmp_path)
    passes: list[CrawlSummary] = []
    first_pass = asyncio.Event()
    stop = asyncio.Event()

    def record(summary: CrawlSummary) -> None:
        passes.append(summary)
        first_pass.set()

    async with DemoPress(base_date=date(2020, 7, 17)) as press, Fetcher(settings) as fetcher:
        for paper in press.papers:
            store.upsert_source(paper.to_source())
        task = asyncio.create_task(
            run_scheduler(store, fetcher, settings, on_pass=record, stop=stop)
        )
        async with asyncio.timeout(60):
            await first_pass.wait()
        await asyncio.sleep(1.5)  # longer than the scheduler's shortest sleep
        stop.set()
        async with asyncio.timeout(5):
            await task
    assert [summary.articles_new for summary in passes] == [len(press.expected_articles())]
    assert store.count_articles() == len(press.expected_articles())
    next_check = store.next_feed_check()
    assert next_check is not None
    assert next_check - datetime.now(UTC) >= MIN_CHECK_INTERVAL - timedelta(minutes=1)
    store.close()
