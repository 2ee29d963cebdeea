"""The crawl pipeline against misbehaving servers on the loopback (issue "Crawling").

Every case ends with a coded error on the feed's health (or the correct result), in
bounded time, and the article stored before it is untouched.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nashra.fetch import Fetcher, Timeouts
from nashra.models import Article, Feed, Source
from nashra.pipeline import CrawlSummary, crawl_once
from nashra.settings import Settings
from nashra.store import Store
from tests.fetch.servers import Handler, RawServer, Request, response, static

pytestmark = pytest.mark.anyio

TIMEOUTS = Timeouts(connect=1.0, total=2.0)  # hanging servers end the test quickly
MAX_BYTES = 2 * 2**20  # a small cap so endless bodies and bombs are cut fast
BOMB_BYTES = 64 * 2**20  # inflates far past the cap from about 64 KB on the wire
PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | جريدة الاختبار</title></head><body>
<nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav>
<article><h1>{title}</h1><p class="date">22 - 07 - 2020</p>
<p>أعلنت مديرية الموارد المائية لولاية وادي الصفصاف، أمس، عن انطلاق أشغال تجديد شبكة توزيع
المياه الصالحة للشرب بعدد من أحياء مدينة عين الكرمة، في إطار برنامج يمتد على ستة أشهر.</p>
<p>وأوضح المسؤول الأول عن القطاع أن الأشغال ستتم على مراحل حتى لا يتأثر التزويد اليومي
للسكان، مشيرا إلى أن الغلاف المالي المخصص للمشروع يفوق مليار دينار.</p>
<p>ومن جهتهم، عبّر سكان الأحياء المعنية عن ارتياحهم لهذه العملية التي طالما انتظروها،
بعد سنوات من التسربات والانقطاعات المتكررة خلال فصل الصيف.</p></article>
<footer>جميع الحقوق محفوظة 2020</footer></body></html>"""
ORIGINAL_TITLE = "مقال مخزن قبل الاختبار"


def page(title: str) -> bytes:
    return PAGE.format(title=title).encode()


def rss(*items: tuple[str, str], extra: str = "") -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link>{extra}</item>" for title, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<link>http://127.0.0.1/</link>{body}</channel></rss>"
    ).encode()


