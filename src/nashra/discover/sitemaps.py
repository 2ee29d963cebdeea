"""Sitemaps (sitemaps.org 0.9, Google News and plain-text sitemaps) into `SitemapPage`.

A sitemap is either a `urlset` (pages, with `lastmod` and, in a news sitemap,
`news:news/news:title`, `news:publication_date`, `news:publication/news:language`) or a
`sitemapindex` (child sitemaps to fetch next). Both come back as one `SitemapPage`.

The cascade for one body:

1. gzip is recognised by its magic bytes (`1f 8b`), whatever the URL or Content-Type say,
   and inflated with a bound (`MAX_SITEMAP_BYTES`, the protocol's own limit: a gzip bomb
   stops there with `sitemap.too_large`);
2. `sniff_document`: `sitemap` and `sitemapindex` go on; a body whose first line is an
   http(s) URL is a plain-text sitemap (one URL per line; other lines are dropped);
   anything else (HTML, a feed, other XML) is `sitemap.not_a_sitemap`;
3. XML is read with lxml's `iterparse` in recover mode with the hardened settings of
   `xmlsafe.safe_parser` (no entity resolution, no network, no DTD, libxml2 limits on),
   after the DOCTYPE is removed; elements are matched by local name so a wrong or missing
   namespace still reads, and each record is cleared once read (memory stays flat on
   50,000-URL files);
4. a truncated document (root never closed) keeps the records whose end tag arrived, as
   feeds do; none at all is `sitemap.parse`;
5. URLs canonicalized (`urls.canonicalize_url`, the identity in `url`; the `<loc>` as
   published, absolute, in `link`, the address to fetch), non-http(s) dropped, one record
   per URL (first kept), at most `MAX_SITEMAP_URLS` records; news titles are plain text,
   capped. Child sitemaps of an index are returned as published (resolved, checked): they
   are fetched, never stored.

Same-host checks are left to the caller: the protocol allows cross-host sitemaps
declared in robots.txt, and only the pipeline knows where the sitemap was found.

Errors (`DiscoveryError`): `sitemap.parse` (unreadable XML, truncated before the first
record, corrupt or empty gzip), `sitemap.not_a_sitemap`, `sitemap.too_large`.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from nashra.discover.dates import parse_datetime
from nashra.discover.entries import MAX_LANGUAGE_CHARS
from nashra.discover.plaintext import MAX_TITLE_CHARS, clean_text, element_text
from nashra.discover.sniff import sniff_document
from nashra.discover.urls import try_canonicalize_url, try_resolve_url
from nashra.discover.xmlsafe import strip_doctype_bytes
from nashra.errors import DiscoveryError

MAX_SITEMAP_BYTES = 50 * 2**20  # sitemaps.org: at most 50 MB uncompressed
MAX_SITEMAP_URLS = 50_000  # sitemaps.org: at most 50,000 URLs per file
GZIP_MAGIC = b"\x1f\x8b"
GZIP_WINDOW = 16 + zlib.MAX_WBITS  # zlib's wbits for a gzip header and trailer
INFLATE_CHUNK = 64 * 1024  # inflate in steps so the bound is checked as output grows

_RECORD_TAGS = frozenset({"url", "sitemap"})
_ROOT_END = re.compile(rb"</(?:[\w.-]+:)?(?:urlset|sitemapindex)\s*>")
_RECORD_END = re.compile(rb"</(?:[\w.-]+:)?(?:url|sitemap)\s*>")
TRUNCATION_TAIL_BYTES = 65_536  # the root's end tag plus trailing comments fit here


@dataclass(frozen=True)
class SitemapUrl:
    url: str  # absolute, canonical, http(s)
    lastmod: datetime | None  # <lastmod>, else news:publication_date; UTC
    title: str | None = None  # news:title, plain text
    language: str | None = None  # news:publication/news:language, lower-cased
    published: datetime | None = None  # news:publication_date; UTC
    link: str = field(kw_only=True)  # <loc> as published, absolute and checked: what to fetch


@dataclass(frozen=True)
class SitemapPage:
    urls: tuple[SitemapUrl, ...]  # pages, from a urlset
    sitemaps: tuple[str, ...]  # child sitemaps, from a sitemapindex


def _inflate(content: bytes) -> bytes:
    inflater = zlib.decompressobj(GZIP_WINDOW)
    out = bytearray()
    data = content
    try:
        while data and not inflater.eof:
            out += inflater.decompress(data, INFLATE_CHUNK)
            if len(out) > MAX_SITEMAP_BYTES:
                raise DiscoveryError(
                    f"sitemap inflates past {MAX_SITEMAP_BYTES} bytes", code="sitemap.too_large"
                )
            data = inflater.unconsumed_tail
    except zlib.error as error:
        raise DiscoveryError(f"corrupt gzip: {error}", code="sitemap.parse") from error
    if not out:
        raise DiscoveryError("gzip body inflates to nothing", code="sitemap.parse")
    # A gzip stream cut short still yields its first part; truncation is handled as for XML.
    return bytes(out)


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(element).localname if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *path: str) -> str | None:
    """Text of the first descendant along `path` (local names), None when absent."""
    current: etree._Element | None = element
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if _local(c) == name), None)
    if current is None:
        return None
    text = element_text(current).strip()
    return text or None


def _language(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower()
    return value if len(value) <= MAX_LANGUAGE_CHARS else None


def _records(xml: bytes) -> Iterator[etree._Element]:
    events = etree.iterparse(
        io.BytesIO(xml),
        events=("end",),
        recover=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_pis=True,
        remove_comments=True,
    )
    try:
        for _, element in events:
            if _local(element) in _RECORD_TAGS:
                yield element
                # Drop what was read, and the emptied siblings, so memory stays flat.
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        raise DiscoveryError(f"unreadable sitemap: {error}", code="sitemap.parse") from error


def _parse_xml(xml: bytes, kind: str, base: str) -> SitemapPage:
    limit = len(_RECORD_END.findall(xml)) if _is_truncated(xml) else None
    if limit == 0:
        raise DiscoveryError("sitemap truncated before its first record", code="sitemap.parse")
    urls: list[SitemapUrl] = []
    sitemaps: list[str] = []
    seen: set[str] = set()
    for count, record in enumerate(_records(xml), start=1):
        if limit is not None and count > limit:
            break
        if len(seen) >= MAX_SITEMAP_URLS:
            break
        loc = _child_text(record, "loc")
        url = try_canonicalize_url(loc, base) if loc else None
        link = try_resolve_url(loc, base) if loc else None
        if url is None or link is None or url in seen:
            continue
        seen.add(url)
        if kind == "sitemapindex":
            if _local(record) == "sitemap":
                sitemaps.append(link)
            continue
        if _local(record) != "url":
            continue
        published = parse_datetime(_child_text(record, "news", "publication_date"))
        urls.append(
            SitemapUrl(
                url=url,
                link=link,
                lastmod=parse_datetime(_child_text(record, "lastmod")) or published,
                title=clean_text(_child_text(record, "news", "title") or "", MAX_TITLE_CHARS),
                language=_language(_child_text(record, "news", "publication", "language")),
                published=published,
            )
        )
    return SitemapPage(urls=tuple(urls), sitemaps=tuple(sitemaps))


def _is_truncated(xml: bytes) -> bool:
    return _ROOT_END.search(xml, max(0, len(xml) - TRUNCATION_TAIL_BYTES)) is None


def _plain_text_urls(content: bytes) -> list[str] | None:
    """The lines of a plain-text sitemap (its first line is a URL), or None."""
    text = content.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or not lines[0].lower().startswith(("http://", "https://")):
        return None
    return lines


def parse_sitemap(content: bytes, url: str) -> SitemapPage:
    """The pages or child sitemaps listed in `content`, served from `url`."""
    if content.startswith(GZIP_MAGIC):
        content = _inflate(content)
    if len(content) > MAX_SITEMAP_BYTES:
        raise DiscoveryError(
            f"sitemap is larger than {MAX_SITEMAP_BYTES} bytes", code="sitemap.too_large"
        )
    kind = sniff_document(content)
    if kind in ("sitemap", "sitemapindex"):
        return _parse_xml(strip_doctype_bytes(content), kind, url)
    lines = _plain_text_urls(content) if kind == "unknown" else None
    if lines is None:
        raise DiscoveryError(
            f"not a sitemap: a document of kind {kind!r} at {url}", code="sitemap.not_a_sitemap"
        )
    found: dict[str, SitemapUrl] = {}
    for line in lines:
        canonical, link = try_canonicalize_url(line, url), try_resolve_url(line, url)
        if canonical is None or link is None or len(found) >= MAX_SITEMAP_URLS:
            continue
        found.setdefault(canonical, SitemapUrl(canonical, None, link=link))
    return SitemapPage(urls=tuple(found.values()), sitemaps=())
