"""The machine-readable side of the demo papers: RSS 2.0, Atom 1.0 and Google News sitemaps.

Written as text rather than through an XML library so every byte is under control: the
XML declaration names the document's real encoding (windows-1256 for one paper), and
characters the encoding lacks become numeric character references, as CMSs emit them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

# Characters XML 1.0 forbids; content never has them, but a feed must not break if it did.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
RSS_CONTENT_TYPE = "application/rss+xml"
ATOM_CONTENT_TYPE = "application/atom+xml"
SITEMAP_CONTENT_TYPE = "application/xml"


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str
    published_at: datetime | None
    summary: str
    author: str | None = None
    category: str | None = None
    content_html: str | None = None  # full article markup, for feeds that carry it
    enclosure: tuple[str, str, int] | None = None  # (url, media type, length)


def xml_text(value: str) -> str:
    """`value` escaped for XML text and attribute values."""
    cleaned = _INVALID_XML.sub("", value)
    return (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _declaration(encoding: str) -> str:
    return f'<?xml version="1.0" encoding="{encoding}"?>\n'


def encode(document: str, encoding: str) -> bytes:
    return document.encode(encoding, errors="xmlcharrefreplace")


def rss(
    *,
    title: str,
    link: str,
    description: str,
    language: str,
    self_url: str,
    entries: Sequence[FeedEntry],
    encoding: str = "utf-8",
    generator: str | None = None,
) -> bytes:
    """An RSS 2.0 channel (with dc:creator and, when given, content:encoded)."""
    parts = [
        _declaration(encoding),
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n',
        f"<title>{xml_text(title)}</title>\n<link>{xml_text(link)}</link>\n",
        f"<description>{xml_text(description)}</description>\n",
        f"<language>{xml_text(language)}</language>\n",
        f'<atom:link href="{xml_text(self_url)}" rel="self" type="{RSS_CONTENT_TYPE}"/>\n',
    ]
    if generator:
        parts.append(f"<generator>{xml_text(generator)}</generator>\n")
    dated = [e.published_at for e in entries if e.published_at is not None]
    if dated:
        parts.append(f"<lastBuildDate>{format_datetime(max(dated))}</lastBuildDate>\n")
    for entry in entries:
        parts.append("<item>\n")
        parts.append(f"<title>{xml_text(entry.title)}</title>\n")
        parts.append(f"<link>{xml_text(entry.url)}</link>\n")
        parts.append(f'<guid isPermaLink="true">{xml_text(entry.url)}</guid>\n')
        if entry.published_at is not None:
            parts.append(f"<pubDate>{format_datetime(entry.published_at)}</pubDate>\n")
        if entry.author:
            parts.append(f"<dc:creator>{xml_text(entry.author)}</dc:creator>\n")
        if entry.category:
            parts.append(f"<category>{xml_text(entry.category)}</category>\n")
        parts.append(f"<description>{xml_text(entry.summary)}</description>\n")
        if entry.content_html:
            body = entry.content_html.replace("]]>", "]]]]><![CDATA[>")
            parts.append(f"<content:encoded><![CDATA[{body}]]></content:encoded>\n")
        if entry.enclosure:
            url, media_type, length = entry.enclosure
            parts.append(
                f'<enclosure url="{xml_text(url)}" type="{xml_text(media_type)}"'
                f' length="{length}"/>\n'
            )
        parts.append("</item>\n")
    parts.append("</channel>\n</rss>\n")
    return encode("".join(parts), encoding)


def atom(
    *,
    title: str,
    link: str,
    self_url: str,
    feed_id: str,
    language: str,
    entries: Sequence[FeedEntry],
) -> bytes:
    """An Atom 1.0 feed. Atom requires `updated`, so entries without a date are left out."""
    stamps = [e.published_at for e in entries if e.published_at is not None]
    parts = [
        _declaration("utf-8"),
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{xml_text(language)}">\n',
        f"<title>{xml_text(title)}</title>\n<id>{xml_text(feed_id)}</id>\n",
        f'<link rel="alternate" type="text/html" href="{xml_text(link)}"/>\n',
        f'<link rel="self" type="{ATOM_CONTENT_TYPE}" href="{xml_text(self_url)}"/>\n',
    ]
    if stamps:
        parts.append(f"<updated>{max(stamps).isoformat()}</updated>\n")
    for entry in entries:
        if entry.published_at is None:
            continue
        stamp = entry.published_at.isoformat()
        parts.append("<entry>\n")
        parts.append(f'<title type="text">{xml_text(entry.title)}</title>\n')
        parts.append(f'<link rel="alternate" type="text/html" href="{xml_text(entry.url)}"/>\n')
        parts.append(f"<id>{xml_text(entry.url)}</id>\n")
        parts.append(f"<published>{stamp}</published>\n<updated>{stamp}</updated>\n")
        if entry.author:
            parts.append(f"<author><name>{xml_text(entry.author)}</name></author>\n")
        if entry.category:
            parts.append(f'<category term="{xml_text(entry.category)}"/>\n')
        parts.append(f'<summary type="text">{xml_text(entry.summary)}</summary>\n')
        parts.append("</entry>\n")
    parts.append("</feed>\n")
    return encode("".join(parts), "utf-8")


def news_sitemap(*, publication: str, language: str, entries: Sequence[FeedEntry]) -> bytes:
    """A Google News sitemap (`urlset` with `news:news` for each dated article)."""
    parts = [
        _declaration("utf-8"),
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n',
    ]
    for entry in entries:
        if entry.published_at is None:
            continue
        parts.append(
            f"<url>\n<loc>{xml_text(entry.url)}</loc>\n<news:news>\n<news:publication>\n"
            f"<news:name>{xml_text(publication)}</news:name>\n"
            f"<news:language>{xml_text(language)}</news:language>\n</news:publication>\n"
            f"<news:publication_date>{entry.published_at.isoformat()}</news:publication_date>\n"
            f"<news:title>{xml_text(entry.title)}</news:title>\n</news:news>\n</url>\n"
        )
    parts.append("</urlset>\n")
    return encode("".join(parts), "utf-8")
