"""Killing the crawler at any instant and restarting it loses nothing, duplicates nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from nashra.demo import DemoPress
from nashra.store import Store

KILL_AT_COUNTS = (1, 15, 40, 60)  # stored articles at which each crawler is killed
CRAWL_TIMEOUT = 120


@pytest.fixture(scope="module")
def press() -> Iterator[DemoPress]:
    """The demo press running in a thread of its own, for crawler subprocesses."""
    demo = DemoPress(base_date=date(2020, 7, 17))
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(demo.start(), loop).result(timeout=30)
    yield demo
    asyncio.run_coroutine_threadsafe(demo.stop(), loop).result(timeout=30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)


def crawler(database: Path) -> subprocess.Popen[bytes]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NASHRA_")}
    env.update(
        NASHRA_DATABASE_URL=f"sqlite:///{database}",
        NASHRA_DATA_DIR=str(database.parent / "data"),
        NASHRA_ALLOW_PRIVATE_HOSTS="true",
        NASHRA_PER_HOST_DELAY="0.1",  # slow enough that every kill lands mid-crawl
        NASHRA_PER_HOST_CONCURRENCY="1",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "nashra", "crawl", "--once"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_sigkill_at_any_instant_then_restart_stores_every_article_once(
    press: DemoPress, tmp_path: Path
) -> None:
    database = tmp_path / "crash.db"
    store = Store.open(f"sqlite:///{database}")
    for paper in press.papers:
        store.upsert_source(paper.to_source())
    counts = []
    for threshold in KILL_AT_COUNTS:
        process = crawler(database)
        deadline = time.monotonic() + CRAWL_TIMEOUT
        while store.count_articles() < threshold and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        counts.append(store.count_articles())
    process = crawler(database)
    assert process.wait(timeout=CRAWL_TIMEOUT) == 0
    expected = press.expected_articles()
    assert all(count < len(expected) for count in counts), counts  # every kill landed mid-crawl
    assert store.count_articles() == len(expected)
    articles, _ = store.list_articles(limit=100)
    keys = [(article.source.slug, article.title) for article in articles]
    assert len(keys) == len(set(keys))
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        orphans = connection.execute(
            "SELECT count(*) FROM images WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()
        assert orphans == (0,)
    store.close()
