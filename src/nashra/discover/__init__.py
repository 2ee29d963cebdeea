"""Discovery: what to fetch next, from feeds, sitemaps and pages. Pure functions, no I/O.

- `parse_feed(content, url)`: RSS 0.9x/1.0/2.0, Atom, JSON Feed -> `ParsedFeed`
  (`feeds.py`, which records the parser decision and its evidence);
- `parse_sitemap(content, url)`: urlset / sitemapindex / news / gzip / plain text ->
  `SitemapPage` (`sitemaps.py`);
- `find_feed_links(html, base_url)`, `COMMON_FEED_PATHS`, `common_feed_urls(homepage)`:
  where a site's feeds are (`links.py`);
- `find_article_links(html, base_url)`: article links on a section page, for papers with
  no feed, and `find_article_targets`, the same with the URL to fetch (`sections.py`);
- `canonicalize_url(url, base)`, `try_canonicalize_url`: one article = one URL; and
  `try_resolve_url`, the published URL made absolute, which is the one to fetch (`urls.py`);
- `sniff_document(content)`: what a body is, whatever its Content-Type said (`sniff.py`).

Error codes (all `DiscoveryError`): `feed.parse`, `feed.not_a_feed`, `sitemap.parse`,
`sitemap.not_a_sitemap`, `sitemap.too_large`, `url.invalid`.
"""

from nashra.discover.entries import FeedEntry, FeedKind, ParsedFeed
from nashra.discover.feeds import parse_feed
from nashra.discover.links import COMMON_FEED_PATHS, common_feed_urls, find_feed_links
from nashra.discover.plaintext import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS
from nashra.discover.sections import find_article_links, find_article_targets
from nashra.discover.sitemaps import SitemapPage, SitemapUrl, parse_sitemap
from nashra.discover.sniff import DocumentKind, sniff_document
from nashra.discover.urls import (
    MAX_URL_CHARS,
    canonicalize_url,
    registrable_domain,
    try_canonicalize_url,
    try_resolve_url,
)

__all__ = [
    "COMMON_FEED_PATHS",
    "MAX_SUMMARY_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_URL_CHARS",
    "DocumentKind",
    "FeedEntry",
    "FeedKind",
    "ParsedFeed",
    "SitemapPage",
    "SitemapUrl",
    "canonicalize_url",
    "common_feed_urls",
    "find_article_links",
    "find_article_targets",
    "find_feed_links",
    "parse_feed",
    "parse_sitemap",
    "registrable_domain",
    "sniff_document",
    "try_canonicalize_url",
    "try_resolve_url",
]
