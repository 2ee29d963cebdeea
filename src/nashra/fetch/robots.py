"""robots.txt: fetched once per origin through the guarded fetcher, parsed by protego, cached.

nashra identifies itself in robots.txt groups as `USER_AGENT_TOKEN`. What a robots.txt
answer means follows Google's documented behaviour (RFC 9309):
- 2xx: the rules apply (only the first `ROBOTS_MAX_BYTES` are read); an empty file allows
  everything; cached for `ROBOTS_TTL`.
- 4xx other than 429 (no robots.txt, forbidden, too many redirects, a redirect to a scheme
  that is not fetched): everything is allowed; cached for `ROBOTS_TTL`.
- 429, 5xx, timeouts, connection and DNS failures: everything is disallowed for
  `ROBOTS_UNAVAILABLE_TTL`, then robots.txt is asked for again.
- a refused address (SSRF guard) is raised as is and not cached: the page is refused too.
Concurrent checks for one origin share one fetch. A Crawl-delay for nashra is exposed so the
fetcher can slow down for that host, and Sitemap lines via `sitemaps()`.

Error codes: `fetch.robots_disallowed` (robots.txt forbids the URL), `fetch.robots_unavailable`
(robots.txt could not be read, so the whole origin is off limits for now).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Final

import httpx
from protego import Protego

from nashra.errors import BlockedAddressError, FetchError
from nashra.fetch.errors import HTTPStatusError, RateLimitedError

USER_AGENT_TOKEN: Final = "nashra"
ROBOTS_TTL: Final = 24 * 3600.0  # Google keeps robots.txt up to a day
ROBOTS_UNAVAILABLE_TTL: Final = 10 * 60.0  # a failing robots.txt is asked again ten minutes later
ROBOTS_MAX_BYTES: Final = 500 * 2**10  # Google reads the first 500 KiB and ignores the rest
# Failures that mean "there is no usable robots.txt here", i.e. allow all.
ALLOW_ALL_CODES: Final = frozenset(
    {"fetch.empty", "fetch.redirect_loop", "fetch.bad_scheme", "fetch.bad_url"}
)

RobotsFetch = Callable[[str], Awaitable[bytes]]
"""robots.txt URL -> its body (raising the fetcher's errors)."""


@dataclass(frozen=True)
class RobotsRules:
    """What one origin's robots.txt says, or why it could not be read."""

    parser: Protego | None
    expires: float
    unavailable: str | None = None

    def allows(self, url: str) -> bool:
        if self.unavailable is not None:
            return False
        return self.parser is None or self.parser.can_fetch(url, USER_AGENT_TOKEN)

    def crawl_delay(self) -> float | None:
        return None if self.parser is None else self.parser.crawl_delay(USER_AGENT_TOKEN)

    def sitemaps(self) -> list[str]:
        return [] if self.parser is None else list(self.parser.sitemaps)


def origin_of(url: str) -> str:
    parsed = httpx.URL(url)
    default_port = {"http": 80, "https": 443}.get(parsed.scheme)
    host = f"[{parsed.host}]" if ":" in parsed.host else parsed.host
    port = "" if parsed.port in (None, default_port) else f":{parsed.port}"
    return f"{parsed.scheme}://{host}{port}"


@dataclass
class RobotsCache:
    """robots.txt rules per origin, loaded through `fetch` on first use."""

    fetch: RobotsFetch
    clock: Callable[[], float] = time.monotonic
    _rules: dict[str, RobotsRules] = field(default_factory=dict)
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    async def rules(self, url: str) -> RobotsRules:
        origin = origin_of(url)
        cached = self._fresh(origin)
        if cached is not None:
            return cached
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._fresh(origin)
            if cached is None:
                cached = await self._load(origin)
                self._rules[origin] = cached
        return cached

    async def check(self, url: str) -> RobotsRules:
        """The origin's rules; raises when they forbid `url`."""
        rules = await self.rules(url)
        if rules.unavailable is not None:
            raise FetchError(
                f"robots.txt of {origin_of(url)} is unavailable ({rules.unavailable}); "
                "not fetching from it for now",
                code="fetch.robots_unavailable",
            )
        if not rules.allows(url):
            raise FetchError(f"robots.txt forbids {url}", code="fetch.robots_disallowed")
        return rules

    async def sitemaps(self, url: str) -> list[str]:
        """Sitemap URLs declared in the robots.txt of `url`'s origin."""
        return (await self.rules(url)).sitemaps()

    def _fresh(self, origin: str) -> RobotsRules | None:
        cached = self._rules.get(origin)
        if cached is not None and cached.expires > self.clock():
            return cached
        return None

    async def _load(self, origin: str) -> RobotsRules:
        now = self.clock()
        try:
            body = await self.fetch(f"{origin}/robots.txt")
        except BlockedAddressError:
            raise
        except RateLimitedError as exc:
            return RobotsRules(None, now + ROBOTS_UNAVAILABLE_TTL, unavailable=exc.code)
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500:
                return RobotsRules(None, now + ROBOTS_TTL)
            return RobotsRules(None, now + ROBOTS_UNAVAILABLE_TTL, unavailable=exc.code)
        except FetchError as exc:
            if exc.code in ALLOW_ALL_CODES:
                return RobotsRules(None, now + ROBOTS_TTL)
            return RobotsRules(None, now + ROBOTS_UNAVAILABLE_TTL, unavailable=exc.code)
        text = body.decode("utf-8", errors="replace").lstrip("\ufeff")
        return RobotsRules(Protego.parse(text), now + ROBOTS_TTL)
