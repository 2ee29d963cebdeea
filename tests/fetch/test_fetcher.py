"""Fetcher.get against real servers on 127.0.0.1, well-behaved and hostile."""

from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
import zlib

import brotli  # type: ignore[import-untyped]
import pytest

from nashra.errors import BlockedAddressError, FetchError
from nashra.fetch import MAX_BODY_BYTES, Fetcher, HTTPStatusError, RateLimitedError, user_agent
from nashra.settings import Settings

from .conftest import TEST_TIMEOUTS, shared_file
from .servers import (
    PUBLIC_TEST_IP,
    LoopbackOnlyBackend,
    RawServer,
    RecordingResolver,
    Request,
    response,
    static,
)

pytestmark = pytest.mark.anyio

HTML = "<html><head><title>نشرة</title></head><body><p>خبر اليوم</p></body></html>"
BOMB_SIZE = 2**30  # 1 GiB of zeros once inflated
HANG_FOREVER = 3600.0  # seconds; far beyond any timeout under test
BOUNDED = 10.0  # seconds: a hanging server must not keep a fetch anywhere near this long
MEMORY_BOUND = 64 * 2**20  # bytes: the 15 MiB cap plus slack; httpx decoding peaks near 140 MiB


def fetcher(settings: Settings, **kwargs: object) -> Fetcher:
    return Fetcher(settings, timeout=TEST_TIMEOUTS, **kwargs)  # type: ignore[arg-type]


