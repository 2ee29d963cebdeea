"""The demo press over real HTTP: addresses, lifecycle, discovery per paper, faults.

Every request goes to 127.0.0.11–17 from an httpx client; feeds are parsed with
feedparser and sitemaps and pages with lxml, as nashra itself reads them.
"""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
import pytest
from lxml import etree, html

from nashra.demo import DemoPress
from nashra.demo.press import default_base_date, serve_forever
from nashra.errors import NashraError

FIXTURE_CONTENT = Path(__file__).resolve().parent / "content"
BASE_DATE = date(2020, 7, 17)
SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
FEED_TYPES = ("application/rss+xml", "application/atom+xml")

pytestmark = pytest.mark.anyio


def expected_urls(press: DemoPress, slug: str) -> set[str]:
    return {e.url for e in press.expected_articles() if e.paper == slug}


def alternate_feed_links(page: bytes, base: str) -> list[str]:
    tree = html.fromstring(page)
    return [
        urljoin(base, link.get("href"))
        for link in tree.iter("link")
        if link.get("rel") == "alternate" and link.get("type") in FEED_TYPES
    ]


def page_links(page: bytes, base: str) -> Iterable[str]:
    tree = html.fromstring(page)
    base_element = tree.find(".//base")
    if base_element is not None and base_element.get("href"):
        base = base_element.get("href")
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        if href and not href.startswith(("#", "javascript:")):
            yield urljoin(base, href)


