"""Feed entries as nashra keeps them, whatever format and parser they came from.

A parser's raw item (link, id, title, date, summary markup) becomes a `FeedEntry` here:

- the URL is the item's link resolved against its base (xml:base, else the feed URL) and
  canonicalized (`url`, the identity); the link as published, absolute, is kept beside it
  (`link`, the address to fetch: a canonical form without its trailing slash can 404).
  A link that is not http(s) (`javascript:`, `data:`, `file:`, `mailto:`) drops the whole
  item, it does not fall back to anything. Only an item with no link at
  all may use its guid, when the guid is an absolute http(s) URL (RSS `isPermaLink`, Atom
  ids that are URLs). An item with no usable URL is dropped;
- the entry's identity is its canonical URL: within one feed, entries are deduplicated by
  URL and the first is kept. GUIDs are not identities: feeds repeat one guid on every item,
  change guids while the link stays, or send empty ones. So repeated guids with different
  links are different entries, and a changed guid on a known link is the same entry;
- `guid` is kept as information only: the feed's identifier when it says something the
  URL does not (None when absent, empty, or equal to the link);
- title and summary are plain text (`plaintext.clean_text`), capped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from nashra.discover.plaintext import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, clean_text
from nashra.discover.urls import MAX_URL_CHARS, try_canonicalize_url, try_resolve_url

MAX_GUID_CHARS = MAX_URL_CHARS  # guids are URLs or short ids; longer is garbage
MAX_LANGUAGE_CHARS = 35  # the longest well-formed BCP 47 tag in practical use

FeedKind = Literal["rss", "atom", "json"]


@dataclass(frozen=True)
class FeedEntry:
    url: str  # absolute, canonical, http(s): the article's identity, the key to store on
    title: str | None  # plain text, at most MAX_TITLE_CHARS
    published: datetime | None  # UTC
    guid: str | None  # the feed's own id when it differs from the link
    summary: str | None  # plain text, at most MAX_SUMMARY_CHARS
    # The link as published, absolute and checked (urls.try_resolve_url): the URL to fetch.
    link: str = field(kw_only=True)


@dataclass(frozen=True)
class ParsedFeed:
    kind: FeedKind  # RSS 0.9x, 1.0 (RDF) and 2.0 are all "rss"
    title: str | None
    link: str | None  # the site the feed describes, canonical
    entries: tuple[FeedEntry, ...]
    language: str | None = None  # as the feed declares it, lower-cased


@dataclass(frozen=True)
class RawEntry:
    """One item as a parser returned it, before nashra's checks."""

    link: str | None
    guid: str | None
    title: str | None
    published: datetime | None
    summary_markup: str | None
    base: str  # what a relative link resolves against


def _clean_guid(guid: str | None, link: str | None) -> str | None:
    if not guid:
        return None
    guid = " ".join(guid.split())
    if not guid or len(guid) > MAX_GUID_CHARS or guid == (link or "").strip():
        return None
    return guid


def build_entry(raw: RawEntry) -> FeedEntry | None:
    """The entry nashra keeps for `raw`, or None if it has no usable http(s) URL."""
    link = raw.link.strip() if raw.link else ""
    if link:
        url, fetch = try_canonicalize_url(link, raw.base), try_resolve_url(link, raw.base)
    elif raw.guid:
        url, fetch = try_canonicalize_url(raw.guid), try_resolve_url(raw.guid)
    else:
        url = fetch = None
    if url is None or fetch is None:
        return None
    return FeedEntry(
        link=fetch,
        url=url,
        title=clean_text(raw.title or "", MAX_TITLE_CHARS),
        published=raw.published,
        guid=_clean_guid(raw.guid, raw.link),
        summary=clean_text(raw.summary_markup or "", MAX_SUMMARY_CHARS),
    )


def build_entries(raws: Iterable[RawEntry]) -> tuple[FeedEntry, ...]:
    """Entries with a usable URL, one per canonical URL, first kept, in feed order."""
    seen: set[str] = set()
    entries: list[FeedEntry] = []
    for raw in raws:
        entry = build_entry(raw)
        if entry is None or entry.url in seen:
            continue
        seen.add(entry.url)
        entries.append(entry)
    return tuple(entries)


def clean_language(language: str | None) -> str | None:
    if not language:
        return None
    value = language.strip().lower()
    return value if 0 < len(value) <= MAX_LANGUAGE_CHARS else None