async def hang(request: Request, writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(HANG_FOREVER)


@pytest.fixture(scope="session")
def gzip_bomb() -> bytes:
    """1 GiB of zeros gzipped to about 1 MiB, made by streaming (never held inflated)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(2**20)
    parts = [compressor.compress(zeros) for _ in range(BOMB_SIZE // len(zeros))]
    parts.append(compressor.flush())
    return b"".join(parts)


@pytest.fixture(scope="session")
def brotli_bomb() -> bytes:
    compressor = brotli.Compressor(quality=1)
    zeros = bytes(2**20)
    parts = [compressor.process(zeros) for _ in range(BOMB_SIZE // len(zeros))]
    parts.append(compressor.finish())
    return b"".join(parts)


def body_server(body: bytes, **headers: str) -> RawServer:
    return RawServer({"/": static(body, **headers)})


async def test_page_is_fetched_with_lowercase_headers_and_media_type(settings: Settings) -> None:
    async with (
        body_server(HTML.encode(), content_type="text/html; charset=UTF-8", X_Paper="massa") as srv,
        fetcher(settings) as client,
    ):
        result = await client.get(srv.url("/"))
    assert result.status == 200
    assert result.url == srv.url("/")
    assert result.content_type == "text/html"
    assert result.headers["x-paper"] == "massa"
    assert result.text() == HTML
    assert result.encoding == "utf-8"
    assert not result.not_modified


async def test_requests_carry_the_nashra_user_agent(settings: Settings) -> None:
    async with body_server(HTML.encode()) as srv, fetcher(settings) as client:
        await client.get(srv.url("/"))
    page = next(r for r in srv.requests if r.path == "/")
    assert page.headers["user-agent"] == user_agent(settings)
    assert page.headers["user-agent"].startswith("nashra/")
    assert settings.user_agent_contact in page.headers["user-agent"]


async def test_conditional_get_sends_validators_and_reports_not_modified(
    settings: Settings,
) -> None:
    async def conditional(request: Request, writer: asyncio.StreamWriter) -> None:
        if request.headers.get("if-none-match") == '"v1"':
            writer.write(response(304, headers={"ETag": '"v1"'}))
        else:
            writer.write(response(200, HTML.encode(), {"Content-Type": "text/html"}))
        await writer.drain()

    async with RawServer({"/feed": conditional}) as srv, fetcher(settings) as client:
        result = await client.get(
            srv.url("/feed"), etag='"v1"', last_modified="Wed, 22 Jul 2020 08:00:00 GMT"
        )
    sent = next(r for r in srv.requests if r.path == "/feed").headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Wed, 22 Jul 2020 08:00:00 GMT"
    assert result.not_modified
    assert result.status == 304
    assert result.content == b""
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 22 Jul 2020 08:00:00 GMT"


async def test_validators_and_max_age_are_returned_for_the_next_poll(settings: Settings) -> None:
    server = body_server(
        b"<rss/>",
        content_type="application/rss+xml",
        ETag='"abc"',
        Last_Modified="Wed, 22 Jul 2020 08:00:00 GMT",
        Cache_Control="public, max-age=600",
    )
    async with server as srv, fetcher(settings) as client:
        result = await client.get(srv.url("/"), kind="feed")
    assert result.etag == '"abc"'
    assert result.last_modified == "Wed, 22 Jul 2020 08:00:00 GMT"
    assert result.max_age == 600.0


async def test_server_that_never_answers_times_out(settings: Settings) -> None:
    started = time.monotonic()
    async with RawServer({"/": hang}) as srv, fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/"))
    assert caught.value.code == "fetch.timeout"
    assert time.monotonic() - started < BOUNDED


async def test_server_trickling_a_byte_per_second_ends_at_the_total_deadline(
    settings: Settings,
) -> None:
    async def trickle(request: Request, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(1000):
            await asyncio.sleep(1.0)
            writer.write(b"x")
            await writer.drain()

    started = time.monotonic()
    async with RawServer({"/": trickle}) as srv, fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/"))
    assert caught.value.code == "fetch.timeout"
    assert time.monotonic() - started < BOUNDED


async def test_server_trickling_its_headers_ends_at_the_total_deadline(settings: Settings) -> None:
    async def trickle_head(request: Request, writer: asyncio.StreamWriter) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" * 100:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(0.5)

    started = time.monotonic()
    async with RawServer({"/": trickle_head}) as srv, fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/"))
    assert caught.value.code == "fetch.timeout"
    assert time.monotonic() - started < BOUNDED


async def test_endless_body_is_too_large(settings: Settings) -> None:
    async def endless(request: Request, writer: asyncio.StreamWriter) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"<p>" + b"a" * 65536 + b"</p>"
        framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        while True:
            writer.write(framed)
            await writer.drain()

    async with RawServer({"/": endless}) as srv, fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/"))
    assert caught.value.code == "fetch.too_large"


async def test_declared_length_over_the_cap_is_refused_before_reading(settings: Settings) -> None:
    async def huge(request: Request, writer: asyncio.StreamWriter) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {MAX_BODY_BYTES + 1}"
        writer.write(head.encode() + b"\r\n\r\n")
        await writer.drain()
        await asyncio.sleep(HANG_FOREVER)

    async with RawServer({"/": huge}) as srv, fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/"))
    assert caught.value.code == "fetch.too_large"


@pytest.mark.parametrize(
    ("encoding", "bomb_fixture"), [("gzip", "gzip_bomb"), ("br", "brotli_bomb")]
)
async def test_compression_bomb_is_too_large_in_bounded_memory(
    settings: Settings, encoding: str, bomb_fixture: str, request: pytest.FixtureRequest
) -> None:
    bomb: bytes = request.getfixturevalue(bomb_fixture)
    server = body_server(bomb, content_type="text/html", Content_Encoding=encoding)
    async with server as srv, fetcher(settings) as client:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError) as caught:
                await client.get(srv.url("/"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert caught.value.code == "fetch.too_large"
    assert peak < MEMORY_BOUND


async def test_gzip_body_is_decoded(settings: Settings) -> None:
    server = body_server(gzip.compress(HTML.encode()), Content_Encoding="gzip")
    async with server as srv, fetcher(settings) as client:
        result = await client.get(srv.url("/"))
    assert result.text() == HTML


async def test_redirects_are_followed_to_the_final_url(settings: Settings) -> None:
    async with RawServer({}) as srv:
        srv.routes["/old"] = static(b"", status=301, Location="/new")
        srv.routes["/new"] = static(b"", status=302, Location=srv.url("/article?id=7"))
        srv.routes["/article"] = static(HTML.encode())
        async with fetcher(settings) as client:
            result = await client.get(srv.url("/old"))
    assert result.url == srv.url("/article?id=7")
    assert result.text() == HTML


async def test_redirect_loop_is_reported(settings: Settings) -> None:
    async with RawServer({}) as srv:
        srv.routes["/a"] = static(b"", status=302, Location="/b")
        srv.routes["/b"] = static(b"", status=302, Location="/a")
        async with fetcher(settings) as client:
            with pytest.raises(FetchError) as caught:
                await client.get(srv.url("/a"))
    assert caught.value.code == "fetch.redirect_loop"
    assert srv.paths().count("/a") == 1


async def test_more_than_five_redirects_is_a_redirect_loop(settings: Settings) -> None:
    async def onwards(request: Request, writer: asyncio.StreamWriter) -> None:
        step = int(request.path.rsplit("/", 1)[1])
        writer.write(response(302, headers={"Location": f"/hop/{step + 1}"}))
        await writer.drain()

    async with (
        RawServer({f"/hop/{n}": onwards for n in range(10)}) as srv,
        fetcher(settings) as client,
    ):
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/hop/0"))
    assert caught.value.code == "fetch.redirect_loop"
    assert [p for p in srv.paths() if p.startswith("/hop/")] == [f"/hop/{n}" for n in range(6)]


async def test_redirect_to_a_non_http_scheme_is_refused(settings: Settings) -> None:
    async with (
        body_server(b"", status=302, Location="file:///etc/passwd") as srv,
        fetcher(settings) as client,
    ):
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/"))
    assert caught.value.code == "fetch.bad_scheme"


async def test_redirect_to_loopback_is_refused_when_private_hosts_are_disallowed(
    strict_settings: Settings,
) -> None:
    backend = LoopbackOnlyBackend()
    resolver = RecordingResolver({"news.example": [PUBLIC_TEST_IP]})
    async with RawServer({}) as srv:
        srv.routes["/"] = static(b"", status=302, Location=srv.url("/admin"))
        async with fetcher(strict_settings, resolver=resolver, network_backend=backend) as client:
            with pytest.raises(BlockedAddressError) as caught:
                await client.get(srv.url("/", host="news.example"))
    assert caught.value.code == "fetch.blocked_address"
    assert "/admin" not in srv.paths()
    assert set(backend.addresses) == {PUBLIC_TEST_IP}


async def test_redirect_to_cloud_metadata_is_refused_without_connecting(
    strict_settings: Settings,
) -> None:
    backend = LoopbackOnlyBackend()
    resolver = RecordingResolver({"news.example": [PUBLIC_TEST_IP]})
    location = "http://169.254.169.254/latest/meta-data/"
    async with (
        body_server(b"", status=302, Location=location) as srv,
        fetcher(strict_settings, resolver=resolver, network_backend=backend) as client,
    ):
        with pytest.raises(BlockedAddressError):
            await client.get(srv.url("/", host="news.example"))
    assert "169.254.169.254" not in backend.addresses
    assert set(backend.addresses) == {PUBLIC_TEST_IP}


async def test_redirect_to_a_name_resolving_to_metadata_is_refused_without_connecting(
    strict_settings: Settings,
) -> None:
    backend = LoopbackOnlyBackend()
    resolver = RecordingResolver(
        {"news.example": [PUBLIC_TEST_IP], "metadata.example": ["169.254.169.254"]}
    )
    async with (
        body_server(b"", status=302, Location="http://metadata.example/") as srv,
        fetcher(strict_settings, resolver=resolver, network_backend=backend) as client,
    ):
        with pytest.raises(BlockedAddressError):
            await client.get(srv.url("/", host="news.example"))
    assert "metadata.example" in resolver.questions
    assert set(backend.addresses) == {PUBLIC_TEST_IP}


async def test_429_with_retry_after_is_rate_limited(settings: Settings) -> None:
    async with (
        body_server(b"slow down", status=429, Retry_After="120") as srv,
        fetcher(settings) as client,
    ):
        with pytest.raises(RateLimitedError) as caught:
            await client.get(srv.url("/"))
    assert caught.value.code == "fetch.rate_limited"
    assert caught.value.retry_after == 120.0
    assert caught.value.status == 429


async def test_host_that_asked_to_wait_is_not_asked_again_before_then(settings: Settings) -> None:
    async with (
        body_server(b"slow down", status=429, Retry_After="120") as srv,
        fetcher(settings) as client,
    ):
        with pytest.raises(RateLimitedError):
            await client.get(srv.url("/"))
        with pytest.raises(RateLimitedError) as again:
            await client.get(srv.url("/"))
    assert srv.paths().count("/") == 1
    assert 100.0 < again.value.retry_after <= 120.0


async def test_503_with_http_date_retry_after_is_rate_limited(settings: Settings) -> None:
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 300))
    async with (
        body_server(b"", status=503, Retry_After=when) as srv,
        fetcher(settings) as client,
    ):
        with pytest.raises(RateLimitedError) as caught:
            await client.get(srv.url("/"))
    assert 250.0 < caught.value.retry_after <= 300.0
    assert caught.value.status == 503


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (404, "fetch.not_found"),
        (410, "fetch.not_found"),
        (403, "fetch.http_error"),
        (500, "fetch.server_error"),
        (503, "fetch.server_error"),
    ],
)
async def test_error_status_becomes_its_error_code(
    settings: Settings, status: int, code: str
) -> None:
    async with body_server(b"error page", status=status) as srv, fetcher(settings) as client:
        with pytest.raises(HTTPStatusError) as caught:
            await client.get(srv.url("/"))
    assert caught.value.code == code
    assert caught.value.status == status


async def test_refused_connection_is_a_connection_error(settings: Settings) -> None:
    async with RawServer({}) as srv:
        closed_port_url = srv.url("/")
    async with fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(closed_port_url, respect_robots=False)
    assert caught.value.code == "fetch.connection"


async def test_server_closing_without_answering_is_a_connection_error(settings: Settings) -> None:
    async def close_at_once(request: Request, writer: asyncio.StreamWriter) -> None:
        return None

    async with RawServer({"/": close_at_once}) as srv, fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/"))
    assert caught.value.code == "fetch.connection"


async def test_empty_body_is_an_error(settings: Settings) -> None:
    async with body_server(b"") as srv, fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/"))
    assert caught.value.code == "fetch.empty"


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("page", "image/png"),
        ("page", "application/pdf"),
        ("feed", "image/jpeg"),
        ("image", "text/html"),
        ("image", "image/svg+xml"),
    ],
)
async def test_content_type_not_fitting_the_kind_is_refused(
    settings: Settings, kind: str, content_type: str
) -> None:
    async with body_server(b"data", content_type=content_type) as srv, fetcher(settings) as client:
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/"), kind=kind)  # type: ignore[arg-type]
    assert caught.value.code == "fetch.bad_content_type"


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("page", "application/xhtml+xml"),
        ("feed", "application/rss+xml"),
        ("feed", "application/atom+xml; charset=utf-8"),
        ("feed", "application/feed+json"),
        ("feed", "text/xml"),
        ("feed", "text/html"),
        ("image", "image/webp"),
    ],
)
async def test_content_type_fitting_the_kind_is_accepted(
    settings: Settings, kind: str, content_type: str
) -> None:
    async with body_server(b"data", content_type=content_type) as srv, fetcher(settings) as client:
        result = await client.get(srv.url("/"), kind=kind)  # type: ignore[arg-type]
    assert result.content == b"data"


async def test_windows1256_page_without_charset_decodes(settings: Settings) -> None:
    data = shared_file("feeds", "chromium-encoding-test_windows-1256.no-charset.html").read_bytes()
    async with body_server(data, content_type="text/html") as srv, fetcher(settings) as client:
        result = await client.get(srv.url("/"))
    assert result.encoding == "windows-1256"
    assert "أعلنت كتائب الشهيد عز الدين القسام" in result.text()


async def test_windows1256_page_with_charset_header_decodes(settings: Settings) -> None:
    text = "<html><body><p>أشرف والي الولاية على تدشين المستشفى الجديد</p></body></html>"
    server = body_server(text.encode("cp1256"), content_type="text/html; charset=windows-1256")
    async with server as srv, fetcher(settings) as client:
        result = await client.get(srv.url("/"))
    assert result.encoding == "windows-1256"
    assert result.text() == text


async def test_utf8_page_mislabelled_windows1256_decodes_as_utf8(settings: Settings) -> None:
    text = "<html><body><p>أشرف والي الولاية على تدشين المستشفى الجديد</p></body></html>"
    server = body_server(text.encode("utf-8"), content_type="text/html; charset=windows-1256")
    async with server as srv, fetcher(settings) as client:
        result = await client.get(srv.url("/"))
    assert result.encoding == "utf-8"
    assert result.text() == text
