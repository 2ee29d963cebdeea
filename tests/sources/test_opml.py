"""OPML 2.0: export grouped per source, import from any reader, round trips through the
store, idempotent imports, and hostile files refused in bounded time without network."""

from __future__ import annotations

import select
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from nashra.models import Feed, Source
from nashra.sources import (
    RegistryError,
    add_sources,
    export_opml,
    load_opml,
    parse_opml,
    parse_registry,
)
from nashra.sources.opml import MAX_OPML_BYTES, MAX_OUTLINES, NAMESPACE
from nashra.store import Store

REGISTRY = """
[[source]]
slug = "el-khabar"
name = "الخبر"
name_fr = "El Khabar"
homepage = "https://www.elkhabar.com/"
language = "ar"
feeds = ["https://elkhabar.com/feed/", {url = "https://elkhabar.com/atom.xml", kind = "atom"}]
sections = ["https://www.elkhabar.com/sport/"]

[[source]]
slug = "el-watan"
name = "الوطن"
name_fr = "El Watan"
homepage = "https://www.elwatan.com/"
language = "fr"
timezone = "Africa/Tunis"
feeds = [{url = "https://www.elwatan.com/sitemap-news.xml", kind = "sitemap"}]

[[source]]
slug = "an-nasr"
name = "النصر"
homepage = "http://www.annasronline.com/"
language = "ar"
"""

# A subscription list as feed readers write it: folders, loose feeds, one site twice.
READER_OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Algerie">
      <outline type="rss" text="TSA" title="TSA" xmlUrl="https://www.tsa-algerie.com/feed/"
               htmlUrl="https://www.tsa-algerie.com/"/>
      <outline type="rss" text="TSA Economie" xmlUrl="https://www.tsa-algerie.com/economie/feed/"
               htmlUrl="https://www.tsa-algerie.com/"/>
      <outline type="rss" text="&#1575;&#1604;&#1588;&#1585;&#1608;&#1602;"
               xmlUrl="https://www.echoroukonline.com/feed/"/>
    </outline>
    <outline type="rss" text="DZfoot" xmlUrl="https://www.dzfoot.com/feed" language="fr-FR"
             htmlUrl="https://www.dzfoot.com/"/>
  </body>
