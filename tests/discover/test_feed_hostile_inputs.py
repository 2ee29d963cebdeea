"""parse_feed on hostile and broken bodies: bounded, no file read, no connection, no crash."""

from __future__ import annotations

import random
import threading
import time
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from nashra.discover import parse_feed
from nashra.errors import DiscoveryError

from . import samples
from .samples import FEED_URL

LINK = "https://www.example-news.dz/ar/national/12345-slug"
BOUNDED_SECONDS = 10  # far above the milliseconds these take; proves "bounded", not speed
BOUNDED_PEAK_BYTES = 50 * 2**20  # an expanded billion laughs needs gigabytes


def _item(title: str = "خبر", link: str = LINK, extra: str = "") -> str:
    return f"<item><title>{title}</title><link>{link}</link>{extra}</item>"


def _billion_laughs() -> str:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    return f"<!DOCTYPE rss [{''.join(entities)}]>"


class _CountingHandler(BaseHTTPRequestHandler):
    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        body = b"NASHRA-NETWORK-ENTITY-BODY"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def counting_server() -> Iterator[tuple[str, type[_CountingHandler]]]:
    handler = type("Handler", (_CountingHandler,), {"requests": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/entity", handler
    finally:
        server.shutdown()
        server.server_close()


def test_html_page_served_as_a_feed_is_not_a_feed() -> None:
    page = "<!DOCTYPE html><html><head><title>الخبر</title></head><body><p>x</p></body></html>"
    with pytest.raises(DiscoveryError) as raised:
        parse_feed(page.encode(), FEED_URL)
    assert raised.value.code == "feed.not_a_feed"


def test_external_file_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("NASHRA-SECRET-FILE-CONTENT", encoding="ascii")
    doctype = (
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        '<!ENTITY passwd SYSTEM "file:///etc/passwd">]>'
    )
    item = _item("قبل &xxe; بعد &passwd;", extra="<description>&xxe;</description>")
    feed = parse_feed(samples.rss_document(item, doctype=doctype), FEED_URL)
    text = repr(feed)
    assert "NASHRA-SECRET-FILE-CONTENT" not in text
    assert "root:" not in text
    assert feed.entries[0].url == LINK


def test_external_network_entity_opens_no_connection(
    counting_server: tuple[str, type[_CountingHandler]],
) -> None:
    url, handler = counting_server
    doctype = f'<!DOCTYPE rss [<!ENTITY net SYSTEM "{url}">]>'
    feed = parse_feed(samples.rss_document(_item("خبر &net;"), doctype=doctype), FEED_URL)
    assert handler.requests == 0
    assert "NASHRA-NETWORK-ENTITY-BODY" not in repr(feed)


def test_billion_laughs_ends_quickly_with_entities_unexpanded() -> None:
    document = samples.rss_document(_item("&lol9;"), doctype=_billion_laughs())
    tracemalloc.start()
    started = time.monotonic()
    try:
        feed = parse_feed(document, FEED_URL)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < BOUNDED_SECONDS
    assert peak < BOUNDED_PEAK_BYTES
    title = feed.entries[0].title or ""
    assert "lollollol" not in title
    assert len(title) < 100


def test_truncated_feed_keeps_the_entries_that_arrived_whole() -> None:
    items = "".join(_item(f"خبر {i}", f"{LINK}-{i}") for i in range(5))
    document = samples.rss_document(items)
    cut = document[: document.index(b"<link>https://www.example-news.dz/ar/national/12345-slug-3")]
    entries = parse_feed(cut + b"<link>https://www.exa", FEED_URL).entries
    assert [e.url for e in entries] == [f"{LINK}-{i}" for i in range(3)]


def test_feed_truncated_before_its_first_entry_is_a_parse_error() -> None:
    document = samples.rss_document(_item())
    with pytest.raises(DiscoveryError) as raised:
        parse_feed(document[: document.index(b"</link></item>")], FEED_URL)
    assert raised.value.code == "feed.parse"


def test_author_of_64_kilobytes_is_parsed_quickly_and_kept_out() -> None:
    item = _item(extra=f"<author>{'x' * 65_536}</author><dc:creator>{'y' * 65_536}</dc:creator>")
    document = samples.rss_document(item).replace(
        b"<rss ", b'<rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
    )
    started = time.monotonic()
    feed = parse_feed(document, FEED_URL)
    assert time.monotonic() - started < BOUNDED_SECONDS
    assert feed.entries[0].title == "خبر"
    assert "xxxx" not in repr(feed)


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        " JavaScript:alert(document.cookie)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "mailto:editor@example-news.dz",
        "ftp://example-news.dz/file",
    ],
)
def test_item_link_with_a_non_http_scheme_drops_the_item(link: str) -> None:
    items = _item("سيئ", link.replace("&", "&amp;"), f"<guid>{LINK}-guid</guid>") + _item()
    entries = parse_feed(samples.rss_document(items), FEED_URL).entries
    assert [e.url for e in entries] == [LINK]


