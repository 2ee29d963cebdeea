"""Feeds written by hand in every format nashra reads, with the values a reader must get.

Fifty Arabic items by default: links alternate between percent-encoded and raw Arabic
slugs (both must give one canonical URL), summaries are escaped HTML, dates carry the
Algerian +01:00 offset.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

FEED_URL = "https://www.example-news.dz/feed"
SITE = "https://www.example-news.dz/"
ALGIERS = timezone(timedelta(hours=1))
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
HEADLINES = (
    "وزير الخارجية يستقبل نظيره الروسي في الجزائر العاصمة",
    "الحكومة تُصادق على مشروع قانون المالية لسنة 2027",
    "أمطار غزيرة مرتقبة على الولايات الساحلية ابتداءً من الليلة",
    "المنتخب الوطني يفوز على ضيفه بهدفين دون رد",
    "ندوة حول الأمن الغذائي في منطقة الساحل & شمال إفريقيا",
)


@dataclass(frozen=True)
class Item:
    index: int
    title: str
    link: str  # as written in the feed
    canonical: str  # what parse_feed must return
    published: datetime
    summary_html: str
    summary_text: str


def items(count: int = 50) -> list[Item]:
    made = []
    for i in range(count):
        headline = HEADLINES[i % len(HEADLINES)]
        slug = "-".join(headline.split()[:3])
        written = quote(slug) if i % 2 else slug
        made.append(
            Item(
                index=i,
                title=f"{headline} ({i})",
                link=f"https://www.example-news.dz/ar/national/{10_000 + i}-{written}",
                canonical=f"https://www.example-news.dz/ar/national/{10_000 + i}-{quote(slug)}",
                published=T0 - timedelta(minutes=17 * i),
                summary_html=f"<p>{headline}.</p><p>وأكد المصدر ذلك.</p>",
                summary_text=f"{headline}. وأكد المصدر ذلك.",
            )
        )
    return made


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rfc822(moment: datetime) -> str:
    return moment.astimezone(ALGIERS).strftime("%a, %d %b %Y %H:%M:%S +0100")


def iso(moment: datetime) -> str:
    return moment.astimezone(ALGIERS).isoformat()


def rss09x(version: str, entries: list[Item]) -> bytes:
    doctype = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        if version == "0.91"
        else ""
    )
    body = "".join(
        f"<item><title>{esc(it.title)}</title><link>{esc(it.link)}</link>"
        f"<description>{esc(it.summary_html)}</description></item>\n"
        for it in entries
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<rss version="{version}"><channel>'
        f"<title>أخبار الجزائر</title><link>{SITE}</link><description>آخر الأخبار</description>"
        f"<language>ar</language>\n{body}</channel></rss>"
    ).encode()


def rss10(entries: list[Item]) -> bytes:
    body = "".join(
        f'<item rdf:about="{esc(it.link)}"><title>{esc(it.title)}</title>'
        f"<link>{esc(it.link)}</link><description>{esc(it.summary_html)}</description>"
        f"<dc:date>{iso(it.published)}</dc:date></item>\n"
        for it in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="{SITE}"><title>أخبار الجزائر</title><link>{SITE}</link>'
        f"<description>آخر الأخبار</description><dc:language>ar</dc:language></channel>\n"
        f"{body}</rdf:RDF>"
    ).encode()


def rss20(entries: list[Item], *, encoding: str = "UTF-8", extra_items: str = "") -> bytes:
    body = "".join(
        f"<item><title>{esc(it.title)}</title><link>{esc(it.link)}</link>"
        f"<description>{esc(it.summary_html)}</description>"
        f"<pubDate>{rfc822(it.published)}</pubDate>"
        f'<guid isPermaLink="false">urn:example-news:{it.index}</guid></item>\n'
        for it in entries
    )
    document = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>أخبار الجزائر</title><link>{SITE}</link><description>آخر الأخبار</description>"
        f"<language>ar</language>\n{body}{extra_items}</channel></rss>"
    )
    return document.encode("utf-8" if encoding == "UTF-8" else encoding)


def atom(entries: list[Item]) -> bytes:
    body = "".join(
        f'<entry><title type="html">{esc(esc(it.title))}</title>'
        f'<link rel="alternate" type="text/html" href="{esc(it.link)}"/>'
        f"<id>tag:example-news.dz,2026:{it.index}</id><updated>{iso(it.published)}</updated>"
        f'<summary type="html">{esc(it.summary_html)}</summary></entry>\n'
        for it in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:lang="ar"><title>أخبار الجزائر</title><id>{SITE}</id>'
        f'<link rel="alternate" href="{SITE}"/><updated>{iso(T0)}</updated>\n{body}</feed>'
    ).encode()


def json_feed(version: str, entries: list[Item]) -> bytes:
    records = [
        {
            "id": str(it.index),
            "url": it.link,
            "title": it.title,
            "content_html": it.summary_html,
            "date_published": iso(it.published),
        }
        for it in entries
    ]
    feed: dict[str, object] = {
        "version": f"https://jsonfeed.org/version/{version}",
        "title": "أخبار الجزائر",
        "home_page_url": SITE,
        "items": records,
    }
    if version == "1.1":
        feed["language"] = "ar"
    return json.dumps(feed, ensure_ascii=False).encode()


def rss_document(items_xml: str, *, declaration: str = "", doctype: str = "") -> bytes:
    """A minimal RSS 2.0 channel around `items_xml` (UTF-8)."""
    declaration = declaration or '<?xml version="1.0" encoding="UTF-8"?>'
    return (
        f'{declaration}{doctype}<rss version="2.0"><channel><title>جريدة</title>'
        f"<link>{SITE}</link>{items_xml}</channel></rss>"
    ).encode()
