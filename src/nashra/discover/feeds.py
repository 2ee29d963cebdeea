"""Feeds (RSS 0.9x/1.0/2.0, Atom 1.0, JSON Feed 1.0/1.1) into `ParsedFeed`, from bytes.

Parser decision: fastfeedparser 0.6, behind nashra's own pre-pass, with nashra's own
JSON Feed reader; feedparser is not used at run time. Evidence from `bench/feeds.py`
(same normalization for every parser; 3 real feeds of ../shared/data/feeds, 7 generated
formats x 50 Arabic items, 12 quirk feeds, 6 hostile inputs; one run, speeds vary ~10%
between runs):

    parser              real fields  generated fields  quirk fields  ms/feed  items/s
    feedparser 6.0.14   230/230      1250/1750 (71%)   58/60         14.4      2,564
    fastfeedparser 0.6  230/230      1750/1750         53/60          2.6     14,025
    nashra.parse_feed   230/230      1750/1750         60/60          3.0     12,241

- feedparser is 5.5x slower, reads no JSON Feed (0 entries), and is unsafe on hostile
  input: an `<author>` of 64 KB takes 18 s (its e-mail regex is quadratic: 4 KB 0.06 s,
  8 KB 0.24 s, 16 KB 0.94 s), and a billion-laughs DOCTYPE right after the declaration
  costs 2.4 s and 56 MB before expat's amplification guard stops it. A rescue path
  through it would hand an attacker that cost with any document the fast path refuses.
- fastfeedparser is fast and never resolved an entity or opened anything, but on its own
  it cuts text at the first undefined entity (`a&nbsp;b` -> `a`), corrupts URLs with a
  bare `&` (`?x=1&y=2` -> `?x=1=2`), ignores xml:base and Atom xhtml titles, reads
  windows-1256 mislabeled as UTF-8 or Latin-1 as mojibake, raises AttributeError on a
  JSON Feed whose `items` is not a list and returns wrong-typed JSON fields as they are.
  Each of those is handled before or after it here (steps below), for ~15% more time.
- The quirk feeds were written to probe those failures (and the README's), so nashra's
  60/60 there shows the repairs work, not that nothing else can go wrong. fastfeedparser
  also dropped the link of an item in a document carrying a DTD (billion laughs: 0
  entries), which the DOCTYPE removal of step 2 avoids.
- Both read the three real feeds completely, including the README quirks (stylesheet
  PIs, entity-escaped HTML descriptions, percent-encoded Arabic slugs, tashkeel, `+0100`
  dates, the mistyped Atom self link, BBC Urdu's all-CDATA items out of date order).

The cascade for one body:

1. `sniff_document` on the first bytes: JSON goes to nashra's own JSON Feed reader
   (`jsonfeed.py`); RSS, Atom and RDF go on; HTML, sitemaps, empty and unknown bodies
   raise `feed.not_a_feed`;
2. `xmlsafe.decode_xml` + `xmlsafe.prepare_xml`: charset decided (BOM, declaration,
   windows-1256 fallbacks), DOCTYPE removed, undefined entities and bare `&` repaired,
   re-encoded as UTF-8;
3. fastfeedparser on those bytes (always bytes: given a str starting with `http` it would
   fetch it itself), entity resolution off, no network;
4. what fastfeedparser ignores, read from an lxml tree (hardened parser) only when it
   matters: each entry's xml:base when an entry link is relative and the document uses
   `xml:base`, and Atom `type="xhtml"` titles, which it returns empty. Otherwise the feed
   URL is every entry's base;
5. a truncated document (its root element never closes) keeps only the entries whose
   closing tag arrived: best-effort recovery, because a fetch cut short still carries
   the newest items. Truncated before the first complete entry is `feed.parse`;
6. `entries.build_entries`: http(s) links only, canonical URLs, plain-text fields with
   caps, one entry per URL.

An empty feed (a channel without items) is a feed with zero entries, not an error.

Errors (`DiscoveryError`):
- `feed.not_a_feed`: the body is not a feed (HTML page, sitemap, other XML or JSON, empty);
- `feed.parse`: it looks like a feed but cannot be read (broken beyond recovery, truncated
  before its first entry, invalid JSON or JSON Feed without `items`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import fastfeedparser
from lxml import etree

from nashra.discover.dates import parse_datetime
from nashra.discover.entries import (
    FeedEntry,
    FeedKind,
    ParsedFeed,
    RawEntry,
    build_entries,
    clean_language,
)
from nashra.discover.jsonfeed import parse_json_feed
from nashra.discover.plaintext import MAX_TITLE_CHARS, clean_text, element_text
from nashra.discover.sniff import sniff_document
from nashra.discover.urls import try_canonicalize_url
from nashra.discover.xmlsafe import decode_xml, prepare_xml, safe_parser
from nashra.errors import DiscoveryError

__all__ = ["FeedEntry", "ParsedFeed", "parse_feed"]

TRUNCATION_TAIL_BYTES = 65_536  # the root's end tag, plus trailing cache comments, fits here
_ROOT_END = re.compile(rb"</(?:[\w.-]+:)?(?:rss|feed|RDF)\s*>")
_ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>")
_ENTRY_TAGS = frozenset({"item", "entry"})
_XML_KINDS: dict[str, FeedKind] = {"rss": "rss", "rdf": "rss", "atom": "atom"}
_UTF8_BOM = b"\xef\xbb\xbf"
# fastfeedparser 0.6 does not report the feed's language: RSS <language> / <dc:language>
# (CDATA or not) and Atom's root xml:lang are read from the head of the document.
_FIRST_ENTRY = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>]")
_LANGUAGE = re.compile(
    rb"<(?:dc:)?language>\s*(?:<!\[CDATA\[)?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)"
    rb"|<(?:[\w.-]+:)?feed\b[^>]*?\bxml:lang=[\"']([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)"
)


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _entry_link(item: Mapping[str, object]) -> str | None:
    link = _string(item.get("link"))
    if link is not None:
        return link
    links = item.get("links")
    if isinstance(links, list):
        for candidate in links:
            if isinstance(candidate, dict) and candidate.get("rel") in (None, "alternate"):
                href = _string(candidate.get("href"))
                if href is not None:
                    return href
    return None


def _is_relative(link: str | None) -> bool:
    return link is not None and not urlsplit(link.strip()).scheme


@dataclass(frozen=True)
class _TreeDetails:
    """What fastfeedparser does not report, read from the tree for one entry."""

    base: str
    xhtml_title: str | None


def _tree_details(xml: bytes, url: str, count: int) -> list[_TreeDetails] | None:
    """xml:base and Atom xhtml title of the entries fastfeedparser returned (`count` of
    them, before truncation trimmed any); None when the two cannot be matched up."""
    try:
        root = etree.fromstring(xml, parser=safe_parser(recover=True), base_url=url)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    elements = [
        element
        for element in root.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname in _ENTRY_TAGS
    ]
    if len(elements) != count:
        return None
    details = []
    for element in elements:
        xhtml_title = None
        for child in element:
            if (
                isinstance(child.tag, str)
                and etree.QName(child).localname == "title"
                and child.get("type") == "xhtml"
            ):
                xhtml_title = element_text(child)
        details.append(_TreeDetails(base=element.base or url, xhtml_title=xhtml_title))
    return details


def _declared_language(xml: bytes) -> str | None:
    first_entry = _FIRST_ENTRY.search(xml)
    match = _LANGUAGE.search(xml, 0, first_entry.start() if first_entry else len(xml))
    if match is None:
        return None
    return (match[1] or match[2]).decode("ascii").replace("_", "-")


def _is_truncated(xml: bytes) -> bool:
    """True when the root element never closes: the body was cut short."""
    return _ROOT_END.search(xml, max(0, len(xml) - TRUNCATION_TAIL_BYTES)) is None


def _raw_entries(
    items: Sequence[Mapping[str, object]], details: Sequence[_TreeDetails]
) -> list[RawEntry]:
    return [
        RawEntry(
            link=_entry_link(item),
            guid=_string(item.get("id")),
            title=_string(item.get("title")) or detail.xhtml_title,
            published=parse_datetime(
                _string(item.get("published")) or _string(item.get("updated"))
            ),
            summary_markup=_string(item.get("description")),
            base=detail.base,
        )
        for item, detail in zip(items, details, strict=True)
    ]


def _needs_tree(xml: bytes, items: Sequence[Mapping[str, object]]) -> bool:
    """True when fastfeedparser's output misses what the tree has: see the docstring."""
    relative = b"xml:base" in xml and any(_is_relative(_entry_link(i)) for i in items)
    untitled = b"xhtml" in xml and any(_string(i.get("title")) is None for i in items)
    return relative or untitled


