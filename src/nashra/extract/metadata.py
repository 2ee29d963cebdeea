"""What a page says about itself: JSON-LD, Open Graph, `<meta>`, `<link>` and `<html>`.

Nothing here looks at the visible article; `title.py`, `byline.py` and `body.py` do, and
cross-check these declarations against it (a CMS often leaves stale or site-wide values in
its meta tags). JSON-LD objects of an article type (NewsArticle, Article, BlogPosting, ...)
are searched through `@graph` and nested lists; broken JSON-LD is ignored, never fatal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import lxml.html

from nashra.extract.text import clean_text

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "socialmediaposting",
        "liveblogposting",
        "techarticle",
        "scholarlyarticle",
        "report",
    }
)
# JSON-LD blocks larger than this are data dumps, not metadata.
MAX_JSON_LD_CHARS = 1_000_000


@dataclass
class PageMeta:
    """Declared metadata, each field as found (cleaned), or empty."""

    html_title: str = ""
    og_title: str = ""
    meta_title: str = ""  # twitter:title, dc.title, ...
    ld_headline: str = ""
    ld_body: str = ""
    site_name: str = ""
    publisher: str = ""
    canonical: str = ""
    og_url: str = ""
    authors: list[str] = field(default_factory=list)
    section: str = ""
    description: str = ""
    image: str = ""
    language: str = ""
    direction: str = ""
    ld_objects: list[dict[str, Any]] = field(default_factory=list)
    og_type: str = ""

    @property
    def declares_article(self) -> bool:
        """Whether the page says it is one article (og:type or a JSON-LD article)."""
        return self.og_type == "article" or bool(self.ld_objects)


def read_meta(doc: lxml.html.HtmlElement, url: str) -> PageMeta:
    meta = PageMeta()
    meta.language = (doc.get("lang") or doc.get("xml:lang") or "").strip()
    meta.direction = (doc.get("dir") or "").strip().lower()
    body = doc.find("body")
    if not meta.direction and body is not None:
        meta.direction = (body.get("dir") or "").strip().lower()
    title = doc.find(".//title")
    if title is not None:
        meta.html_title = clean_text(title.text_content())
    properties: dict[str, str] = {}
    authors: list[str] = []
    for element in doc.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        key = key.strip().lower()
        content = element.get("content")
        if not key or content is None:
            if (element.get("http-equiv") or "").lower() == "content-language" and content:
                properties.setdefault("content-language", content)
            continue
        value = clean_text(content)
        if not value:
            continue
        if key in (
            "author",
            "article:author",
            "dc.creator",
            "dc.creator.author",
            "sailthru.author",
            "byl",
            "parsely-author",
        ):
            authors.append(value)
        properties.setdefault(key, value)
    meta.og_title = properties.get("og:title", "")
    meta.og_type = properties.get("og:type", "").lower()
    meta.meta_title = (
        properties.get("twitter:title")
        or properties.get("dc.title")
        or properties.get("headline")
        or properties.get("title")
        or ""
    )
    meta.site_name = properties.get("og:site_name") or properties.get("application-name") or ""
    meta.og_url = properties.get("og:url", "")
    meta.section = properties.get("article:section") or properties.get("section") or ""
    meta.description = properties.get("og:description") or properties.get("description") or ""
    meta.image = properties.get("og:image") or properties.get("twitter:image") or ""
    if not meta.language:
        meta.language = properties.get("og:locale") or properties.get("content-language") or ""
    for element in doc.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        if "canonical" in rel and element.get("href") and not meta.canonical:
            meta.canonical = element.get("href", "").strip()
    _read_json_ld(doc, meta)
    meta.authors = [*meta.authors, *authors]
    if meta.canonical:
        meta.canonical = urljoin(url, meta.canonical)
    if meta.og_url:
        meta.og_url = urljoin(url, meta.og_url)
    if meta.image:
        meta.image = urljoin(url, meta.image)
    return meta


def _read_json_ld(doc: lxml.html.HtmlElement, meta: PageMeta) -> None:
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if not raw.strip() or len(raw) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        for obj in _objects(data, depth=0):
            kinds = obj.get("@type")
            types = {str(kind).lower() for kind in (kinds if isinstance(kinds, list) else [kinds])}
            if types & ARTICLE_TYPES:
                meta.ld_objects.append(obj)
                _from_article_object(obj, meta)
            elif "breadcrumblist" in types and not meta.section:
                meta.section = _section_from_breadcrumb(obj)
            elif (
                types & {"newsmediaorganization", "organization", "website"} and not meta.publisher
            ):
                meta.publisher = clean_text(_string(obj.get("name")))


def _objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _objects(graph, depth + 1)


def _from_article_object(obj: dict[str, Any], meta: PageMeta) -> None:
    if not meta.ld_headline:
        meta.ld_headline = clean_text(_string(obj.get("headline") or obj.get("name")))
    if not meta.ld_body:
        meta.ld_body = _string(obj.get("articleBody"))
    if not meta.section:
        meta.section = clean_text(_string(obj.get("articleSection")))
    publisher = obj.get("publisher")
    if isinstance(publisher, dict) and not meta.publisher:
        meta.publisher = clean_text(_string(publisher.get("name")))
    authors = obj.get("author") or obj.get("creator")
    for author in authors if isinstance(authors, list) else [authors]:
        if isinstance(author, dict):
            name = clean_text(_string(author.get("name")))
        else:
            name = clean_text(_string(author))
        if name:
            meta.authors.append(name)


def _section_from_breadcrumb(obj: dict[str, Any]) -> str:
    items = obj.get("itemListElement")
    if not isinstance(items, list) or len(items) < 2:
        return ""
    # The last crumb is usually the article itself; the one before is its section.
    names = []
    for item in items:
        if isinstance(item, dict):
            name = item.get("name")
            if name is None and isinstance(item.get("item"), dict):
                name = item["item"].get("name")
            names.append(clean_text(_string(name)))
    return names[-2] if len(names) >= 3 else ""


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0]
    return ""
