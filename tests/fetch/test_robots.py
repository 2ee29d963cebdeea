"""robots.txt: fetched through the guarded fetcher, once per origin, and obeyed."""

from __future__ import annotations

import asyncio

import pytest

from nashra.errors import BlockedAddressError, FetchError
from nashra.fetch import Fetcher, RobotsCache
from nashra.fetch.errors import HTTPStatusError
from nashra.fetch.robots import ROBOTS_TTL, ROBOTS_UNAVAILABLE_TTL
from nashra.settings import Settings

from .conftest import TEST_TIMEOUTS
from .servers import RawServer, Request, static

pytestmark = pytest.mark.anyio

ROBOTS = b"""User-agent: *
Disallow: /private/

User-agent: nashra
Disallow: /no-nashra/
Allow: /

Sitemap: https://news.example/sitemap.xml
Sitemap: https://news.example/news-sitemap.xml
"""
PAGE = b"<html><body><p>article</p></body></html>"


def site(robots: bytes | None = ROBOTS, robots_status: int = 200) -> RawServer:
    routes = {path: static(PAGE) for path in ("/", "/a", "/b", "/no-nashra/x", "/private/x")}
    if robots is not None:
        routes["/robots.txt"] = static(robots, "text/plain", status=robots_status)
    return RawServer(routes)


def fetcher(settings: Settings) -> Fetcher:
    return Fetcher(settings, timeout=TEST_TIMEOUTS)


async def test_url_disallowed_for_nashra_is_refused_without_requesting_it(
    settings: Settings,
) -> None:
    async with site() as srv, fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/no-nashra/x"))
    assert caught.value.code == "fetch.robots_disallowed"
    assert "/no-nashra/x" not in srv.paths()


async def test_nashra_group_overrides_the_wildcard_group(settings: Settings) -> None:
    async with site() as srv, fetcher(settings) as client:
        result = await client.get(srv.url("/private/x"))
    assert result.content == PAGE


async def test_robots_txt_is_fetched_once_per_origin(settings: Settings) -> None:
    async with site() as srv, fetcher(settings) as client:
        await asyncio.gather(*(client.get(srv.url(path)) for path in ("/", "/a", "/b", "/a")))
    assert srv.paths().count("/robots.txt") == 1


async def test_missing_robots_txt_allows_everything(settings: Settings) -> None:
    async with site(robots=None) as srv, fetcher(settings) as client:
        result = await client.get(srv.url("/no-nashra/x"))
    assert result.content == PAGE


async def test_forbidden_robots_txt_allows_everything(settings: Settings) -> None:
    async with site(robots=b"go away", robots_status=403) as srv, fetcher(settings) as client:
        result = await client.get(srv.url("/a"))
    assert result.content == PAGE


async def test_failing_robots_txt_disallows_the_origin_for_now(settings: Settings) -> None:
    async with site(robots=b"oops", robots_status=500) as srv, fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/a"))
    assert caught.value.code == "fetch.robots_unavailable"
    assert "/a" not in srv.paths()


async def test_robots_txt_that_times_out_disallows_the_origin_for_now(settings: Settings) -> None:
    async def hang(request: Request, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(3600)

    async with site(robots=None) as srv, fetcher(settings) as client:
        srv.routes["/robots.txt"] = hang
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/a"))
    assert caught.value.code == "fetch.robots_unavailable"
    assert "/a" not in srv.paths()


async def test_robots_txt_is_not_consulted_when_told_not_to(settings: Settings) -> None:
    async with site() as srv, fetcher(settings) as client:
        await client.get(srv.url("/no-nashra/x"), respect_robots=False)
    assert srv.paths() == ["/no-nashra/x"]


async def test_sitemaps_declared_in_robots_txt_are_exposed(settings: Settings) -> None:
    async with site() as srv, fetcher(settings) as client:
        sitemaps = await client.robots_sitemaps(srv.url("/any/page"))
    assert sitemaps == [
        "https://news.example/sitemap.xml",
        "https://news.example/news-sitemap.xml",
    ]


async def test_redirect_target_on_another_origin_is_checked_against_its_robots_txt(
    settings: Settings,
) -> None:
    async with (
        site() as target,
        RawServer({"/": static(b"", status=301, Location=target.url("/no-nashra/x"))}) as src,
        fetcher(settings) as client,
    ):
        with pytest.raises(FetchError) as caught:
            await client.get(src.url("/"))
    assert caught.value.code == "fetch.robots_disallowed"
    assert "/robots.txt" in target.paths()
    assert "/no-nashra/x" not in target.paths()


async def test_robots_txt_fetch_goes_through_the_guard(strict_settings: Settings) -> None:
    async with site() as srv, fetcher(strict_settings) as client:
        with pytest.raises(BlockedAddressError):
            await client.robots_sitemaps(srv.url("/"))
    assert srv.requests == []


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_rules_are_fetched_again_after_their_ttl() -> None:
    clock = FakeClock()
    fetched: list[str] = []

    async def fetch(url: str) -> bytes:
        fetched.append(url)
        return b"User-agent: *\nDisallow: /x\n"

    cache = RobotsCache(fetch, clock=clock)
    await cache.check("https://news.example/a")
    clock.now += ROBOTS_TTL - 1
    await cache.check("https://news.example/b")
    clock.now += 2
    await cache.check("https://news.example/c")
    assert fetched == ["https://news.example/robots.txt"] * 2


async def test_unavailable_robots_txt_is_asked_again_sooner() -> None:
    clock = FakeClock()
    answers: list[bytes | None] = [None, b"User-agent: *\nAllow: /\n"]

    async def fetch(url: str) -> bytes:
        answer = answers.pop(0)
        if answer is None:
            raise HTTPStatusError("down", status=503, code="fetch.server_error")
        return answer

    cache = RobotsCache(fetch, clock=clock)
    with pytest.raises(FetchError):
        await cache.check("https://news.example/a")
    clock.now += ROBOTS_UNAVAILABLE_TTL + 1
    await cache.check("https://news.example/a")
    assert answers == []


async def test_origins_differ_by_scheme_and_port() -> None:
    fetched: list[str] = []

    async def fetch(url: str) -> bytes:
        fetched.append(url)
        return b""

    cache = RobotsCache(fetch)
    for url in (
        "https://news.example/a",
        "https://news.example:443/b",
        "http://news.example/c",
        "https://news.example:8443/d",
    ):
        await cache.check(url)
    assert fetched == [
        "https://news.example/robots.txt",
        "http://news.example/robots.txt",
        "https://news.example:8443/robots.txt",
    ]
