"""The registry format: newspapers described in TOML, checked before anything is stored.

One file holds any number of `[[source]]` tables (docs/sources.md has the full format):

```toml
[[source]]
slug = "el-khabar"                      # a-z, 0-9 and single hyphens; unique
name = "الخبر"                          # the paper's Arabic name
name_fr = "El Khabar"                   # optional Latin-script name
homepage = "https://www.elkhabar.com/"  # http or https
language = "ar"                         # ar | fr
country = "DZ"                          # optional, ISO 3166 alpha-2, default DZ
timezone = "Africa/Algiers"             # optional IANA zone, default Africa/Algiers
feeds = ["https://elkhabar.com/feed/"]  # URLs (kind rss) or {url, kind} tables
sections = ["https://www.elkhabar.com/sport/"]  # section pages, read for article links

[source.rules]                          # optional site rules (format: extract/rules.py)
body = "div.article-body"
```

Everything is checked at load time, in this order, and the first problem stops the load
with the file and the source named: unknown keys, value types, the slug's shape, URL
schemes (http and https only, no credentials), the language, the country, the time zone
(it must exist in the zoneinfo database), duplicate slugs and duplicate feed URLs (in one
file and across the files of a directory), then the site rules through
`nashra.extract.rules.parse_rules`, whose selector checks they share.

A source with no feed is fine: the pipeline discovers feeds from its home page at the
first crawl.

Error codes: `sources.invalid` (a file that breaks the format), `sources.unreadable`
(a file or directory that cannot be read).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nashra.errors import ExtractionError, NashraError
from nashra.extract.rules import RuleBook, SiteRules, parse_rules
from nashra.models import FEED_KINDS, Feed, FeedKind, Source

BUNDLED_DIR = Path(__file__).with_name("bundled")
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_CHARS = 64  # slugs appear in URLs (/paper/{slug}); the column allows 100
MAX_NAME_CHARS = 200  # the width of the sources.name and sources.name_fr columns
MAX_URL_CHARS = 2048  # the width of the sources.homepage and feeds.url columns
LANGUAGES = ("ar", "fr")
COUNTRY_PATTERN = re.compile(r"[A-Z]{2}")
DEFAULT_COUNTRY = "DZ"
DEFAULT_TIMEZONE = "Africa/Algiers"
DEFAULT_FEED_KIND: FeedKind = "rss"  # the feed parser sniffs RSS, Atom and JSON Feed alike
FILE_KEYS = frozenset({"source"})
SOURCE_KEYS = frozenset(
    {
        "slug",
        "name",
        "name_fr",
        "homepage",
        "language",
        "country",
        "timezone",
        "feeds",
        "sections",
        "rules",
    }
)
FEED_KEYS = frozenset({"url", "kind"})
URL_SCHEMES = ("http", "https")
_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f]")


class RegistryError(NashraError):
    """A registry (TOML or OPML) that nashra refuses; the message names file and source."""

    code = "sources.invalid"


Failure = Callable[[str], RegistryError]  # builds the error naming the file and the source


@dataclass(frozen=True)
class Registry:
    """Sources loaded from registry files, with the site rules some of them carry.

    `rules` is kept beside the sources because a stored `Source` has no place for them:
    the extractor takes a `RuleBook`.
    """

    sources: tuple[Source, ...] = ()
    rules: RuleBook = field(default_factory=RuleBook)


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a home page or feed URL, or None when it can."""
    if not url:
        return "the URL is empty"
    if len(url) > MAX_URL_CHARS:
        return f"the URL is longer than {MAX_URL_CHARS} characters"
    if _UNSAFE_URL_CHARS.search(url):
        return f"the URL {url!r} contains spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a malformed port)
    except ValueError as error:
        return f"the URL {url!r} is malformed: {error}"
    if parts.scheme not in URL_SCHEMES:
        return f"the URL {url!r} must use http or https"
    if not parts.hostname:
        return f"the URL {url!r} has no host"
    if parts.username is not None or parts.password is not None:
        return f"the URL {url!r} carries credentials"
    return None