</opml>
"""


def stored(store: Store) -> dict[str, tuple[object, ...]]:
    """What a source is, without ids or health: the facts a round trip must keep."""
    return {
        source.slug: (
            source.name,
            source.name_fr,
            source.homepage,
            source.language,
            source.country,
            source.timezone,
            tuple(sorted((feed.url, feed.kind) for feed in source.feeds)),
        )
        for source, _count in store.list_sources()
    }


def registry_sources() -> tuple[Source, ...]:
    return parse_registry(REGISTRY, origin="test.toml").sources


# -- export -----------------------------------------------------------------------------


def test_export_is_opml_2_with_one_outline_per_source_holding_its_feeds() -> None:
    root = etree.fromstring(export_opml(registry_sources()))
    assert (root.tag, root.get("version")) == ("opml", "2.0")
    groups = root.findall("body/outline")
    assert [group.get("text") for group in groups] == ["الخبر", "الوطن", "النصر"]
    khabar = groups[0]
    assert khabar.get("title") == "الخبر"
    assert khabar.get("htmlUrl") == "https://www.elkhabar.com/"
    assert khabar.get("language") == "ar"
    assert khabar.get(f"{{{NAMESPACE}}}slug") == "el-khabar"
    feeds = khabar.findall("outline")
    assert [(f.get("type"), f.get("xmlUrl"), f.get("url")) for f in feeds] == [
        ("rss", "https://elkhabar.com/feed/", None),
        ("rss", "https://elkhabar.com/atom.xml", None),
        ("link", None, "https://www.elkhabar.com/sport/"),
    ]
    assert {f.get("htmlUrl") for f in feeds[:2]} == {"https://www.elkhabar.com/"}
    assert {f.get("language") for f in feeds[:2]} == {"ar"}


def test_export_of_a_source_without_feeds_is_an_empty_outline() -> None:
    root = etree.fromstring(export_opml(registry_sources()))
    nasr = root.findall("body/outline")[2]
    assert nasr.get("htmlUrl") == "http://www.annasronline.com/"
    assert list(nasr) == []


def test_export_states_its_creation_date() -> None:
    document = export_opml((), now=datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    assert b"<dateCreated>Sun, 01 Mar 2026 08:00:00 +0000</dateCreated>" in document


# -- round trips and idempotence through the store -------------------------------------


def test_toml_to_store_to_opml_to_store_keeps_every_source(store: Store) -> None:
    add_sources(store, registry_sources())
    before = stored(store)
    document = export_opml(source for source, _count in store.list_sources())
    for slug in before:
        store.remove_source(slug)
    found = parse_opml(document, existing=[])
    assert found.skipped == ()
    add_sources(store, found.sources)
    assert stored(store) == before


def test_importing_the_same_reader_file_twice_changes_nothing(store: Store) -> None:
    first = parse_opml(READER_OPML, existing=[source for source, _ in store.list_sources()])
    add_sources(store, first.sources)
    after_first = stored(store)
    again = parse_opml(READER_OPML, existing=[source for source, _ in store.list_sources()])
    add_sources(store, again.sources)
    assert stored(store) == after_first
    assert len(after_first) == 3


def test_a_reader_file_joining_a_stored_paper_takes_its_slug(store: Store) -> None:
    add_sources(store, registry_sources())
    document = b"""<opml version="1.0"><body>
      <outline text="El Khabar" xmlUrl="https://elkhabar.com/rss/sport" htmlUrl="http://elkhabar.com"/>
    </body></opml>"""
    found = parse_opml(document, existing=[source for source, _ in store.list_sources()])
    assert [source.slug for source in found.sources] == ["el-khabar"]


def test_a_derived_slug_never_takes_over_another_papers_slug() -> None:
    other = Source(slug="tsa-algerie", name="Autre", homepage="https://autre.dz/")
    found = parse_opml(READER_OPML, existing=[other])
    slugs = {source.homepage: source.slug for source in found.sources}
    assert slugs["https://www.tsa-algerie.com/"] == "tsa-algerie-2"


# -- reading other readers' files ------------------------------------------------------


def test_loose_feeds_of_one_site_become_one_source() -> None:
    found = parse_opml(READER_OPML)
    tsa = next(source for source in found.sources if source.slug == "tsa-algerie")
    assert tsa.homepage == "https://www.tsa-algerie.com/"
    assert [feed.url for feed in tsa.feeds] == [
        "https://www.tsa-algerie.com/feed/",
        "https://www.tsa-algerie.com/economie/feed/",
    ]


def test_a_feed_without_home_page_belongs_to_its_hosts_root() -> None:
    found = parse_opml(READER_OPML)
    echorouk = next(source for source in found.sources if source.slug == "echoroukonline")
    assert echorouk.homepage == "https://www.echoroukonline.com/"


def test_language_comes_from_the_outline_else_from_the_names_script() -> None:
    languages = {source.slug: source.language for source in parse_opml(READER_OPML).sources}
    assert languages == {"tsa-algerie": "fr", "echoroukonline": "ar", "dzfoot": "fr"}


def test_a_latin_script_name_is_also_the_french_name() -> None:
    names = {s.slug: (s.name, s.name_fr) for s in parse_opml(READER_OPML).sources}
    assert names["dzfoot"] == ("DZfoot", "DZfoot")
    assert names["echoroukonline"] == ("الشروق", None)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:application/rss+xml,%3Crss%2F%3E", "file:///etc/passwd"]
)
def test_a_feed_url_with_a_dangerous_scheme_is_skipped_and_the_rest_imported(url: str) -> None:
    document = f"""<opml version="2.0"><body>
      <outline text="Bad" xmlUrl="{url}" htmlUrl="https://bad.dz/"/>
      <outline text="DZfoot" xmlUrl="https://www.dzfoot.com/feed"/>
    </body></opml>""".encode()
    found = parse_opml(document)
    assert [source.slug for source in found.sources] == ["dzfoot"]
    assert len(found.skipped) == 1
    assert "http or https" in found.skipped[0]


def test_a_source_in_an_unsupported_language_is_skipped() -> None:
    document = b"""<opml version="2.0"><body>
      <outline text="BBC" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml" language="en-GB"/>
    </body></opml>"""
    found = parse_opml(document)
    assert found.sources == ()
    assert "language" in found.skipped[0]


def test_a_feed_already_stored_under_another_paper_is_skipped() -> None:
    owner = Source(
        slug="el-khabar",
        name="الخبر",
        homepage="https://www.elkhabar.com/",
        feeds=(Feed("https://shared.dz/feed", "rss"),),
    )
    document = b"""<opml version="2.0"><body>
      <outline text="Other" xmlUrl="https://shared.dz/feed" htmlUrl="https://other.dz/"/>
    </body></opml>"""
    found = parse_opml(document, existing=[owner])
    assert [source.feeds for source in found.sources] == [()]
    assert "already belongs to 'el-khabar'" in found.skipped[0]


def test_an_opml_without_outlines_imports_nothing() -> None:
    assert parse_opml(b'<opml version="2.0"><head/><body/></opml>').sources == ()


# -- hostile files ---------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A loopback port that records whether anything tried to connect to it."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server


def nobody_connected(server: socket.socket) -> bool:
    readable, _, _ = select.select([server], [], [], 0.2)
    return not readable


def opml_refusal(document: bytes) -> RegistryError:
    with pytest.raises(RegistryError) as caught:
        parse_opml(document)
    return caught.value


def test_an_external_entity_reading_a_local_file_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    document = f"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file://{secret}">]>
<opml version="2.0"><body><outline text="x" htmlUrl="https://x.dz/">&xxe;</outline></body></opml>
""".encode()
    error = opml_refusal(document)
    assert error.code == "sources.opml_invalid"
    assert "TOP-SECRET-VALUE" not in error.message


