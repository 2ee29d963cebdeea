"""parse_sitemap: urlset, sitemapindex, news sitemaps, gzip, plain text, hostile XML."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nashra.discover import SitemapUrl, parse_sitemap
from nashra.errors import DiscoveryError

SITEMAP_URL = "https://www.example-news.dz/sitemap.xml"
URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>{doctype}'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{body}</urlset>'
)
NEWS_URL = (
    "<url><loc>https://www.example-news.dz/ar/national/{i}-slug</loc>"
    "<news:news><news:publication><news:name>جريدة</news:name>"
    "<news:language>ar</news:language></news:publication>"
    "<news:publication_date>2026-11-20T10:00:00+01:00</news:publication_date>"
    "<news:title>عنوان &lt;b&gt;الخبر&lt;/b&gt; {i}</news:title></news:news></url>"
)
BOUNDED_SECONDS = 10  # far above what these take; proves bounded time only


def _urlset(body: str, doctype: str = "") -> bytes:
    return URLSET.format(body=body, doctype=doctype).encode()


def test_urlset_gives_canonical_urls_with_lastmod() -> None:
    body = (
        "<url><loc>https://WWW.example-news.dz/a/1?utm_source=x</loc>"
        "<lastmod>2026-11-20</lastmod></url>"
        "<url><loc> https://www.example-news.dz/a/2/ </loc>"
        "<lastmod>2026-11-20T10:00:00+01:00</lastmod></url>"
    )
    page = parse_sitemap(_urlset(body), SITEMAP_URL)
    assert page.sitemaps == ()
    assert page.urls == (
        SitemapUrl(
            "https://www.example-news.dz/a/1",
            datetime(2026, 11, 20, tzinfo=UTC),
            link="https://www.example-news.dz/a/1?utm_source=x",
        ),
        SitemapUrl(
            "https://www.example-news.dz/a/2",
            datetime(2026, 11, 20, 9, tzinfo=UTC),
            link="https://www.example-news.dz/a/2/",
        ),
    )


def test_link_keeps_the_published_form_to_fetch_while_url_is_canonical() -> None:
    body = "<url><loc>http://127.0.0.1:8080/2020/07/22/48246/#top</loc></url>"
    url = parse_sitemap(_urlset(body), SITEMAP_URL).urls[0]
    assert url.url == "http://127.0.0.1:8080/2020/07/22/48246"
    assert url.link == "http://127.0.0.1:8080/2020/07/22/48246/"


def test_news_sitemap_fields_are_read() -> None:
    url = parse_sitemap(_urlset(NEWS_URL.format(i=12345)), SITEMAP_URL).urls[0]
    assert url.url == "https://www.example-news.dz/ar/national/12345-slug"
    assert url.title == "عنوان الخبر 12345"
    assert url.language == "ar"
    assert url.published == datetime(2026, 11, 20, 9, tzinfo=UTC)
    assert url.lastmod == url.published


def test_sitemapindex_returns_its_child_sitemaps() -> None:
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://www.example-news.dz/sitemap-1.xml</loc></sitemap>"
        b"<sitemap><loc>https://www.example-news.dz/news.xml.gz</loc>"
        b"<lastmod>2026-11-20</lastmod></sitemap></sitemapindex>"
    )
    page = parse_sitemap(index, SITEMAP_URL)
    assert page.urls == ()
    assert page.sitemaps == (
        "https://www.example-news.dz/sitemap-1.xml",
        "https://www.example-news.dz/news.xml.gz",
    )


def test_gzipped_sitemap_is_recognised_by_its_magic_bytes() -> None:
    body = gzip.compress(_urlset(NEWS_URL.format(i=1) + NEWS_URL.format(i=2)))
    page = parse_sitemap(body, "https://www.example-news.dz/sitemap.xml")
    assert len(page.urls) == 2


def test_gzip_bomb_stops_at_the_size_limit() -> None:
    bomb = gzip.compress(b" " * (60 * 2**20))
    with pytest.raises(DiscoveryError) as raised:
        parse_sitemap(bomb, SITEMAP_URL)
    assert raised.value.code == "sitemap.too_large"


def test_corrupt_gzip_is_a_parse_error() -> None:
    with pytest.raises(DiscoveryError) as raised:
        parse_sitemap(b"\x1f\x8b\x08\x00not really gzip", SITEMAP_URL)
    assert raised.value.code == "sitemap.parse"


def test_plain_text_sitemap_lists_its_urls() -> None:
    body = b"https://www.example-news.dz/a/1\n\nhttps://www.example-news.dz/a/2\njavascript:x\n"
    page = parse_sitemap(body, SITEMAP_URL)
    assert [u.url for u in page.urls] == [
        "https://www.example-news.dz/a/1",
        "https://www.example-news.dz/a/2",
    ]


def test_duplicate_and_non_http_locations_are_dropped() -> None:
    body = (
        "<url><loc>https://www.example-news.dz/a</loc></url>"
        "<url><loc>https://www.example-news.dz/a#top</loc></url>"
        "<url><loc>javascript:alert(1)</loc></url><url><loc>file:///etc/passwd</loc></url>"
    )
    page = parse_sitemap(_urlset(body), SITEMAP_URL)
    assert [u.url for u in page.urls] == ["https://www.example-news.dz/a"]


def test_missing_namespace_still_reads() -> None:
    page = parse_sitemap(
        b"<urlset><url><loc>https://www.example-news.dz/a</loc></url></urlset>", ""
    )
    assert [u.url for u in page.urls] == ["https://www.example-news.dz/a"]


def test_truncated_sitemap_keeps_the_records_that_arrived_whole() -> None:
    body = "".join(NEWS_URL.format(i=i) for i in range(3))
    document = _urlset(body)
    cut = document[: document.index(b"<loc>https://www.example-news.dz/ar/national/2") + 30]
    page = parse_sitemap(cut, SITEMAP_URL)
    assert [u.url for u in page.urls] == [
        "https://www.example-news.dz/ar/national/0-slug",
        "https://www.example-news.dz/ar/national/1-slug",
    ]


def test_sitemap_truncated_before_its_first_record_is_a_parse_error() -> None:
    with pytest.raises(DiscoveryError) as raised:
        parse_sitemap(_urlset(NEWS_URL.format(i=1))[:300], SITEMAP_URL)
    assert raised.value.code == "sitemap.parse"


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><body>404</body></html>",
        b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>',
        b"",
    ],
)
def test_html_feed_or_empty_body_is_not_a_sitemap(body: bytes) -> None:
    with pytest.raises(DiscoveryError) as raised:
        parse_sitemap(body, SITEMAP_URL)
    assert raised.value.code == "sitemap.not_a_sitemap"


def test_external_entity_in_a_sitemap_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("NASHRA-SECRET", encoding="ascii")
    doctype = f'<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    body = "<url><loc>https://www.example-news.dz/a/&xxe;</loc></url>"
    page = parse_sitemap(_urlset(body, doctype), SITEMAP_URL)
    assert "NASHRA-SECRET" not in repr(page)


def test_billion_laughs_sitemap_ends_quickly_with_bounded_memory() -> None:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    doctype = f"<!DOCTYPE urlset [{''.join(entities)}]>"
    body = "<url><loc>https://www.example-news.dz/&lol9;</loc><news:news><news:title>&lol9;"
    document = _urlset(body + "</news:title></news:news></url>", doctype)
    tracemalloc.start()
    started = time.monotonic()
    try:
        page = parse_sitemap(document, SITEMAP_URL)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < BOUNDED_SECONDS
    assert peak < 50 * 2**20
    assert "lollollol" not in repr(page)


def test_sitemap_stops_at_fifty_thousand_urls() -> None:
    body = "".join(
        f"<url><loc>https://www.example-news.dz/a/{i}</loc></url>" for i in range(50_010)
    )
    page = parse_sitemap(_urlset(body), SITEMAP_URL)
    assert len(page.urls) == 50_000
    assert page.urls[-1].url == "https://www.example-news.dz/a/49999"