def check_source(source: Source, *, origin: str) -> Source:
    """Return `source` when every field is valid; raise `sources.invalid` naming it."""

    def fail(problem: str) -> RegistryError:
        return RegistryError(f"{origin}: source {source.slug!r}: {problem}")

    if len(source.slug) > MAX_SLUG_CHARS or not SLUG_PATTERN.fullmatch(source.slug):
        raise fail(
            f"a slug is 1 to {MAX_SLUG_CHARS} characters of a-z, 0-9 and single hyphens "
            "(not at either end)"
        )
    for label, value in (("name", source.name), ("name_fr", source.name_fr)):
        if value is not None and not value.strip():
            raise fail(f"{label} is empty")
        if value is not None and len(value) > MAX_NAME_CHARS:
            raise fail(f"{label} is longer than {MAX_NAME_CHARS} characters")
    if problem := url_problem(source.homepage):
        raise fail(f"homepage: {problem}")
    if source.language not in LANGUAGES:
        raise fail(f"language must be one of {', '.join(LANGUAGES)}, not {source.language!r}")
    if not COUNTRY_PATTERN.fullmatch(source.country):
        raise fail(f"country must be two capital letters (ISO 3166), not {source.country!r}")
    if problem := timezone_problem(source.timezone):
        raise fail(problem)
    seen: set[str] = set()
    for feed in source.feeds:
        if problem := url_problem(feed.url):
            raise fail(f"feed: {problem}")
        if feed.kind not in FEED_KINDS:
            raise fail(f"feed {feed.url!r}: kind must be one of {', '.join(FEED_KINDS)}")
        if feed.url in seen:
            raise fail(f"feed {feed.url!r} is listed twice")
        seen.add(feed.url)
    return source


def timezone_problem(name: str) -> str | None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"timezone {name!r} is not a known IANA time zone"
    return None


