"""Politeness: per-host and global concurrency, per-host spacing, Retry-After, backoff."""

from __future__ import annotations

import asyncio
import itertools
import random
import time

import pytest

from nashra.fetch import Politeness, RateLimitedError, backoff_delay
from nashra.fetch.politeness import (
    BACKOFF_BASE,
    BACKOFF_JITTER,
    BACKOFF_MAX,
    MAX_CRAWL_DELAY,
    RETRY_AFTER_MAX_WAIT,
)
from nashra.settings import Settings

# asyncio may wake a timer up to one clock resolution early; spacing checks allow for it.
TIMER_SLACK = 0.02


def test_no_failure_means_no_backoff() -> None:
    assert backoff_delay(0) == 0.0


def test_backoff_grows_exponentially_within_the_jitter() -> None:
    rng = random.Random(7)
    for failures in range(1, 8):
        expected = BACKOFF_BASE * 2 ** (failures - 1)
        delay = backoff_delay(failures, rng=rng)
        assert expected * (1 - BACKOFF_JITTER) <= delay <= expected * (1 + BACKOFF_JITTER)


def test_backoff_is_bounded_even_after_endless_failures() -> None:
    assert backoff_delay(10_000) <= BACKOFF_MAX
    assert backoff_delay(10_000) >= BACKOFF_MAX * (1 - BACKOFF_JITTER)


def test_backoff_jitter_spreads_retries() -> None:
    rng = random.Random(1)
    assert len({backoff_delay(3, rng=rng) for _ in range(20)}) > 1


async def _peak_concurrency(politeness: Politeness, hosts: list[str]) -> int:
    inside = 0
    peak = 0

    async def visit(host: str) -> None:
        nonlocal inside, peak
        async with politeness.slot(host):
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.05)
            inside -= 1

    await asyncio.gather(*(visit(host) for host in hosts))
    return peak


@pytest.mark.anyio
async def test_per_host_concurrency_is_limited() -> None:
    politeness = Politeness(Settings(per_host_concurrency=2, per_host_delay=0.0))
    assert await _peak_concurrency(politeness, ["news.example"] * 8) == 2


@pytest.mark.anyio
async def test_global_concurrency_is_limited_across_hosts() -> None:
    settings = Settings(per_host_concurrency=4, per_host_delay=0.0, global_concurrency=3)
    hosts = [f"paper{n}.example" for n in range(10)]
    assert await _peak_concurrency(Politeness(settings), hosts) == 3


@pytest.mark.anyio
async def test_different_hosts_do_not_wait_for_each_other() -> None:
    settings = Settings(per_host_concurrency=1, per_host_delay=0.0, global_concurrency=8)
    hosts = [f"paper{n}.example" for n in range(5)]
    assert await _peak_concurrency(Politeness(settings), hosts) == 5


async def _start_times(politeness: Politeness, host: str, count: int) -> list[float]:
    starts: list[float] = []

    async def visit() -> None:
        async with politeness.slot(host):
            starts.append(time.monotonic())

    await asyncio.gather(*(visit() for _ in range(count)))
    return sorted(starts)


@pytest.mark.anyio
async def test_requests_to_one_host_are_spaced_by_the_delay() -> None:
    politeness = Politeness(Settings(per_host_concurrency=4, per_host_delay=0.2))
    starts = await _start_times(politeness, "news.example", 4)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert all(gap >= 0.2 - TIMER_SLACK for gap in gaps)


@pytest.mark.anyio
async def test_crawl_delay_slows_a_host_down() -> None:
    politeness = Politeness(Settings(per_host_concurrency=4, per_host_delay=0.0))
    politeness.set_crawl_delay("news.example", 0.3)
    starts = await _start_times(politeness, "news.example", 3)
    assert starts[2] - starts[0] >= 0.6 - 2 * TIMER_SLACK


def test_crawl_delay_never_lowers_the_configured_delay_and_is_bounded() -> None:
    politeness = Politeness(Settings(per_host_delay=2.0))
    politeness.set_crawl_delay("news.example", 0.5)
    politeness.set_crawl_delay("slow.example", 10_000)
    assert politeness.delay("news.example") == 2.0
    assert politeness.delay("slow.example") == MAX_CRAWL_DELAY


@pytest.mark.anyio
async def test_host_that_asked_for_a_long_wait_is_refused_at_once() -> None:
    politeness = Politeness(Settings(per_host_delay=0.0))
    politeness.defer("news.example", 600.0)
    with pytest.raises(RateLimitedError) as caught:
        async with politeness.slot("news.example"):
            pass
    assert caught.value.code == "fetch.rate_limited"
    assert RETRY_AFTER_MAX_WAIT < caught.value.retry_after <= 600.0
    assert politeness.retry_after("other.example") == 0.0


@pytest.mark.anyio
async def test_host_that_asked_for_a_short_wait_is_waited_for() -> None:
    politeness = Politeness(Settings(per_host_delay=0.0))
    politeness.defer("news.example", 0.3)
    started = time.monotonic()
    async with politeness.slot("news.example"):
        entered = time.monotonic()
    assert entered - started >= 0.3 - TIMER_SLACK
