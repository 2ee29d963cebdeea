"""`Fetcher.get`: one polite, guarded, bounded GET, redirects included, to a `FetchResult`.

What one `get` does, in order, for each hop (at most `MAX_REDIRECTS` redirects):
1. the URL is normalised and checked (`guard.normalize_url`: http/https only, numeric hosts
   read as browsers do; a host that is itself a blocked address is refused at once);
2. unless disabled, robots.txt of the hop's origin must allow it (`robots.RobotsCache`);
3. the request waits for its host's turn (`politeness.Politeness`);
4. it is sent through the client of `client.make_client`, whose network backend checks
   every address at connect time; the whole exchange, body included, must end within
   what is left of `Timeouts.total` (time spent waiting for politeness is not counted);
5. a redirect is resolved against the hop's URL and followed, refusing a URL already
   requested with the same cookies (a loop); otherwise the status, the content type for the
   `kind` and the decoded body size are checked (`responses`, `body`).
A 429 or 503 with Retry-After also tells politeness to keep away from that host.

Error codes (all `FetchError`): `fetch.bad_url`, `fetch.bad_scheme`, `fetch.blocked_address`
(`BlockedAddressError`), `fetch.dns`, `fetch.timeout`, `fetch.connection`, `fetch.tls`,
`fetch.redirect_loop`, `fetch.not_found`, `fetch.http_error`, `fetch.server_error`
(`HTTPStatusError` with `status`), `fetch.rate_limited` (`RateLimitedError` with
`retry_after`), `fetch.bad_content_type`, `fetch.too_large`, `fetch.bad_encoding`,
`fetch.empty`, `fetch.robots_disallowed`, `fetch.robots_unavailable`.
"""

from __future__ import annotations

import asyncio
import ssl
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import TracebackType
from typing import Final

import httpcore
import httpx

from nashra.errors import FetchError
from nashra.fetch.backend import Resolver
from nashra.fetch.body import ACCEPT_ENCODING, MAX_BODY_BYTES, read_body
from nashra.fetch.charset import decode_html_bytes
from nashra.fetch.client import Timeouts, make_client
from nashra.fetch.errors import RateLimitedError
from nashra.fetch.guard import check_literal_host, normalize_url
from nashra.fetch.politeness import Politeness
from nashra.fetch.responses import (
    DEFAULT_ACCEPT,
    REDIRECT_STATUSES,
    Kind,
    check_content_type,
    media_type,
    parse_max_age,
    raise_for_status,
)
from nashra.fetch.robots import ROBOTS_MAX_BYTES, RobotsCache
from nashra.settings import Settings

MAX_REDIRECTS: Final = 5  # browsers allow 20; news sites need 1–2, Google's robots.txt limit is 5


