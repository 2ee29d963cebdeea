"""parse_feed on real Arabic feeds and on every format, with the quirks real feeds have."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nashra.discover import ParsedFeed, parse_feed
from nashra.errors import DiscoveryError

from . import samples
from .samples import FEED_URL, SITE, Item


def _feeds_dir(shared_data: Path) -> Path:
    return shared_data / "feeds"


def _real_feed(shared_data: Path, name: str) -> ParsedFeed:
    path = _feeds_dir(shared_data) / name
    return parse_feed(path.read_bytes(), "http://nabd-sharqi.com/feed.xml")


# --- real feeds from ../shared/data/feeds ------------------------------------------------


@pytest.mark.shared
def test_every_real_feed_gives_the_item_count_feeds_json_records(shared_data: Path) -> None:
    records = json.loads((_feeds_dir(shared_data) / "feeds.json").read_text(encoding="utf-8"))
    feeds = [record for record in records if record["kind"] == "feed"]
    assert len(feeds) == 3
    for record in feeds:
        parsed = parse_feed((_feeds_dir(shared_data) / record["file"]).read_bytes(), FEED_URL)
        assert len(parsed.entries) == record["items"], record["file"]


@pytest.mark.shared
def test_nabd_sharqi_rss_keeps_tashkeel_and_percent_encoded_arabic_links(
    shared_data: Path,
) -> None:
    feed = _real_feed(shared_data, "nabd-sharqi.com_feed.rss2.xml")
    first = feed.entries[0]
    assert feed.kind == "rss"
    assert feed.title == "نبض شرقي"
    assert feed.link == "http://nabd-sharqi.com/"
    assert first.title == "هَرِمنا"
    assert first.url == "http://nabd-sharqi.com/culture/%D9%87%D8%B1%D9%85%D9%86%D8%A7"
    assert first.published == datetime(2015, 11, 10, 23, 0, tzinfo=UTC)


@pytest.mark.shared
def test_nabd_sharqi_entity_escaped_description_becomes_plain_text(shared_data: Path) -> None:
    summary = _real_feed(shared_data, "nabd-sharqi.com_feed.rss2.xml").entries[0].summary
    assert summary is not None
    assert summary.startswith("هرمنا و هرم الزمان وهربت منا الأحلام")
    assert "<p>" not in summary
    assert "&lt;" not in summary


@pytest.mark.shared
def test_nabd_sharqi_title_starting_with_dots_is_kept_verbatim(shared_data: Path) -> None:
    titles = [e.title for e in _real_feed(shared_data, "nabd-sharqi.com_feed.rss2.xml").entries]
    assert "...كلمات" in titles


@pytest.mark.shared
def test_nabd_sharqi_atom_with_stylesheet_pis_and_mistyped_self_link(shared_data: Path) -> None:
    feed = _real_feed(shared_data, "nabd-sharqi.com_atom.atom.xml")
    rss = _real_feed(shared_data, "nabd-sharqi.com_feed.rss2.xml")
    assert feed.kind == "atom"
    assert feed.link == "http://nabd-sharqi.com/"
    assert [e.url for e in feed.entries] == [e.url for e in rss.entries]
    assert feed.entries[0].published == datetime(2015, 11, 10, 23, 0, tzinfo=UTC)


@pytest.mark.shared
def test_bbc_urdu_cdata_language_is_read_as_urdu(shared_data: Path) -> None:
    feed = _real_feed(shared_data, "bbc.co.uk-urdu_rss.rss2.xml")
    assert feed.language == "ur"
    assert feed.link == "http://www.bbcurdu.com/"


@pytest.mark.shared
def test_bbc_urdu_items_keep_feed_order_even_when_dates_are_not_sorted(
    shared_data: Path,
) -> None:
    entries = _real_feed(shared_data, "bbc.co.uk-urdu_rss.rss2.xml").entries
    assert entries[0].url == "http://www.bbc.com/urdu/pakistan-42575603"
    dates = [e.published for e in entries if e.published is not None]
    assert len(dates) == 26
    assert dates != sorted(dates, reverse=True)
    assert all(e.url.startswith("http://www.bbc.com/urdu/") for e in entries)


# --- every format, 50 Arabic items -------------------------------------------------------

FORMATS: dict[str, tuple[Callable[[list[Item]], bytes], str, bool]] = {
    # name: (builder, kind, items carry dates)
    "rss-0.91": (lambda its: samples.rss09x("0.91", its), "rss", False),
    "rss-0.92": (lambda its: samples.rss09x("0.92", its), "rss", False),
    "rss-1.0-rdf": (samples.rss10, "rss", True),
    "rss-2.0": (samples.rss20, "rss", True),
    "atom-1.0": (samples.atom, "atom", True),
    "json-feed-1.0": (lambda its: samples.json_feed("1", its), "json", True),
    "json-feed-1.1": (lambda its: samples.json_feed("1.1", its), "json", True),
}


@pytest.mark.parametrize("name", FORMATS)
def test_format_gives_every_item_with_all_fields(name: str) -> None:
    builder, kind, dated = FORMATS[name]
    expected = samples.items()
    feed = parse_feed(builder(expected), FEED_URL)
    assert feed.kind == kind
    assert feed.title == "أخبار الجزائر"
    assert feed.link == SITE
    assert [e.url for e in feed.entries] == [it.canonical for it in expected]
    assert [e.title for e in feed.entries] == [it.title for it in expected]
    assert [e.summary for e in feed.entries] == [it.summary_text for it in expected]
    assert [e.published for e in feed.entries] == [
        it.published if dated else None for it in expected
    ]


@pytest.mark.parametrize("name", ["rss-1.0-rdf", "rss-2.0", "atom-1.0", "json-feed-1.1"])
def test_feed_language_is_read(name: str) -> None:
    builder, _, _ = FORMATS[name]
    assert parse_feed(builder(samples.items(2)), FEED_URL).language == "ar"


def test_rss2_guid_that_differs_from_link_is_kept() -> None:
    entries = parse_feed(samples.rss20(samples.items(3)), FEED_URL).entries
    assert [e.guid for e in entries] == [f"urn:example-news:{i}" for i in range(3)]


def test_atom_id_is_the_guid() -> None:
    entries = parse_feed(samples.atom(samples.items(2)), FEED_URL).entries
    assert [e.guid for e in entries] == ["tag:example-news.dz,2026:0", "tag:example-news.dz,2026:1"]


def test_dates_are_utc_aware() -> None:
    entry = parse_feed(samples.rss20(samples.items(1)), FEED_URL).entries[0]
    assert entry.published is not None
    assert entry.published.utcoffset() is not None
    assert entry.published == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


# --- quirks ------------------------------------------------------------------------------

ITEM = "<item><title>{title}</title><link>{link}</link>{extra}</item>"
LINK = "https://www.example-news.dz/ar/national/12345-slug"


def _one(title: str = "خبر", link: str = LINK, extra: str = "") -> str:
    return ITEM.format(title=title, link=link, extra=extra)


def test_empty_channel_is_a_feed_with_zero_entries() -> None:
    feed = parse_feed(samples.rss_document(""), FEED_URL)
    assert feed.entries == ()
    assert feed.title == "جريدة"


def test_html_named_entities_undefined_in_xml_are_read() -> None:
    feed = parse_feed(samples.rss_document(_one("مقهى&nbsp;الحي &eacute;t&eacute;")), FEED_URL)
    assert feed.entries[0].title == "مقهى الحي été"


def test_bare_ampersands_in_title_and_link_are_read() -> None:
    feed = parse_feed(samples.rss_document(_one("الأمن & الدفاع", LINK + "?a=1&b=2")), FEED_URL)
    assert feed.entries[0].title == "الأمن & الدفاع"
    assert feed.entries[0].url == LINK + "?a=1&b=2"


def test_ampersand_inside_cdata_is_not_double_escaped() -> None:
    item = ITEM.format(
        title="<![CDATA[الأمن & الدفاع]]>", link=f"<![CDATA[{LINK}?a=1&b=2]]>", extra=""
    )
    entry = parse_feed(samples.rss_document(item), FEED_URL).entries[0]
    assert entry.title == "الأمن & الدفاع"
    assert entry.url == LINK + "?a=1&b=2"


def test_relative_item_link_resolves_against_the_feed_url() -> None:
    feed = parse_feed(samples.rss_document(_one(link="/ar/national/12345-slug")), FEED_URL)
    assert feed.entries[0].url == LINK


def test_atom_relative_links_resolve_against_nested_xml_base() -> None:
    document = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
        b'xml:base="https://www.example-news.dz/ar/"><title>t</title>'
        b'<entry xml:base="national/"><title>a</title><link href="12345-slug"/><id>1</id></entry>'
        b'<entry><title>b</title><link href="sport/777-derby"/><id>2</id></entry></feed>'
    )
    entries = parse_feed(document, FEED_URL).entries
    assert [e.url for e in entries] == [LINK, "https://www.example-news.dz/ar/sport/777-derby"]


def test_atom_xhtml_title_is_read_as_text() -> None:
    document = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        '<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><b>خبر</b> عاجل'
        f'</div></title><link href="{LINK}"/><id>1</id></entry></feed>'
    ).encode()
    assert parse_feed(document, FEED_URL).entries[0].title == "خبر عاجل"


def test_html_in_titles_and_summaries_comes_out_as_plain_text() -> None:
    item = _one(
        "<![CDATA[<b>خبر</b> &amp; تعليق]]>",
        extra="<description><![CDATA[<script>alert(1)</script><p>فقرة</p><p>ثانية</p>]]>"
        "</description>",
    )
    entry = parse_feed(samples.rss_document(item), FEED_URL).entries[0]
    assert entry.title == "خبر & تعليق"
    assert entry.summary == "فقرة ثانية"


def test_bidi_override_characters_are_removed_but_rlm_and_zwnj_kept() -> None:
    item = _one("\u202eخبر\u202c \u2066عاجل\u2069 می\u200cخواهم\u200f")
    title = parse_feed(samples.rss_document(item), FEED_URL).entries[0].title
    assert title == "خبر عاجل می\u200cخواهم\u200f"


def test_title_and_summary_are_capped() -> None:
    item = _one("كلمة " * 1_000, extra=f"<description>{'نص ' * 10_000}</description>")
    entry = parse_feed(samples.rss_document(item), FEED_URL).entries[0]
    assert entry.title is not None
    assert entry.summary is not None
    assert len(entry.title) <= 1_000
    assert len(entry.summary) <= 10_000
    assert entry.title.startswith("كلمة كلمة")


def test_url_longer_than_the_cap_drops_the_item() -> None:
    item = _one(link=LINK + "-" + "x" * 2_100) + _one("ثان", link=LINK + "-2")
    entries = parse_feed(samples.rss_document(item), FEED_URL).entries
    assert [e.url for e in entries] == [LINK + "-2"]


def test_link_keeps_the_published_form_to_fetch_while_url_is_canonical() -> None:
    item = _one(link="/2020/07/22/48246/?utm_source=rss#comments")
    entry = parse_feed(samples.rss_document(item), FEED_URL).entries[0]
    assert entry.url == "https://www.example-news.dz/2020/07/22/48246"
    assert entry.link == "https://www.example-news.dz/2020/07/22/48246/?utm_source=rss"


def test_tracking_parameters_and_amp_variant_give_the_canonical_url() -> None:
    item = _one(link=LINK + "/amp/?utm_source=rss&utm_medium=feed&fbclid=abc")
    assert parse_feed(samples.rss_document(item), FEED_URL).entries[0].url == LINK


# --- identity: URL, not GUID --------------------------------------------------------------


def test_entries_with_the_same_canonical_url_are_kept_once_first_wins() -> None:
    items = _one("أول", LINK + "?utm_source=x", "<guid>1</guid>") + _one(
        "ثان", LINK, "<guid>2</guid>"
    )
    entries = parse_feed(samples.rss_document(items), FEED_URL).entries
    assert [(e.title, e.guid) for e in entries] == [("أول", "1")]


def test_repeated_guid_with_different_links_keeps_both_entries() -> None:
    items = _one("أ", LINK + "-a", "<guid>same</guid>") + _one(
        "ب", LINK + "-b", "<guid>same</guid>"
    )
    entries = parse_feed(samples.rss_document(items), FEED_URL).entries
    assert [e.url for e in entries] == [LINK + "-a", LINK + "-b"]


def test_changed_guid_on_the_same_link_is_one_entry() -> None:
    items = _one("أ", LINK, "<guid>v1</guid>") + _one("أ", LINK, "<guid>v2</guid>")
    assert len(parse_feed(samples.rss_document(items), FEED_URL).entries) == 1


def test_empty_guid_is_none() -> None:
    entry = parse_feed(samples.rss_document(_one(extra="<guid>  </guid>")), FEED_URL).entries[0]
    assert entry.guid is None


def test_guid_equal_to_the_link_is_not_repeated_as_guid() -> None:
    entry = parse_feed(
        samples.rss_document(_one(extra=f'<guid isPermaLink="true">{LINK}</guid>')), FEED_URL
    ).entries[0]
    assert entry.guid is None
    assert entry.url == LINK


def test_permalink_guid_gives_the_url_of_an_item_without_link() -> None:
    item = f'<item><title>خبر</title><guid isPermaLink="true">{LINK}</guid></item>'
    assert parse_feed(samples.rss_document(item), FEED_URL).entries[0].url == LINK


def test_item_without_link_or_url_guid_is_dropped() -> None:
    item = '<item><title>خبر</title><guid isPermaLink="false">12345</guid></item>'
    assert parse_feed(samples.rss_document(item + _one()), FEED_URL).entries[0].url == LINK
    assert len(parse_feed(samples.rss_document(item + _one()), FEED_URL).entries) == 1


# --- errors --------------------------------------------------------------------------------


def test_sitemap_given_as_a_feed_is_not_a_feed() -> None:
    sitemap = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://www.example-news.dz/a</loc></url></urlset>"
    )
    with pytest.raises(DiscoveryError) as raised:
        parse_feed(sitemap, FEED_URL)
    assert raised.value.code == "feed.not_a_feed"


def test_empty_body_is_not_a_feed() -> None:
    with pytest.raises(DiscoveryError) as raised:
        parse_feed(b"  \n", FEED_URL)
    assert raised.value.code == "feed.not_a_feed"


def test_truncated_atom_feed_still_resolves_xml_base() -> None:
    document = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
        b'xml:base="https://www.example-news.dz/ar/national/"><title>t</title>'
        b'<entry><title>a</title><link href="12345-slug"/><id>1</id></entry>'
        b'<entry><title>b</title><link href="678'
    )
    assert [e.url for e in parse_feed(document, FEED_URL).entries] == [LINK]