def test_windows1256_feed_with_xml_declaration_decodes() -> None:
    item = _item("خبر عاجل من الجزائر العاصمة")
    document = samples.rss_document(
        item, declaration='<?xml version="1.0" encoding="windows-1256"?>'
    ).decode()
    feed = parse_feed(document.encode("cp1256"), FEED_URL)
    assert feed.title == "جريدة"
    assert feed.entries[0].title == "خبر عاجل من الجزائر العاصمة"


def test_windows1256_feed_declared_utf8_decodes_as_windows1256() -> None:
    document = samples.rss_document(_item("خبر عاجل من الجزائر العاصمة")).decode()
    feed = parse_feed(document.encode("cp1256"), FEED_URL)
    assert feed.entries[0].title == "خبر عاجل من الجزائر العاصمة"


def test_windows1256_feed_declared_latin1_decodes_as_windows1256() -> None:
    document = samples.rss_document(
        _item("خبر عاجل من الجزائر العاصمة اليوم"),
        declaration='<?xml version="1.0" encoding="ISO-8859-1"?>',
    ).decode()
    feed = parse_feed(document.encode("cp1256"), FEED_URL)
    assert feed.entries[0].title == "خبر عاجل من الجزائر العاصمة اليوم"


def test_french_latin1_feed_is_not_mistaken_for_arabic() -> None:
    document = samples.rss_document(
        _item("Été à Alger : où en sont les élèves ? Ça avance très bien"),
        declaration='<?xml version="1.0" encoding="ISO-8859-1"?>',
    ).decode()
    feed = parse_feed(document.replace("جريدة", "Journal").encode("latin-1"), FEED_URL)
    assert feed.entries[0].title == "Été à Alger : où en sont les élèves ? Ça avance très bien"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
)
def test_byte_order_mark_decides_the_encoding(bom: bytes, encoding: str) -> None:
    document = samples.rss_document(_item("خبر")).decode()
    feed = parse_feed(bom + document.encode(encoding), FEED_URL)
    assert feed.entries[0].title == "خبر"


def test_blank_lines_before_the_xml_declaration_are_tolerated() -> None:
    feed = parse_feed(b"\n\n  " + samples.rss_document(_item()), FEED_URL)
    assert feed.entries[0].url == LINK


def test_control_characters_forbidden_in_xml_are_dropped() -> None:
    feed = parse_feed(samples.rss_document(_item("خبر\x0b عاجل\x01")), FEED_URL)
    assert feed.entries[0].title == "خبر عاجل"


def _parse_or_code(content: bytes) -> str:
    try:
        feed = parse_feed(content, FEED_URL)
    except DiscoveryError as error:
        return error.code
    if all(e.url.startswith(("http://", "https://")) for e in feed.entries):
        return "ok"
    return "non-http entry"


def test_mangled_feeds_raise_only_discovery_errors() -> None:
    """Random byte damage to a real-shaped feed never escapes as another exception."""
    original = samples.rss20(samples.items(5))
    generator = random.Random(20261120)
    outcomes = set()
    for _ in range(300):
        damaged = bytearray(original)
        for _ in range(generator.randint(1, 20)):
            position = generator.randrange(len(damaged))
            damaged[position] = generator.choice(b"<>&;\"'/\x00\xff ]!?=")
        cut = generator.randint(len(damaged) // 2, len(damaged))
        outcomes.add(_parse_or_code(bytes(damaged[:cut])))
    assert outcomes <= {"ok", "feed.parse", "feed.not_a_feed"}
    assert "ok" in outcomes
