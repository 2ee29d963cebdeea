"""The values nashra moves around: sources, feeds, articles, images, stories.

Plain frozen dataclasses with no I/O. `to_json()` methods give the shapes of the JSON API
(docs: DESIGN "Data shapes"); the store adds ids and links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

BlockType = Literal["paragraph", "heading", "list", "quote", "image"]
FeedKind = Literal["rss", "atom", "json", "sitemap", "section"]
FEED_KINDS: tuple[FeedKind, ...] = ("rss", "atom", "json", "sitemap", "section")
Direction = Literal["rtl", "ltr"]


@dataclass(frozen=True)
class Block:
    """One piece of an article body, in page order."""

    type: BlockType
    text: str = ""
    items: tuple[str, ...] = ()
    image: int | None = None  # index into Article.images for an image block

    def to_json(self) -> dict[str, Any]:
        if self.type == "list":
            return {"type": "list", "items": list(self.items)}
        if self.type == "image":
            return {"type": "image", "image": self.image}
        return {"type": self.type, "text": self.text}


@dataclass(frozen=True)
class Image:
    src: str
    alt: str = ""
    caption: str = ""
    width: int | None = None
    height: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "src": self.src,
            "alt": self.alt,
            "caption": self.caption,
            "width": self.width,
            "height": self.height,
        }


@dataclass(frozen=True)
class Article:
    """An article as extracted from a page, before it is stored."""

    url: str
    title: str
    text: str
    canonical_url: str | None = None
    subtitle: str | None = None
    highlights: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    author: str | None = None
    section: str | None = None
    published_at: datetime | None = None
    published_text: str | None = None
    date_confidence: float = 0.0
    language: str | None = None
    direction: Direction = "rtl"
    images: tuple[Image, ...] = ()
    source_name: str | None = None

    @property
    def key_url(self) -> str:
        """The URL that identifies the article: its canonical URL, else the fetched one."""
        return self.canonical_url or self.url

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "title": self.title,
            "subtitle": self.subtitle,
            "highlights": list(self.highlights),
            "blocks": [block.to_json() for block in self.blocks],
            "text": self.text,
            "author": self.author,
            "section": self.section,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "published_text": self.published_text,
            "date_confidence": self.date_confidence,
            "language": self.language,
            "direction": self.direction,
            "images": [image.to_json() for image in self.images],
            "source_name": self.source_name,
        }


@dataclass(frozen=True)
class FeedHealth:
    status: Literal["ok", "failing", "disabled"] = "ok"
    last_fetched_at: datetime | None = None
    last_error_code: str | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    next_check_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "last_fetched_at": _iso(self.last_fetched_at),
            "last_error_code": self.last_error_code,
            "last_error": self.last_error,
            "consecutive_failures": self.consecutive_failures,
            "next_check_at": _iso(self.next_check_at),
        }


@dataclass(frozen=True)
class Feed:
    url: str
    kind: FeedKind
    health: FeedHealth = field(default_factory=FeedHealth)
    id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "kind": self.kind, "health": self.health.to_json()}


@dataclass(frozen=True)
class Source:
    """A newspaper: who it is and where its articles are announced."""

    slug: str
    name: str
    homepage: str
    name_fr: str | None = None
    language: str = "ar"
    country: str = "DZ"
    timezone: str = "Africa/Algiers"
    feeds: tuple[Feed, ...] = ()
    id: int | None = None

    def to_json(self, articles_count: int | None = None) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "name_fr": self.name_fr,
            "homepage": self.homepage,
            "language": self.language,
            "country": self.country,
            "timezone": self.timezone,
            "feeds": [feed.to_json() for feed in self.feeds],
            "articles_count": articles_count,
        }


@dataclass(frozen=True)
class Story:
    id: int
    headline: str
    category: str | None
    papers: tuple[str, ...]
    article_count: int
    first_seen: datetime
    last_seen: datetime
    score: float = 0.0


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
