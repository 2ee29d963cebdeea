"""JSON Feed 1.0 / 1.1 through parse_feed: shape checked field by field."""

from __future__ import annotations

import json

import pytest

from nashra.discover import parse_feed
from nashra.errors import DiscoveryError

from .samples import FEED_URL

VERSION_11 = "https://jsonfeed.org/version/1.1"
LINK = "https://www.example-news.dz/ar/national/12345-slug"


def _feed(items: object, **extra: object) -> bytes:
    return json.dumps({"version": VERSION_11, "title": "جريدة", "items": items, **extra}).encode()


def test_items_that_are_not_objects_are_skipped() -> None:
    feed = parse_feed(_feed(["نص", 42, None, {"id": "1", "url": LINK}]), FEED_URL)
    assert [e.url for e in feed.entries] == [LINK]


def test_wrong_typed_fields_count_as_absent() -> None:
    item = {"id": "1", "url": LINK, "title": ["x"], "summary": 7, "date_published": 20261120}
    entry = parse_feed(_feed([item]), FEED_URL).entries[0]
    assert (entry.title, entry.summary, entry.published) == (None, None, None)


def test_item_with_a_numeric_url_is_dropped() -> None:
    assert parse_feed(_feed([{"id": "1", "url": 42}]), FEED_URL).entries == ()


def test_numeric_id_is_kept_as_text_but_boolean_is_not_an_id() -> None:
    entries = parse_feed(
        _feed([{"id": 77, "url": LINK}, {"id": True, "url": LINK + "-2"}]), FEED_URL
    ).entries
    assert [e.guid for e in entries] == ["77", None]


def test_item_without_url_uses_an_http_id() -> None:
    assert parse_feed(_feed([{"id": LINK}]), FEED_URL).entries[0].url == LINK


def test_summary_falls_back_to_content_text_then_content_html() -> None:
    entries = parse_feed(
        _feed(
            [
                {"id": "1", "url": LINK + "-1", "content_text": "نص", "content_html": "<p>x</p>"},
                {"id": "2", "url": LINK + "-2", "content_html": "<p>فقرة</p><script>x</script>"},
            ]
        ),
        FEED_URL,
    ).entries
    assert [e.summary for e in entries] == ["نص", "فقرة"]


def test_date_modified_is_used_when_date_published_is_absent() -> None:
    item = {"id": "1", "url": LINK, "date_modified": "2026-11-20T10:00:00+01:00"}
    published = parse_feed(_feed([item]), FEED_URL).entries[0].published
    assert published is not None
    assert published.isoformat() == "2026-11-20T09:00:00+00:00"


def test_items_that_are_not_a_list_is_a_parse_error() -> None:
    with pytest.raises(DiscoveryError) as raised:
        parse_feed(_feed("oops"), FEED_URL)
    assert raised.value.code == "feed.parse"


def test_invalid_json_is_a_parse_error() -> None:
    with pytest.raises(DiscoveryError) as raised:
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": [', FEED_URL)
    assert raised.value.code == "feed.parse"


def test_deeply_nested_json_is_a_parse_error_not_a_crash() -> None:
    document = b'{"version": "https://jsonfeed.org/version/1", "items": ' + b"[" * 200_000
    with pytest.raises(DiscoveryError) as raised:
        parse_feed(document + b"]" * 200_000 + b"}", FEED_URL)
    assert raised.value.code == "feed.parse"


def test_json_that_is_not_a_json_feed_is_not_a_feed() -> None:
    with pytest.raises(DiscoveryError) as raised:
        parse_feed(b'{"status": "ok", "posts": []}', FEED_URL)
    assert raised.value.code == "feed.not_a_feed"


def test_json_feed_with_the_version_key_last_is_recognised() -> None:
    padding = {f"_x{i}": "y" * 100 for i in range(100)}
    document = json.dumps({**padding, "items": [{"id": "1", "url": LINK}], "version": VERSION_11})
    assert parse_feed(document.encode(), FEED_URL).entries[0].url == LINK


def test_json_feed_with_byte_order_mark_is_read() -> None:
    feed = parse_feed(b"\xef\xbb\xbf" + _feed([{"id": "1", "url": LINK}]), FEED_URL)
    assert feed.kind == "json"
    assert feed.title == "جريدة"


def test_javascript_url_in_json_feed_is_dropped() -> None:
    feed = parse_feed(_feed([{"id": "1", "url": "javascript:alert(1)"}]), FEED_URL)
    assert feed.entries == ()