@dataclass(frozen=True)
class FetchResult:
    """A successful fetch (or a 304): the final URL, its headers and the decoded body."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    not_modified: bool
    max_age: float | None
    elapsed: float

    @cached_property
    def _decoded(self) -> tuple[str, str]:
        return decode_html_bytes(self.content, self.headers.get("content-type"))

    def text(self) -> str:
        """The body as text, decoded by `charset.decode_html_bytes` (computed once)."""
        return self._decoded[0]

    @property
    def encoding(self) -> str:
        """The encoding `text()` used."""
        return self._decoded[1]


@dataclass(frozen=True)
class _Redirect:
    location: str


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: dict[str, str]
    content: bytes


class Fetcher:
    """The guarded, polite HTTP client every part of nashra fetches through."""

    def __init__(
        self,
        settings: Settings,
        *,
        resolver: Resolver | None = None,
        timeout: Timeouts | None = None,
        max_bytes: int = MAX_BODY_BYTES,
        politeness: Politeness | None = None,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._settings = settings
        self._timeouts = timeout or Timeouts()
        self._max_bytes = max_bytes
        self._client = make_client(
            settings,
            resolver=resolver,
            timeouts=self._timeouts,
            network_backend=network_backend,
            ssl_context=ssl_context,
        )
        self._politeness = politeness or Politeness(settings)
        self._robots = RobotsCache(self._fetch_robots)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        kind: Kind = "page",
        respect_robots: bool = True,
    ) -> FetchResult:
        """GET `url`, conditionally when `etag`/`last_modified` (from a previous result) are
        given; `accept` defaults to what suits `kind`. On a 304 the result has
        `not_modified=True`, an empty body and the validators sent when the server repeats
        none."""
        return await self._fetch(
            url,
            etag=etag,
            last_modified=last_modified,
            accept=accept or DEFAULT_ACCEPT[kind],
            kind=kind,
            respect_robots=respect_robots and kind != "robots",
            max_bytes=self._max_bytes,
            truncate=False,
        )

    async def robots_sitemaps(self, url: str) -> list[str]:
        """Sitemap URLs declared in the robots.txt of the origin of `url`."""
        return await self._robots.sitemaps(normalize_url(url))

    async def _fetch_robots(self, url: str) -> bytes:
        result = await self._fetch(
            url,
            etag=None,
            last_modified=None,
            accept=DEFAULT_ACCEPT["robots"],
            kind="robots",
            respect_robots=False,
            max_bytes=ROBOTS_MAX_BYTES,
            truncate=True,
        )
        return result.content

    async def _fetch(
        self,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        accept: str,
        kind: Kind,
        respect_robots: bool,
        max_bytes: int,
        truncate: bool,
    ) -> FetchResult:
        started = time.monotonic()
        budget = self._timeouts.total
        headers = {"Accept": accept, "Accept-Encoding": ACCEPT_ENCODING}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = normalize_url(url)
        requested: set[tuple[str, str | None]] = set()
        for _hop in range(MAX_REDIRECTS + 1):
            target = _httpx_url(current)
            check_literal_host(target.host, allow_loopback=self._settings.allow_private_hosts)
            if respect_robots:
                rules = await self._robots.check(current)
                crawl_delay = rules.crawl_delay()
                if crawl_delay:
                    self._politeness.set_crawl_delay(target.host, crawl_delay)
            request = self._client.build_request("GET", target, headers=headers)
            key = (str(request.url), request.headers.get("cookie"))
            if key in requested:
                raise FetchError(f"redirect loop back to {current}", code="fetch.redirect_loop")
            requested.add(key)
            async with self._politeness.slot(target.host):
                hop_started = time.monotonic()
                try:
                    async with asyncio.timeout(max(budget, 0.0)):
                        outcome = await self._exchange(request, kind, max_bytes, truncate)
                except TimeoutError:
                    raise FetchError(
                        f"{url} took more than {self._timeouts.total:g} s",
                        code="fetch.timeout",
                    ) from None
                finally:
                    budget -= time.monotonic() - hop_started
            if isinstance(outcome, _Redirect):
                current = outcome.location
                continue
            return _result(current, outcome, etag, last_modified, time.monotonic() - started)
        raise FetchError(
            f"{url} redirects more than {MAX_REDIRECTS} times", code="fetch.redirect_loop"
        )

    async def _exchange(
        self, request: httpx.Request, kind: Kind, max_bytes: int, truncate: bool
    ) -> _Redirect | _Answer:
        url = str(request.url)
        try:
            response = await self._client.send(request, stream=True)
            try:
                return await self._judge(response, kind, max_bytes, truncate)
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            raise _transport_error(exc, url) from exc
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL {url}: {exc}", code="fetch.bad_url") from None

    async def _judge(
        self, response: httpx.Response, kind: Kind, max_bytes: int, truncate: bool
    ) -> _Redirect | _Answer:
        url = str(response.request.url)
        status = response.status_code
        headers = {name.lower(): value for name, value in response.headers.items()}
        if status in REDIRECT_STATUSES:
            location = headers.get("location", "").strip()
            if not location:
                raise FetchError(
                    f"{url} answered {status} without a Location", code="fetch.http_error"
                )
            return _Redirect(normalize_url(urllib.parse.urljoin(url, location)))
        if status == 304:
            return _Answer(status, headers, b"")
        try:
            raise_for_status(status, headers, url)
        except RateLimitedError as exc:
            self._politeness.defer(response.request.url.host, exc.retry_after)
            raise
        check_content_type(kind, media_type(headers.get("content-type")), url)
        content = await read_body(response, max_bytes=max_bytes, truncate=truncate)
        if not content and kind != "robots":
            raise FetchError(f"{url} answered {status} with an empty body", code="fetch.empty")
        return _Answer(status, headers, content)


def _httpx_url(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}", code="fetch.bad_url") from None


def _result(
    url: str, answer: _Answer, etag: str | None, last_modified: str | None, elapsed: float
) -> FetchResult:
    not_modified = answer.status == 304
    return FetchResult(
        url=url,
        status=answer.status,
        headers=answer.headers,
        content=answer.content,
        content_type=media_type(answer.headers.get("content-type")),
        etag=answer.headers.get("etag") or (etag if not_modified else None),
        last_modified=answer.headers.get("last-modified")
        or (last_modified if not_modified else None),
        not_modified=not_modified,
        max_age=parse_max_age(answer.headers.get("cache-control")),
        elapsed=elapsed,
    )


def _transport_error(exc: httpx.TransportError, url: str) -> FetchError:
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(f"{url} timed out ({type(exc).__name__})", code="fetch.timeout")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError(f"{url}: {exc}", code="fetch.bad_scheme")
    cause: BaseException | None = exc
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, ssl.SSLError):
            return FetchError(f"TLS failure with {url}: {cause}", code="fetch.tls")
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return FetchError(f"cannot fetch {url}: {exc or type(exc).__name__}", code="fetch.connection")