async def hang(request: Request, writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(3600)


async def trickle(request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n")
    for _ in range(3600):
        writer.write(b"<")
        await writer.drain()
        await asyncio.sleep(1)


async def endless(request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss>")
    chunk = b"<item><title>x</title></item>" * 2048
    while True:
        writer.write(chunk)
        await writer.drain()


def gzip_bomb() -> Handler:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(2**20)
    body = b"".join(compressor.compress(zeros) for _ in range(BOMB_BYTES // len(zeros)))
    body += compressor.flush()
    return static(body, "application/rss+xml", content_encoding="gzip")


def redirect(location: str) -> Handler:
    return static(b"", "text/html", status=302, location=location)


def not_modified_after_first() -> Handler:
    async def handle(request: Request, writer: asyncio.StreamWriter) -> None:
        if request.headers.get("if-none-match") == '"v1"':
            writer.write(response(304, b"", {"ETag": '"v1"'}))
        else:
            feed = rss(("خبر", "/article/1"))
            writer.write(
                response(200, feed, {"Content-Type": "application/rss+xml", "ETag": '"v1"'})
            )
        await writer.drain()

    return handle


XXE = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title>
<link>/article/1</link></item></channel></rss>"""
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">'
    b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;">'
    b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;">]>'
    b'<rss version="2.0"><channel><title>&h;</title><item><title>&h;</title>'
    b"<link>/article/1</link></item></channel></rss>"
)


async def crawl(server: RawServer, tmp_path: Path, feed_path: str) -> tuple[Store, CrawlSummary]:
    store = Store.open(f"sqlite:///{tmp_path / 'bad.db'}")
    source_id = store.upsert_source(
        Source(
            slug="test-paper",
            name="جريدة الاختبار",
            homepage=server.url("/"),
            feeds=(Feed(url=server.url(feed_path), kind="rss"),),
        )
    )
    store.ingest_article(
        source_id,
        Article(url=server.url("/kept"), title=ORIGINAL_TITLE, text="نص محفوظ"),
        fetched_at=datetime(2020, 7, 1, tzinfo=UTC),
    )
    settings = Settings(allow_private_hosts=True, per_host_delay=0.0, data_dir=tmp_path)
    async with Fetcher(settings, timeout=TIMEOUTS, max_bytes=MAX_BYTES) as fetcher:
        summary = await asyncio.wait_for(crawl_once(store, fetcher, settings), timeout=30)
    return store, summary


def feed_error(store: Store) -> str | None:
    [(source, _count)] = store.list_sources()
    feed = next(feed for feed in source.feeds if feed.url.endswith("/feed"))
    return feed.health.last_error_code


def assert_kept(store: Store) -> None:
    titles = [article.title for article in store.list_articles(limit=100)[0]]
    assert ORIGINAL_TITLE in titles


FAILING: list[tuple[str, Callable[[], Handler], str]] = [
    ("never_answers", lambda: hang, "fetch.timeout"),
    ("trickles_a_byte_a_second", lambda: trickle, "fetch.timeout"),
    ("endless_body", lambda: endless, "fetch.too_large"),
    ("gzip_bomb", gzip_bomb, "fetch.too_large"),
    ("redirect_loop", lambda: redirect("/feed"), "fetch.redirect_loop"),
    (
        "redirect_to_metadata_address",
        lambda: redirect("http://169.254.169.254/"),
        "fetch.blocked_address",
    ),
    (
        "rate_limited",
        lambda: static(b"", "text/plain", status=429, retry_after="120"),
        "fetch.rate_limited",
    ),
    (
        "html_served_as_a_feed",
        lambda: static(page("صفحة"), "application/rss+xml"),
        "feed.not_a_feed",
    ),
    (
        "truncated_xml",
        lambda: static(rss(("a", "/article/1"))[:90], "application/rss+xml"),
        "feed.parse",
    ),
]


@pytest.mark.parametrize(("case", "handler", "code"), FAILING, ids=[c[0] for c in FAILING])
async def test_misbehaving_feed_is_recorded_with_its_code_and_nothing_stored_is_touched(
    tmp_path: Path, case: str, handler: Callable[[], Handler], code: str
) -> None:
    async with RawServer({"/feed": handler(), "/": static(b"<html></html>")}) as server:
        store, summary = await crawl(server, tmp_path, "/feed")
    assert feed_error(store) == code
    assert summary.error_codes.get(code, 0) >= 1
    assert_kept(store)
    assert store.count_articles() == 1


CORRECT: list[tuple[str, bytes]] = [
    ("xxe_entity_is_not_resolved", XXE),
    ("billion_laughs_is_not_expanded", LAUGHS),
    ("author_of_64_kb", rss(("خبر", "/article/1"), extra=f"<author>{'ا' * 65536}</author>")),
    (
        "javascript_and_data_links_are_dropped",
        rss(("خبر", "/article/1"), ("شر", "javascript:alert(1)"), ("شر", "data:text/html,x")),
    ),
]


@pytest.mark.parametrize(("case", "feed"), CORRECT, ids=[c[0] for c in CORRECT])
async def test_hostile_feed_still_gives_the_correct_result(
    tmp_path: Path, case: str, feed: bytes
) -> None:
    routes = {
        "/feed": static(feed, "application/rss+xml"),
        "/article/1": static(page("خبر سليم من الخلاصة")),
    }
    async with RawServer(routes) as server:
        store, summary = await crawl(server, tmp_path, "/feed")
        requested = server.paths()
    assert feed_error(store) is None
    assert summary.errors == 0
    titles = {article.title for article in store.list_articles(limit=10)[0]}
    assert titles == {ORIGINAL_TITLE, "خبر سليم من الخلاصة"}
    assert set(requested) <= {"/feed", "/article/1", "/robots.txt", "/"}


async def test_not_modified_feed_is_a_success_with_nothing_new(tmp_path: Path) -> None:
    routes = {"/feed": not_modified_after_first(), "/article/1": static(page("خبر أول"))}
    async with RawServer(routes) as server:
        store, first = await crawl(server, tmp_path, "/feed")
        settings = Settings(allow_private_hosts=True, per_host_delay=0.0, data_dir=tmp_path)
        later = datetime(2100, 1, 1, tzinfo=UTC)
        async with Fetcher(settings, timeout=TIMEOUTS) as fetcher:
            second = await crawl_once(store, fetcher, settings, now=later)
        conditional = [r for r in server.requests if r.path == "/feed"][-1]
    assert (first.articles_new, second.articles_new, second.errors) == (1, 0, 0)
    assert conditional.headers.get("if-none-match") == '"v1"'
    assert feed_error(store) is None
    assert store.count_articles() == 2


async def test_windows1256_page_without_declared_charset_is_stored_readable(
    tmp_path: Path,
) -> None:
    html = page("صفحة بترميز ويندوز العربي").replace(b'<meta charset="utf-8">', b"")
    encoded = html.decode().encode("windows-1256")
    routes = {
        "/feed": static(rss(("x", "/article/1")), "application/rss+xml"),
        "/article/1": static(encoded, "text/html"),
    }
    async with RawServer(routes) as server:
        store, summary = await crawl(server, tmp_path, "/feed")
    assert summary.errors == 0
    titles = {article.title for article in store.list_articles(limit=10)[0]}
    assert "صفحة بترميز ويندوز العربي" in titles


async def test_listing_fetched_twice_with_javascript_links_records_no_failure(
    tmp_path: Path,
) -> None:
    feed = rss(("شر", "javascript:alert(1)"))
    async with RawServer({"/feed": static(feed, "application/rss+xml")}) as server:
        store, summary = await crawl(server, tmp_path, "/feed")
    assert summary.errors == 0
    assert store.url_failures() == []
