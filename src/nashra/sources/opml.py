"""OPML 2.0 in and out: the registry in the format feed readers exchange.

Export writes one outline per source (`text` and `title` = its name, `htmlUrl` = its home
page, `language`) holding one child outline per feed: `type="rss"` with `xmlUrl` for RSS,
Atom and JSON feeds, `type="link"` with `url` for sitemaps and section pages, which other
readers must not subscribe to. What OPML has no attribute for (slug, French name,
country, time zone, feed kind) rides in the `nashra:` namespace, so a file nashra wrote
reads back to the same sources.

Import reads any reader's file. Outlines are classified in this order:
1. an outline with `xmlUrl` is a feed;
2. an outline with `url` and a `nashra:kind` of `sitemap` or `section` is one of those;
3. an outline with `htmlUrl` (and neither of the above) is a source: the feeds inside it
   are its feeds;
4. any other outline is a folder, walked into.
A feed outside any source outline joins the source of its `htmlUrl` (else of its host's
root), so a flat list of one paper's three feeds becomes one source with three feeds.
A source with no `nashra:slug` takes the slug of the stored source with the same home
page, else one made from the home page's host: importing a file twice changes nothing.
Outlines that cannot become valid sources (a `javascript:` feed URL, an unsupported
language...) are left out and listed in `OpmlImport.skipped`; the rest is imported.

Hostile files: at most `MAX_OPML_BYTES` are read and `MAX_OUTLINES` outlines walked; the
parser resolves no entity and touches no network, and a document with a DTD is refused
outright (OPML needs none), which stops XXE and entity-expansion ("billion laughs") files.

Error codes: `sources.opml_invalid` (not well-formed, not OPML, has a DTD, too many
outlines), `sources.opml_too_large`, `sources.unreadable` (the file cannot be read).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from nashra.models import Feed, FeedKind, Source
from nashra.sources.registry import (
    DEFAULT_COUNTRY,
    DEFAULT_FEED_KIND,
    DEFAULT_TIMEZONE,
    MAX_SLUG_CHARS,
    RegistryError,
    check_source,
    url_problem,
)

NAMESPACE = "https://github.com/nashra-news/nashra/blob/main/docs/sources.md#opml"
OPML_SPEC = "http://opml.org/spec2.opml"
MAX_OPML_BYTES = 5 * 2**20  # a 5,000-feed subscription list is about 1 MiB
MAX_OUTLINES = 20_000  # bounds the walk of a hostile file; no reader follows that many feeds
FEED_OUTLINE_KINDS: tuple[FeedKind, ...] = ("rss", "atom", "json")
LINK_OUTLINE_KINDS: tuple[FeedKind, ...] = ("sitemap", "section")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG_SUFFIX_ROOM = 4  # "-99": a derived slug leaves room for a collision counter


@dataclass(frozen=True)
class OpmlImport:
    """What an OPML file gives: valid sources, and one line per outline left out."""

    sources: tuple[Source, ...]
    skipped: tuple[str, ...] = ()


@dataclass
class _Group:
    """A source being assembled from an outline (or from loose feeds of one site)."""

    homepage: str
    name: str
    slug: str | None = None
    name_fr: str | None = None
    language: str | None = None
    country: str | None = None
    timezone: str | None = None
    feeds: list[Feed] = field(default_factory=list)


# -- export -----------------------------------------------------------------------------


def export_opml(
    sources: Iterable[Source], *, title: str = "nashra sources", now: datetime | None = None
) -> bytes:
    """The sources as an OPML 2.0 document (UTF-8 bytes), one outline per source."""
    root = etree.Element("opml", nsmap={"nashra": NAMESPACE})
    root.set("version", "2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC))
    etree.SubElement(head, "docs").text = OPML_SPEC
    body = etree.SubElement(root, "body")
    for source in sources:
        group = etree.SubElement(body, "outline")
        _set(group, text=source.name, title=source.name, htmlUrl=source.homepage)
        _set(group, language=source.language)
        _set_nashra(
            group,
            slug=source.slug,
            nameFr=source.name_fr,
            country=source.country,
            timezone=source.timezone,
        )
        for feed in source.feeds:
            outline = etree.SubElement(group, "outline")
            _set(outline, text=source.name, title=source.name)
            if feed.kind in LINK_OUTLINE_KINDS:
                _set(outline, type="link", url=feed.url)
            else:
                _set(outline, type="rss", xmlUrl=feed.url, htmlUrl=source.homepage)
                _set(outline, language=source.language)
            _set_nashra(outline, kind=feed.kind)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _set(element: etree._Element, **attributes: str | None) -> None:
    for name, value in attributes.items():
        if value is not None:
            element.set(name, value)


def _set_nashra(element: etree._Element, **attributes: str | None) -> None:
    _set(element, **{f"{{{NAMESPACE}}}{name}": value for name, value in attributes.items()})


# -- import -----------------------------------------------------------------------------


def load_opml(path: Path, *, existing: Sequence[Source] = ()) -> OpmlImport:
    """Read an OPML file (at most `MAX_OPML_BYTES`) and parse it with `parse_opml`."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_OPML_BYTES + 1)
    except OSError as error:
        raise RegistryError(
            f"{path.name}: cannot read the OPML file: {error}", code="sources.unreadable"
        ) from None
    return parse_opml(data, origin=path.name, existing=existing)