def _parse_xml_feed(content: bytes, url: str, kind: FeedKind) -> ParsedFeed:
    xml = prepare_xml(decode_xml(content))
    try:
        parsed = fastfeedparser.parse(
            xml, include_tags=False, include_media=False, include_enclosures=False
        )
    except Exception as error:
        # Third-party code on hostile input: whatever it raises is this feed's parse error,
        # never a crash of the crawl. The cause stays chained for --debug.
        raise DiscoveryError(f"unreadable feed: {error}", code="feed.parse") from error
    items: list[Mapping[str, object]] = [
        item for item in parsed.get("entries", []) if isinstance(item, Mapping)
    ]
    parsed_count = len(items)
    if _is_truncated(xml):
        # Keep the entries whose end tag arrived; the last one may be cut mid-link.
        items = items[: len(_ENTRY_END.findall(xml))]
        if not items:
            raise DiscoveryError("feed truncated before its first entry", code="feed.parse")
    details = _tree_details(xml, url, parsed_count) if _needs_tree(xml, items) else None
    if details is None:
        details = [_TreeDetails(base=url, xhtml_title=None)] * parsed_count
    details = details[: len(items)]
    channel = parsed.get("feed", {})
    feed_link = _string(channel.get("link"))
    return ParsedFeed(
        kind=kind,
        title=clean_text(_string(channel.get("title")) or "", MAX_TITLE_CHARS),
        link=try_canonicalize_url(feed_link, url) if feed_link else None,
        entries=build_entries(_raw_entries(items, details)),
        language=clean_language(_declared_language(xml)),
    )


def parse_feed(content: bytes, url: str) -> ParsedFeed:
    """The feed in `content`, served from `url` (the base for relative links)."""
    kind = sniff_document(content)
    if kind == "json" or content.lstrip().removeprefix(_UTF8_BOM).lstrip().startswith(b"{"):
        return parse_json_feed(content, url)
    xml_kind = _XML_KINDS.get(kind)
    if xml_kind is None:
        what = "an empty body" if not content.strip() else f"a document of kind {kind!r}"
        raise DiscoveryError(f"not a feed: {what}", code="feed.not_a_feed")
    return _parse_xml_feed(content, url, xml_kind)
