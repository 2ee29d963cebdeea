"""Being a polite crawler: how many requests at once, how often per host, and when to back off.

Every request the fetcher sends (redirect hops and robots.txt included) runs inside
`Politeness.slot(host)`, which in order:
1. takes one of the host's `settings.per_host_concurrency` permits;
2. refuses with `fetch.rate_limited` if the host asked us (Retry-After) to stay away for
   more than `RETRY_AFTER_MAX_WAIT` more seconds — the scheduler reschedules rather than
   hold a worker — and otherwise reserves the host's next start time: no earlier than the
   end of that wait and `delay` after the previous start, where `delay` is
   `settings.per_host_delay` or the robots.txt Crawl-delay when larger (bounded by
   `MAX_CRAWL_DELAY`);
3. sleeps until that start time, then takes one of `settings.global_concurrency` permits.
A request waiting for its host holds no global permit, so one slow host cannot starve the
others. State is per `Politeness` object: share one fetcher to share it.

`backoff_delay(failures)` is the wait before retrying something that failed `failures`
times in a row: exponential from `BACKOFF_BASE`, bounded by `BACKOFF_MAX`, with
`BACKOFF_JITTER`.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Final

from nashra.fetch.errors import RateLimitedError
from nashra.settings import Settings

RETRY_AFTER_MAX_WAIT: Final = 10.0  # shorter waits are cheaper to sit out than to reschedule
MAX_CRAWL_DELAY: Final = 60.0  # larger Crawl-delay values are usually typos for milliseconds
BACKOFF_BASE: Final = 60.0  # first retry a minute after a failure: transient errors clear fast
BACKOFF_MAX: Final = 24 * 3600.0  # a dead feed is still tried daily, so a revival is noticed
BACKOFF_MAX_EXPONENT: Final = 32  # 2**32 minutes is already far past BACKOFF_MAX
BACKOFF_JITTER: Final = 0.2  # ±20 %, so feeds that failed together do not retry together

_RANDOM = random.Random()


def backoff_delay(failures: int, *, rng: random.Random | None = None) -> float:
    """Seconds to wait after `failures` consecutive failures (0 when there were none)."""
    if failures <= 0:
        return 0.0
    exponent = min(failures - 1, BACKOFF_MAX_EXPONENT)
    base = min(BACKOFF_BASE * 2.0**exponent, BACKOFF_MAX)
    jitter = (rng or _RANDOM).uniform(-BACKOFF_JITTER, BACKOFF_JITTER)
    return min(base * (1.0 + jitter), BACKOFF_MAX)


@dataclass
class _Host:
    permits: asyncio.Semaphore
    delay: float
    next_start: float = field(default=float("-inf"))
    not_before: float = field(default=float("-inf"))


class Politeness:
    """Per-host and global limits shared by every request of one fetcher."""

    def __init__(self, settings: Settings, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._settings = settings
        self._clock = clock
        self._global = asyncio.Semaphore(settings.global_concurrency)
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        key = host.lower()
        state = self._hosts.get(key)
        if state is None:
            state = _Host(
                permits=asyncio.Semaphore(self._settings.per_host_concurrency),
                delay=self._settings.per_host_delay,
            )
            self._hosts[key] = state
        return state

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Wait for the host's turn and a global permit; hold both while inside."""
        state = self._host(host)
        async with state.permits:
            now = self._clock()
            wait_asked = state.not_before - now
            if wait_asked > RETRY_AFTER_MAX_WAIT:
                raise RateLimitedError(
                    f"{host} asked not to be fetched for {wait_asked:.0f} s more",
                    retry_after=wait_asked,
                    status=0,
                )
            start = max(now, state.next_start + state.delay, state.not_before)
            state.next_start = start
            if start > now:
                await asyncio.sleep(start - now)
            async with self._global:
                yield

    def defer(self, host: str, seconds: float) -> None:
        """Remember that `host` asked (Retry-After) not to be fetched for `seconds`."""
        state = self._host(host)
        state.not_before = max(state.not_before, self._clock() + seconds)

    def retry_after(self, host: str) -> float:
        """Seconds before `host` may be asked again because of a Retry-After (0 if none)."""
        return max(self._host(host).not_before - self._clock(), 0.0)

    def delay(self, host: str) -> float:
        """Minimum seconds between the starts of two requests to `host`."""
        return self._host(host).delay

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        """Honour a robots.txt Crawl-delay, never going below `settings.per_host_delay`."""
        bounded = min(max(seconds, 0.0), MAX_CRAWL_DELAY)
        self._host(host).delay = max(self._settings.per_host_delay, bounded)
