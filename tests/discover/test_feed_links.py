"""find_feed_links and the conventional feed locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from nashra.discover import COMMON_FEED_PATHS, find_feed_links
from nashra.discover.links import common_feed_urls

PAGE_URL = "https://www.khabar-yawmi.dz/ar/national"
SITE = "https://www.khabar-yawmi.dz"


def _head(links: str, body: str = "") -> str:
    return f"<html><head>{links}</head><body>{body}</body></html>"


def test_autodiscovery_links_of_each_kind_in_page_order() -> None:
    html = _head(
        '<link rel="alternate" type="application/rss+xml" href="/feed">'
        '<link rel="alternate" type="application/atom+xml" href="/feed/atom">'
        '<link rel="alternate" type="application/feed+json" href="/feed.json">'
        '<link rel="Alternate" type="application/RSS+XML; charset=utf-8" href="/rss/sport.xml">'
    )
    assert find_feed_links(html, PAGE_URL) == [
        (f"{SITE}/feed", "rss"),
        (f"{SITE}/feed/atom", "atom"),
        (f"{SITE}/feed.json", "json"),
        (f"{SITE}/rss/sport.xml", "rss"),
    ]


def test_wordpress_rest_api_oembed_and_comment_feeds_are_not_feeds() -> None:
    html = _head(
        '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/12">'
        '<link rel="alternate" type="application/json+oembed" href="/oembed?url=x">'
        '<link rel="alternate" type="application/rss+xml" href="/comments/feed/">'
        '<link rel="alternate" type="application/rss+xml" href="/?feed=comments-rss2">'
        '<link rel="alternate" type="application/rss+xml" title="الخبر » خبر خلاصة التعليقات"'
        ' href="/2026/11/20/slug/feed">'
        '<link rel="alternate" type="application/rss+xml" title="Site » Post Comments Feed"'
        ' href="/2026/11/20/other/feed">'
        '<link rel="alternate" type="application/rss+xml" href="/feed/">'
    )
    assert find_feed_links(html, PAGE_URL) == [(f"{SITE}/feed", "rss")]


def test_other_link_rels_and_types_are_ignored() -> None:
    html = _head(
        '<link rel="stylesheet" type="text/css" href="/s.css">'
        '<link rel="alternate" hreflang="fr" href="/fr/">'
        '<link rel="feed" type="application/rss+xml">'
    )
    assert find_feed_links(html, PAGE_URL) == []


@pytest.mark.parametrize(
    ("href", "kind"),
    [
        ("/rss", "rss"),
        ("/feed/", "rss"),
        ("/ar/national/feed", "rss"),
        ("/feed/atom/", "atom"),
        ("/rss/national.xml", "rss"),
        ("/news.rss", "rss"),
        ("/index.php?format=feed&type=rss", "rss"),
        ("/index.php?format=feed&type=atom", "atom"),
        ("/?feed=rss2", "rss"),
        ("https://feeds.feedburner.com/KhabarYawmi", "rss"),
        ("/feed.json", "json"),
    ],
)
def test_anchor_to_a_feed_shaped_url_is_found(href: str, kind: str) -> None:
    found = find_feed_links(_head("", f'<a href="{href}">RSS</a>'), PAGE_URL)
    assert [k for _, k in found] == [kind]


@pytest.mark.parametrize(
    "href", ["/news/12345", "/sitemap.xml", "/?feed=comments-rss2", "javascript:void(0)"]
)
def test_anchor_to_something_else_is_not_a_feed(href: str) -> None:
    assert find_feed_links(_head("", f'<a href="{href}">x</a>'), PAGE_URL) == []


def test_anchor_with_a_feed_type_attribute_is_found() -> None:
    html = _head("", '<a type="application/atom+xml" href="/flux-actualites">Atom</a>')
    assert find_feed_links(html, PAGE_URL) == [(f"{SITE}/flux-actualites", "atom")]


def test_duplicate_feed_urls_are_reported_once() -> None:
    html = _head(
        '<link rel="alternate" type="application/rss+xml" href="/feed">',
        '<a href="/feed/?utm_source=footer">RSS</a>',
    )
    assert find_feed_links(html, PAGE_URL) == [(f"{SITE}/feed", "rss")]


def test_section_page_fixture_announces_only_its_article_feed() -> None:
    page = Path(__file__).resolve().parent / "pages" / "section_national.html"
    assert find_feed_links(page.read_text("utf-8"), PAGE_URL) == [(f"{SITE}/feed", "rss")]


def test_common_feed_paths_cover_the_cms_conventions() -> None:
    for path in ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml"):
        assert path in COMMON_FEED_PATHS
    assert any("format=feed" in path for path in COMMON_FEED_PATHS)  # Joomla
    assert any(path.startswith("/feeds/") for path in COMMON_FEED_PATHS)  # Blogger


def test_common_feed_urls_are_absolute_on_the_homepage_origin() -> None:
    urls = common_feed_urls("https://www.khabar-yawmi.dz/ar/")
    assert urls[0] == f"{SITE}/feed"
    assert all(url.startswith(SITE + "/") for url in urls)
    assert len(urls) == len(COMMON_FEED_PATHS)