def parse_registry(text: str, *, origin: str) -> Registry:
    """Read one registry file's text; `origin` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RegistryError(f"{origin}: not valid TOML: {error}") from None
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise RegistryError(
            f"{origin}: unknown top-level keys {sorted(unknown)} (sources are [[source]] tables)"
        )
    tables = data.get("source", [])
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise RegistryError(f"{origin}: `source` must be an array of tables ([[source]])")
    sources: list[Source] = []
    rules: list[SiteRules] = []
    for index, table in enumerate(tables, start=1):
        source, site_rules = _source_from_table(table, origin=origin, index=index)
        sources.append(source)
        if site_rules is not None:
            rules.append(site_rules)
    registry = Registry(tuple(sources), RuleBook(tuple(rules)))
    _check_unique([(origin, source) for source in registry.sources])
    return registry


def load_registry(path: Path) -> Registry:
    """Load a registry file, or every `*.toml` file of a directory (sorted by name)."""
    try:
        files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
        texts = [(file, file.read_text(encoding="utf-8")) for file in files]
    except (OSError, UnicodeDecodeError) as error:
        raise RegistryError(
            f"{path.name}: cannot read the registry: {error}", code="sources.unreadable"
        ) from None
    loaded = [(file.name, parse_registry(text, origin=file.name)) for file, text in texts]
    _check_unique([(name, source) for name, registry in loaded for source in registry.sources])
    return Registry(
        tuple(source for _name, registry in loaded for source in registry.sources),
        RuleBook(tuple(rules for _name, registry in loaded for rules in registry.rules.sites)),
    )


def bundled_registry() -> Registry:
    """The registry of real Algerian newspapers shipped with nashra."""
    return load_registry(BUNDLED_DIR)


def _check_unique(sources: Sequence[tuple[str, Source]]) -> None:
    """One slug per source and one source per feed URL (the database keeps both unique)."""
    slugs: dict[str, str] = {}
    feeds: dict[str, tuple[str, str]] = {}
    for origin, source in sources:
        if source.slug in slugs:
            raise RegistryError(
                f"{origin}: source {source.slug!r}: duplicate slug "
                f"(already defined in {slugs[source.slug]})"
            )
        slugs[source.slug] = origin
        for feed in source.feeds:
            if feed.url in feeds:
                other_origin, other_slug = feeds[feed.url]
                raise RegistryError(
                    f"{origin}: source {source.slug!r}: feed {feed.url!r} already belongs "
                    f"to source {other_slug!r} ({other_origin})"
                )
            feeds[feed.url] = (origin, source.slug)


def _source_from_table(
    table: Mapping[str, Any], *, origin: str, index: int
) -> tuple[Source, SiteRules | None]:
    slug = table.get("slug")
    label = f"source {slug!r}" if isinstance(slug, str) else f"source #{index}"

    def fail(problem: str) -> RegistryError:
        return RegistryError(f"{origin}: {label}: {problem}")

    unknown = set(table) - SOURCE_KEYS
    if unknown:
        raise fail(f"unknown keys {sorted(unknown)}")
    for key in ("slug", "name", "homepage"):
        if key not in table:
            raise fail(f"`{key}` is required")
    for key in ("slug", "name", "name_fr", "homepage", "language", "country", "timezone"):
        if key in table and not isinstance(table[key], str):
            raise fail(f"`{key}` must be a string")
    feeds = [*_feeds(table.get("feeds", []), fail), *_sections(table.get("sections", []), fail)]
    source = check_source(
        Source(
            slug=table["slug"],
            name=table["name"].strip(),
            name_fr=table["name_fr"].strip() if "name_fr" in table else None,
            homepage=table["homepage"],
            language=table.get("language", "ar"),
            country=table.get("country", DEFAULT_COUNTRY),
            timezone=table.get("timezone", DEFAULT_TIMEZONE),
            feeds=tuple(feeds),
        ),
        origin=origin,
    )
    rules = table.get("rules")
    if rules is None:
        return source, None
    return source, _site_rules(rules, source, fail)


def _feeds(raw: object, fail: Failure) -> Iterable[Feed]:
    if not isinstance(raw, list):
        raise fail("`feeds` must be a list of URLs or of {url, kind} tables")
    for item in raw:
        if isinstance(item, str):
            yield Feed(url=item, kind=DEFAULT_FEED_KIND)
            continue
        if not isinstance(item, dict):
            raise fail("`feeds` must be a list of URLs or of {url, kind} tables")
        unknown = set(item) - FEED_KEYS
        if unknown:
            raise fail(f"feed: unknown keys {sorted(unknown)}")
        url, kind = item.get("url"), item.get("kind", DEFAULT_FEED_KIND)
        if not isinstance(url, str):
            raise fail("feed: `url` is required and must be a string")
        if kind not in FEED_KINDS:
            raise fail(f"feed {url!r}: kind must be one of {', '.join(FEED_KINDS)}, not {kind!r}")
        yield Feed(url=url, kind=kind)


def _sections(raw: object, fail: Failure) -> Iterable[Feed]:
    if not isinstance(raw, list) or not all(isinstance(url, str) for url in raw):
        raise fail("`sections` must be a list of section page URLs")
    return (Feed(url=url, kind="section") for url in raw)


def _site_rules(raw: object, source: Source, fail: Failure) -> SiteRules:
    """Check a `[source.rules]` table with the extractor's own rule parser."""
    if not isinstance(raw, dict):
        raise fail("`rules` must be a table of selectors")
    for key, value in raw.items():
        as_list = key in ("hosts", "remove")
        valid = (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
            if as_list
            else isinstance(value, str)
        )
        if not valid:
            raise fail(f"rules: `{key}` must be {'a list of strings' if as_list else 'a string'}")
    entry = dict(raw)
    entry.setdefault("hosts", _hosts_of(source.homepage))
    try:
        [site_rules] = parse_rules({"site": [entry]}).sites
    except ExtractionError as error:
        raise fail(f"rules: {error.message}") from None
    return site_rules


def _hosts_of(homepage: str) -> list[str]:
    """The home page's host and its www twin: papers answer on both."""
    host = (urlsplit(homepage).hostname or "").lower()
    bare = host.removeprefix("www.")
    return [host, bare if host != bare else f"www.{host}"]
