"""JSON Feed 1.0 and 1.1, read by nashra itself.

A JSON Feed is plain JSON, so the standard library reads it; what a parser library would
add is the shape check, and fastfeedparser 0.6 does not do it (an `items` string raises
AttributeError, a numeric `url` comes back as an int). Here every field is type-checked:
a wrong-typed field counts as absent, a wrong-typed item is skipped.

Fields used: `title`, `home_page_url`, `language` (1.1) for the feed; `url` (else an
http(s) `id`), `id`, `title`, `date_published` (else `date_modified`), `summary` (else
`content_text`, else `content_html`) for items.

Errors (`DiscoveryError`): `feed.parse` -- not UTF-8, not JSON, nested too deep, or `items`
missing or not a list; `feed.not_a_feed` -- JSON, but not a JSON Feed (no
`https://jsonfeed.org/version/...`).
"""

from __future__ import annotations

import json

from nashra.discover.dates import parse_datetime
from nashra.discover.entries import ParsedFeed, RawEntry, build_entries, clean_language
from nashra.discover.plaintext import MAX_TITLE_CHARS, clean_text
from nashra.discover.urls import try_canonicalize_url
from nashra.errors import DiscoveryError

JSON_FEED_VERSION_PREFIX = "https://jsonfeed.org/version/"


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _identifier(value: object) -> str | None:
    # JSON Feed 1.0 publishers sometimes send numeric ids; bool is an int subclass, not an id.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _raw_entry(item: dict[str, object], url: str) -> RawEntry:
    return RawEntry(
        link=_text(item.get("url")),
        guid=_identifier(item.get("id")),
        title=_text(item.get("title")),
        published=parse_datetime(
            _text(item.get("date_published")) or _text(item.get("date_modified"))
        ),
        summary_markup=(
            _text(item.get("summary"))
            or _text(item.get("content_text"))
            or _text(item.get("content_html"))
        ),
        base=url,
    )


def parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    """The feed in a JSON Feed document served from `url`."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise DiscoveryError(f"JSON Feed is not UTF-8: {error}", code="feed.parse") from error
    except (ValueError, RecursionError) as error:
        raise DiscoveryError(f"not valid JSON: {error}", code="feed.parse") from error
    if not isinstance(data, dict):
        raise DiscoveryError("JSON document is not an object", code="feed.not_a_feed")
    version = data.get("version")
    if not isinstance(version, str) or not version.startswith(JSON_FEED_VERSION_PREFIX):
        raise DiscoveryError("JSON document is not a JSON Feed", code="feed.not_a_feed")
    items = data.get("items")
    if not isinstance(items, list):
        raise DiscoveryError("JSON Feed has no list of items", code="feed.parse")
    home = _text(data.get("home_page_url"))
    return ParsedFeed(
        kind="json",
        title=clean_text(_text(data.get("title")) or "", MAX_TITLE_CHARS),
        link=try_canonicalize_url(home, url) if home else None,
        entries=build_entries(_raw_entry(item, url) for item in items if isinstance(item, dict)),
        language=clean_language(_text(data.get("language"))),
    )