def test_an_external_entity_in_an_attribute_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    document = f"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file://{secret}">]>
<opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://x.dz/feed"/></body></opml>
""".encode()
    error = opml_refusal(document)
    assert error.code == "sources.opml_invalid"
    assert "TOP-SECRET-VALUE" not in error.message


def test_an_external_entity_on_the_network_is_never_fetched(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    document = f"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "http://127.0.0.1:{port}/leak">]>
<opml version="2.0"><body><outline text="x" htmlUrl="https://x.dz/">&xxe;</outline></body></opml>
""".encode()
    assert opml_refusal(document).code == "sources.opml_invalid"
    assert nobody_connected(listener)


def test_an_external_dtd_is_never_fetched(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    document = f"""<?xml version="1.0"?>
<!DOCTYPE opml SYSTEM "http://127.0.0.1:{port}/opml.dtd">
<opml version="2.0"><body><outline text="x" htmlUrl="https://x.dz/"/></body></opml>
""".encode()
    assert opml_refusal(document).code == "sources.opml_invalid"
    assert nobody_connected(listener)


def test_a_billion_laughs_file_is_refused() -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    document = (
        '<?xml version="1.0"?><!DOCTYPE opml [' + "".join(entities) + "]>"
        '<opml version="2.0"><body><outline text="&lol9;" htmlUrl="https://x.dz/"/>'
        "</body></opml>"
    ).encode()
    assert opml_refusal(document).code == "sources.opml_invalid"


def test_a_small_internal_entity_is_refused_too() -> None:
    document = b"""<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY n "Nashra">]>
<opml version="2.0"><body><outline text="&n;" htmlUrl="https://x.dz/"/></body></opml>"""
    error = opml_refusal(document)
    assert error.code == "sources.opml_invalid"
    assert "DTD" in error.message


def test_a_file_over_the_size_cap_is_refused_before_parsing() -> None:
    document = b"<opml><body>" + b" " * MAX_OPML_BYTES + b"</body></opml>"
    assert opml_refusal(document).code == "sources.opml_too_large"


def test_too_many_outlines_are_refused() -> None:
    outline = b'<outline text="f"/>'
    document = b"<opml><body>" + outline * (MAX_OUTLINES + 1) + b"</body></opml>"
    assert len(document) < MAX_OPML_BYTES
    assert opml_refusal(document).code == "sources.opml_invalid"


def test_outlines_nested_ten_thousand_deep_are_refused() -> None:
    depth = 10_000
    document = b"<opml><body>" + b"<outline>" * depth + b"</outline>" * depth + b"</body></opml>"
    assert opml_refusal(document).code == "sources.opml_invalid"


@pytest.mark.parametrize(
    "document",
    [
        b"",
        b"<opml><body><outline text='x'></body></opml>",
        b"\x00\x01\x02 binary",
        b'{"opml": "json"}',
    ],
)
def test_a_file_that_is_not_xml_is_refused(document: bytes) -> None:
    assert opml_refusal(document).code == "sources.opml_invalid"


@pytest.mark.parametrize(
    "document",
    [b"<rss version='2.0'><channel/></rss>", b"<opml version='2.0'><head/></opml>"],
)
def test_a_document_that_is_not_opml_is_refused(document: bytes) -> None:
    assert "not an OPML document" in opml_refusal(document).message


def test_a_missing_opml_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(RegistryError) as caught:
        load_opml(tmp_path / "absent.opml")
    assert caught.value.code == "sources.unreadable"