class LineWatcher(io.StringIO):
    """A text stream that says when `lines` lines have been written to it."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines
        self.done = asyncio.Event()

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.getvalue().count("\n") >= self.lines:
            self.done.set()
        return written


# ----- addresses and lifecycle -------------------------------------------------------------


async def test_each_paper_has_its_own_loopback_address_on_one_port(press: DemoPress) -> None:
    papers = press.papers
    assert [p.address for p in papers] == [f"127.0.0.{n}" for n in range(11, 18)]
    assert {p.port for p in papers} == {press.port}
    for paper in papers:
        assert paper.homepage == f"http://{paper.address}:{press.port}/"
        assert paper.timezone == "Africa/Algiers"


async def test_every_paper_answers_its_home_page(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    for paper in press.papers:
        response = await client.get(paper.homepage)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert paper.name in response.text or paper.name_fr in response.text


async def test_papers_are_told_apart_by_address_not_path(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    massar = press.paper("al-massar")
    ofok_article = next(e for e in press.expected_articles() if e.paper == "al-ofok")
    wrong_host = ofok_article.url.replace("127.0.0.13", massar.address)
    assert (await client.get(wrong_host)).status_code == 404


async def test_press_starts_and_stops_repeatedly_and_frees_its_port(
    client: httpx.AsyncClient,
) -> None:
    port = 0
    for _ in range(5):
        async with DemoPress(base_date=BASE_DATE, content_dir=FIXTURE_CONTENT, port=port) as p:
            port = p.port  # the next round binds the very same port again
            assert (await client.get(p.paper("er-raed").homepage)).status_code == 200
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.11:{port}/")


async def test_stop_closes_open_keep_alive_connections() -> None:
    press = DemoPress(base_date=BASE_DATE, content_dir=FIXTURE_CONTENT)
    await press.start()
    reader, writer = await asyncio.open_connection("127.0.0.11", press.port)
    writer.write(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
    await writer.drain()
    assert (await reader.readline()).startswith(b"HTTP/1.1 200")
    async with asyncio.timeout(10):  # bounded time: stop() must not wait for the client
        await press.stop()
        while await reader.read(65536):
            pass
    writer.close()


async def test_taken_port_on_a_later_address_is_a_clear_error() -> None:
    blocker = socket.socket()
    blocker.bind(("127.0.0.13", 0))
    blocker.listen()
    try:
        port = blocker.getsockname()[1]
        press = DemoPress(base_date=BASE_DATE, content_dir=FIXTURE_CONTENT, port=port)
        with pytest.raises(NashraError) as caught:
            await press.start()
        assert caught.value.code == "demo.address_in_use"
        assert not press.running
    finally:
        blocker.close()


async def test_urls_are_refused_before_start() -> None:
    press = DemoPress(base_date=BASE_DATE, content_dir=FIXTURE_CONTENT)
    with pytest.raises(NashraError) as caught:
        press.expected_articles()
    assert caught.value.code == "demo.not_started"


async def test_starting_twice_is_refused(press: DemoPress) -> None:
    with pytest.raises(NashraError) as caught:
        await press.start()
    assert caught.value.code == "demo.already_started"


def test_default_base_date_makes_day_five_yesterday() -> None:
    from datetime import UTC, datetime, timedelta

    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    assert default_base_date() + timedelta(days=5) == yesterday


async def test_serve_forever_prints_every_paper_and_stops_when_cancelled(
    client: httpx.AsyncClient,
) -> None:
    press = DemoPress(base_date=BASE_DATE, content_dir=FIXTURE_CONTENT)
    out = LineWatcher(lines=1 + len(press.content.papers))  # a header, then one per paper
    task = asyncio.create_task(serve_forever(press, out=out))
    async with asyncio.timeout(10):
        await out.done.wait()
    printed = out.getvalue()
    for paper in press.papers:
        assert paper.homepage in printed
    port = press.port
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not press.running
    with pytest.raises(httpx.ConnectError):
        await client.get(f"http://127.0.0.11:{port}/")


# ----- robots, 404, HTTP details -----------------------------------------------------------


async def test_every_paper_serves_robots_txt(press: DemoPress, client: httpx.AsyncClient) -> None:
    for paper in press.papers:
        response = await client.get(paper.homepage + "robots.txt")
        assert response.status_code == 200
        assert response.text.startswith("User-agent:")


@pytest.mark.parametrize("path", ["/no-such-page", "/2020/07/22/1/", "/news.php?id=1", "/x.jpg"])
async def test_unknown_paths_are_404_pages(
    press: DemoPress, client: httpx.AsyncClient, path: str
) -> None:
    for paper in press.papers:
        response = await client.get(paper.homepage.rstrip("/") + path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "404" in response.text


async def test_head_gets_headers_without_body(press: DemoPress, client: httpx.AsyncClient) -> None:
    url = next(iter(expected_urls(press, "al-massar")))
    full = await client.get(url)
    head = await client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(full.content))


async def test_etag_is_answered_with_304(press: DemoPress, client: httpx.AsyncClient) -> None:
    url = press.paper("al-massar").feeds[0][0]
    first = await client.get(url)
    again = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


async def test_post_is_not_allowed(press: DemoPress, client: httpx.AsyncClient) -> None:
    response = await client.post(press.paper("al-ofok").homepage, data={"email": "a@b.c"})
    assert response.status_code == 405


# ----- discovery, paper by paper -----------------------------------------------------------


async def test_al_massar_rss_lists_every_article_with_its_date(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    paper = press.paper("al-massar")
    assert [kind for _, kind in paper.feeds] == ["rss"]
    feed = feedparser.parse((await client.get(paper.feeds[0][0])).content)
    assert feed.version == "rss20"
    assert not feed.bozo
    by_url = {e.url: e for e in press.expected_articles() if e.paper == "al-massar"}
    assert {entry.link for entry in feed.entries} == set(by_url)
    for entry in feed.entries:
        published = by_url[entry.link].published_at
        assert entry.published == published.strftime("%a, %d %b %Y %H:%M:%S +0100")


async def test_al_massar_rss_carries_full_text(press: DemoPress, client: httpx.AsyncClient) -> None:
    feed = feedparser.parse((await client.get(press.paper("al-massar").feeds[0][0])).content)
    truth = {e.url: e for e in press.expected_articles()}
    entry = feed.entries[0]
    assert truth[entry.link].paragraphs[0] in entry.content[0].value


async def test_sawt_al_wadi_atom_lists_every_article(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    paper = press.paper("sawt-al-wadi")
    assert paper.feeds == ((paper.homepage + "atom.xml", "atom"),)
    response = await client.get(paper.feeds[0][0])
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10"
    assert {entry.link for entry in feed.entries} == expected_urls(press, "sawt-al-wadi")


async def test_al_ofok_has_only_a_news_sitemap_declared_in_robots(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    paper = press.paper("al-ofok")
    assert paper.feeds == ()
    robots = (await client.get(paper.homepage + "robots.txt")).text
    sitemaps = [
        line.split(":", 1)[1].strip() for line in robots.splitlines() if line.startswith("Sitemap:")
    ]
    assert sitemaps == [paper.homepage + "sitemap-news.xml"]
    tree = etree.fromstring((await client.get(sitemaps[0])).content)
    locs = tree.xpath("//sm:url/sm:loc/text()", namespaces=SITEMAP_NS)
    assert set(locs) == expected_urls(press, "al-ofok")
    truth = {e.url: e for e in press.expected_articles()}
    for url in tree.xpath("//sm:url", namespaces=SITEMAP_NS):
        loc = url.findtext("sm:loc", namespaces=SITEMAP_NS)
        stamp = url.findtext(".//news:publication_date", namespaces=SITEMAP_NS)
        assert stamp == truth[loc].published_at.isoformat()
        assert url.findtext(".//news:language", namespaces=SITEMAP_NS) == "ar"


async def test_al_ofok_pages_announce_no_feed(press: DemoPress, client: httpx.AsyncClient) -> None:
    paper = press.paper("al-ofok")
    home = (await client.get(paper.homepage)).content
    assert alternate_feed_links(home, paper.homepage) == []
    for path in ("rss.xml", "feed", "atom.xml"):
        assert (await client.get(paper.homepage + path)).status_code == 404


async def test_er_raed_articles_are_found_only_by_crawling_home_and_sections(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    paper = press.paper("er-raed")
    assert paper.feeds == ()
    robots = (await client.get(paper.homepage + "robots.txt")).text
    assert "Sitemap" not in robots
    home = (await client.get(paper.homepage)).content
    assert alternate_feed_links(home, paper.homepage) == []
    # Follow the home page's menu, section pages and their pagination; collect articles.
    seen: set[str] = set()
    queue = [paper.homepage]
    articles: set[str] = set()
    paginated = False
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        page = (await client.get(url)).content
        for link in page_links(page, url):
            parts = urlsplit(link)
            if parts.netloc != urlsplit(paper.homepage).netloc:
                continue
            if parts.path == "/news.php":
                articles.add(link)
            elif parts.path == "/cat.php":
                paginated = paginated or "page=" in parts.query
                queue.append(link)
    assert paginated
    assert articles == expected_urls(press, "er-raed")


async def test_er_raed_links_are_document_relative(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    home = html.fromstring((await client.get(press.paper("er-raed").homepage)).content)
    hrefs = [a.get("href") for a in home.iter("a") if "news.php" in (a.get("href") or "")]
    assert hrefs
    assert all(href.startswith("news.php?id=") for href in hrefs)


async def test_er_raed_tag_links_lead_to_tag_pages(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    paper = press.paper("er-raed")
    home = (await client.get(paper.homepage)).content
    tags = [link for link in page_links(home, paper.homepage) if "/tags.php?" in link]
    assert tags
    response = await client.get(tags[0])
    assert response.status_code == 200
    assert "news.php?id=" in response.text


async def test_akhbar_es_sahel_serves_windows1256_feed_and_pages(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    paper = press.paper("akhbar-es-sahel")
    response = await client.get(paper.feeds[0][0])
    assert response.headers["content-type"] == "application/rss+xml; charset=windows-1256"
    assert response.content.startswith(b'<?xml version="1.0" encoding="windows-1256"?>')
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    truth = {e.url: e for e in press.expected_articles() if e.paper == "akhbar-es-sahel"}
    assert {entry.link: entry.title for entry in feed.entries} == {
        url: e.title for url, e in truth.items()
    }
    for url, expected in truth.items():
        page = await client.get(url)
        assert page.headers["content-type"] == "text/html; charset=windows-1256"
        assert b'content="text/html; charset=windows-1256"' in page.content
        text = page.content.decode("windows-1256")
        assert expected.title in text
        assert expected.paragraphs[0] in text


async def test_nedjmat_feed_is_announced_only_on_its_home_page(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    paper = press.paper("nedjmat-el-djanoub")
    assert paper.feeds == ()
    home = (await client.get(paper.homepage)).content
    links = alternate_feed_links(home, paper.homepage)
    assert len(links) == 1
    feed = feedparser.parse((await client.get(links[0])).content)
    assert feed.version == "rss20"
    urls = expected_urls(press, "nedjmat-el-djanoub")
    assert {entry.link for entry in feed.entries} == urls
    article = (await client.get(next(iter(urls)))).content
    assert alternate_feed_links(article, paper.homepage) == []


async def test_quotidien_du_plateau_rss_is_in_french(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    paper = press.paper("quotidien-du-plateau")
    assert paper.language == "fr"
    feed = feedparser.parse((await client.get(paper.feeds[0][0])).content)
    assert feed.feed.language == "fr"
    assert {entry.link for entry in feed.entries} == expected_urls(press, "quotidien-du-plateau")


async def test_every_article_is_linked_from_its_home_or_section_pages(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    for paper in press.papers:
        home = (await client.get(paper.homepage)).content
        found = set(page_links(home, paper.homepage))
        assert expected_urls(press, paper.slug) <= found | await section_links(
            client, home, paper.homepage
        )


async def section_links(client: httpx.AsyncClient, home: bytes, base: str) -> set[str]:
    found: set[str] = set()
    for link in set(page_links(home, base)):
        if urlsplit(link).netloc == urlsplit(base).netloc:
            response = await client.get(link)
            if response.status_code == 200 and response.headers["content-type"].startswith(
                "text/html"
            ):
                found |= set(page_links(response.content, link))
    return found


# ----- faults ------------------------------------------------------------------------------


async def test_without_faults_there_are_none(press: DemoPress, client: httpx.AsyncClient) -> None:
    assert press.fault_urls is None
    assert press.paper("er-raed").feeds == ()
    assert (
        await client.get(press.paper("er-raed").homepage + "feed-broken.xml")
    ).status_code == 404
    feed = feedparser.parse((await client.get(press.paper("al-massar").feeds[0][0])).content)
    assert {e.link for e in feed.entries} == expected_urls(press, "al-massar")


async def test_faults_add_a_pdf_an_undated_page_and_a_broken_feed(
    client: httpx.AsyncClient,
) -> None:
    async with DemoPress(base_date=BASE_DATE, content_dir=FIXTURE_CONTENT, faults=True) as press:
        faults = press.fault_urls
        assert faults is not None
        feed = feedparser.parse((await client.get(press.paper("al-massar").feeds[0][0])).content)
        links = {entry.link: entry for entry in feed.entries}
        assert faults.pdf_url in links
        assert faults.undated_url in links
        assert "published" not in links[faults.undated_url]

        pdf = await client.get(faults.pdf_url)
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF-")

        assert press.paper("er-raed").feeds == ((faults.broken_feed_url, "rss"),)
        broken = await client.get(faults.broken_feed_url)
        assert broken.status_code == 200
        with pytest.raises(etree.XMLSyntaxError):
            etree.fromstring(broken.content)
        assert feedparser.parse(broken.content).bozo

        assert faults.undated_url not in {e.url for e in press.expected_articles()}


async def test_undated_fault_page_has_no_date_anywhere(client: httpx.AsyncClient) -> None:
    async with DemoPress(base_date=BASE_DATE, content_dir=FIXTURE_CONTENT, faults=True) as press:
        faults = press.fault_urls
        assert faults is not None
        assert "2020" not in urlsplit(faults.undated_url).path
        page = (await client.get(faults.undated_url)).text
        assert "حملة تطوعية لتنظيف ضفاف الوادي" in page
        for marker in (
            "2020-07",
            "07 - 2020",
            "جويلية",
            "<time",
            "published_time",
            "datePublished",
        ):
            assert marker not in page, marker