def parse_opml(data: bytes, *, origin: str = "OPML", existing: Sequence[Source] = ()) -> OpmlImport:
    """The sources an OPML document describes, matched to the `existing` stored sources."""
    if len(data) > MAX_OPML_BYTES:
        raise RegistryError(
            f"{origin}: larger than {MAX_OPML_BYTES // 2**20} MiB", code="sources.opml_too_large"
        )
    body = _body(data, origin)
    skipped: list[str] = []
    groups = _walk(body, origin, skipped)
    sources = _sources(groups, origin, existing, skipped)
    return OpmlImport(tuple(sources), tuple(skipped))


def _body(data: bytes, origin: str) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise RegistryError(
            f"{origin}: not well-formed XML: {error}", code="sources.opml_invalid"
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        raise RegistryError(
            f"{origin}: documents with a DTD are refused (OPML needs none)",
            code="sources.opml_invalid",
        )
    body = root.find("body") if root.tag == "opml" else None
    if body is None:
        raise RegistryError(f"{origin}: not an OPML document", code="sources.opml_invalid")
    return body


def _attr(element: etree._Element, name: str, *, nashra: bool = False) -> str | None:
    """The attribute's text, stripped; None when it is missing or blank."""
    value = element.get(f"{{{NAMESPACE}}}{name}" if nashra else name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _walk(body: etree._Element, origin: str, skipped: list[str]) -> list[_Group]:
    """Classify every outline (module docstring) into source groups, in document order."""
    groups: list[_Group] = []
    loose: dict[str, _Group] = {}  # loose feeds' groups, by home page key
    stack: list[tuple[etree._Element, _Group | None]] = [
        (outline, None) for outline in reversed(body.findall("outline"))
    ]
    walked = 0
    while stack:
        outline, group = stack.pop()
        walked += 1
        if walked > MAX_OUTLINES:
            raise RegistryError(
                f"{origin}: more than {MAX_OUTLINES} outlines", code="sources.opml_invalid"
            )
        label = _attr(outline, "title") or _attr(outline, "text")
        feed = _feed(outline)
        if feed is not None:
            if problem := url_problem(feed.url):
                skipped.append(f"outline {label or '(untitled)'!r}: feed: {problem}")
                continue
            owner = group or _loose_group(outline, feed.url, label, loose, groups)
            if all(known.url != feed.url for known in owner.feeds):
                owner.feeds.append(feed)
            continue
        homepage = _attr(outline, "htmlUrl")
        if homepage is not None:
            key = homepage_key(homepage)
            if _attr(outline, "slug", nashra=True) is None and key in loose:
                group = loose[key]  # the same paper named twice: one source
            else:
                group = _group(outline, homepage, label)
                groups.append(group)
                loose.setdefault(key, group)
        stack.extend((child, group) for child in reversed(outline.findall("outline")))
    return groups


def _feed(outline: etree._Element) -> Feed | None:
    kind = _attr(outline, "kind", nashra=True)
    xml_url = _attr(outline, "xmlUrl")
    if xml_url is not None:
        feed_kind = next((k for k in FEED_OUTLINE_KINDS if k == kind), DEFAULT_FEED_KIND)
        return Feed(url=xml_url, kind=feed_kind)
    url = _attr(outline, "url")
    link_kind = next((k for k in LINK_OUTLINE_KINDS if k == kind), None)
    if url is not None and link_kind is not None:
        return Feed(url=url, kind=link_kind)
    return None


def _group(outline: etree._Element, homepage: str, name: str | None) -> _Group:
    return _Group(
        homepage=homepage,
        name=name or (urlsplit(homepage).hostname or homepage),  # an untitled feed: its site
        slug=_attr(outline, "slug", nashra=True),
        name_fr=_attr(outline, "nameFr", nashra=True),
        language=_attr(outline, "language"),
        country=_attr(outline, "country", nashra=True),
        timezone=_attr(outline, "timezone", nashra=True),
    )


def _loose_group(
    outline: etree._Element,
    feed_url: str,
    name: str | None,
    loose: dict[str, _Group],
    groups: list[_Group],
) -> _Group:
    homepage = _attr(outline, "htmlUrl")
    if homepage is None or url_problem(homepage):
        parts = urlsplit(feed_url)
        homepage = f"{parts.scheme}://{parts.netloc}/"
    key = homepage_key(homepage)
    if key not in loose:
        loose[key] = _group(outline, homepage, name)
        groups.append(loose[key])
    return loose[key]


def homepage_key(url: str) -> str:
    """Two home pages are the same paper when host (bar `www.`) and path match."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


def _sources(
    groups: list[_Group], origin: str, existing: Sequence[Source], skipped: list[str]
) -> list[Source]:
    slug_of_page = {homepage_key(source.homepage): source.slug for source in existing}
    page_of_slug = {source.slug: homepage_key(source.homepage) for source in existing}
    owner_of_feed = {feed.url: source.slug for source in existing for feed in source.feeds}
    used: set[str] = set()
    feeds_taken: set[str] = set()
    sources: list[Source] = []
    for group in groups:
        key = homepage_key(group.homepage)
        slug = group.slug or slug_of_page.get(key)
        if slug is None or (not group.slug and slug in used):
            slug = _fresh_slug(group.homepage, key, used, page_of_slug)
        if slug in used:
            skipped.append(f"outline {group.name!r}: slug {slug!r} appears twice")
            continue
        feeds: list[Feed] = []
        for feed in group.feeds:
            owner = owner_of_feed.get(feed.url, slug)
            if owner != slug:
                skipped.append(
                    f"outline {group.name!r}: feed {feed.url!r} already belongs to {owner!r}"
                )
            elif feed.url in feeds_taken:
                skipped.append(
                    f"outline {group.name!r}: feed {feed.url!r} is listed under another source"
                )
            else:
                feeds.append(feed)
        arabic = bool(_ARABIC_LETTER.search(group.name))
        language = (group.language or ("ar" if arabic else "fr")).replace("_", "-")
        try:
            source = check_source(
                Source(
                    slug=slug,
                    name=group.name,
                    name_fr=group.name_fr or (None if arabic else group.name),
                    homepage=group.homepage,
                    language=language.split("-")[0].lower(),
                    country=group.country or DEFAULT_COUNTRY,
                    timezone=group.timezone or DEFAULT_TIMEZONE,
                    feeds=tuple(feeds),
                ),
                origin=origin,
            )
        except RegistryError as error:
            skipped.append(error.message)
            continue
        used.add(slug)
        feeds_taken.update(feed.url for feed in feeds)
        sources.append(source)
    return sources


def _fresh_slug(homepage: str, key: str, used: set[str], page_of_slug: dict[str, str]) -> str:
    """A slug from the home page's host, numbered when another paper already has it."""
    host = (urlsplit(homepage).hostname or "").removeprefix("www.")
    labels = host.split(".")
    name = "-".join(labels[:-1] if len(labels) > 1 else labels)
    base = _NOT_SLUG.sub("-", name.lower()).strip("-")[: MAX_SLUG_CHARS - _SLUG_SUFFIX_ROOM]
    base = base.strip("-") or "source"
    number = 1
    while True:
        candidate = base if number == 1 else f"{base}-{number}"
        if candidate not in used and page_of_slug.get(candidate, key) == key:
            return candidate
        number += 1
