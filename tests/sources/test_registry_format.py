"""The registry TOML format: what loads, with which defaults, and every refusal's code."""

from __future__ import annotations

from pathlib import Path

import pytest

from nashra.errors import NashraError
from nashra.sources import RegistryError, load_registry, parse_registry

GOOD = """
[[source]]
slug = "el-khabar"
name = "الخبر"
name_fr = "El Khabar"
homepage = "https://www.elkhabar.com/"
language = "ar"
feeds = ["https://elkhabar.com/feed/", {url = "https://elkhabar.com/sitemap.xml", kind = "sitemap"}]
sections = ["https://www.elkhabar.com/sport/"]

[[source]]
slug = "el-watan"
name = "الوطن"
homepage = "https://www.elwatan.com/"
language = "fr"
country = "DZ"
timezone = "Africa/Tunis"
"""


def source_table(**fields: str) -> str:
    """One [[source]] table: a valid Arabic paper with `fields` replacing its values."""
    values = {
        "slug": '"el-massa"',
        "name": '"المساء"',
        "homepage": '"https://www.el-massa.com/dz/"',
        "language": '"ar"',
    }
    values.update(fields)
    lines = [f"{key} = {value}" for key, value in values.items() if value]
    return "[[source]]\n" + "\n".join(lines) + "\n"


def refusal(text: str, origin: str = "papers.toml") -> RegistryError:
    with pytest.raises(RegistryError) as caught:
        parse_registry(text, origin=origin)
    assert isinstance(caught.value, NashraError)
    assert caught.value.code == "sources.invalid"
    assert origin in caught.value.message
    return caught.value


def test_sources_load_with_their_feeds_sections_and_defaults() -> None:
    khabar, watan = parse_registry(GOOD, origin="good.toml").sources
    assert (khabar.slug, khabar.name, khabar.name_fr) == ("el-khabar", "الخبر", "El Khabar")
    assert [(feed.url, feed.kind) for feed in khabar.feeds] == [
        ("https://elkhabar.com/feed/", "rss"),
        ("https://elkhabar.com/sitemap.xml", "sitemap"),
        ("https://www.elkhabar.com/sport/", "section"),
    ]
    assert (khabar.country, khabar.timezone) == ("DZ", "Africa/Algiers")
    assert (watan.language, watan.timezone, watan.name_fr, watan.feeds) == (
        "fr",
        "Africa/Tunis",
        None,
        (),
    )


def test_a_source_without_language_is_arabic() -> None:
    [source] = parse_registry(source_table(language=""), origin="x.toml").sources
    assert source.language == "ar"


def test_site_rules_are_parsed_by_the_extractors_rule_parser_for_the_homepage_hosts() -> None:
    text = source_table() + '[source.rules]\nbody = "div.article-body"\nremove = [".ad"]\n'
    registry = parse_registry(text, origin="x.toml")
    rules = registry.rules.for_url("https://el-massa.com/dz/article/1")
    assert rules is not None
    assert (rules.body, rules.remove) == ("div.article-body", (".ad",))
    assert registry.rules.for_url("https://www.el-massa.com/dz/article/1") is rules


def test_site_rules_may_name_their_own_hosts() -> None:
    text = source_table() + '[source.rules]\nhosts = ["m.el-massa.com"]\ntitle = "h1"\n'
    rules = parse_registry(text, origin="x.toml").rules
    assert rules.for_url("https://m.el-massa.com/a") is not None
    assert rules.for_url("https://www.el-massa.com/a") is None


def test_refusals_name_the_file_and_the_slug() -> None:
    error = refusal(source_table(language='"en"'), origin="mine.toml")
    assert error.message.startswith("mine.toml: source 'el-massa': ")
    assert "language" in error.message


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"slug": '"El-Massa"'}, "slug"),
        ({"slug": '"el_massa"'}, "slug"),
        ({"slug": '"-el-massa"'}, "slug"),
        ({"slug": '"el--massa"'}, "slug"),
        ({"slug": '""'}, "slug"),
        ({"slug": '"' + "a" * 65 + '"'}, "slug"),
        ({"slug": '"المساء"'}, "slug"),
    ],
)
def test_a_badly_shaped_slug_is_refused(fields: dict[str, str], fragment: str) -> None:
    assert fragment in refusal(source_table(**fields)).message


@pytest.mark.parametrize(
    "homepage",
    [
        '"ftp://el-massa.com/"',
        '"javascript:alert(1)"',
        '"file:///etc/passwd"',
        '"data:text/html,hi"',
        '"el-massa.com"',
        '"https:///no-host"',
        '"https://user:secret@el-massa.com/"',
        '"https://el-massa.com:99999/"',
        '"https://el massa.com/"',
        '""',
    ],
)
def test_a_homepage_that_is_not_a_plain_http_url_is_refused(homepage: str) -> None:
    assert "homepage" in refusal(source_table(homepage=homepage)).message


@pytest.mark.parametrize(
    ("feeds", "fragment"),
    [
        ('["javascript:alert(1)"]', "http or https"),
        ('["gopher://el-massa.com/feed"]', "http or https"),
        ('[{url = "https://el-massa.com/feed", kind = "podcast"}]', "kind"),
        ('[{url = "https://el-massa.com/feed", type = "rss"}]', "unknown keys"),
        ('[{kind = "rss"}]', "url"),
        ('"https://el-massa.com/feed"', "list"),
        ("[42]", "list"),
        ('["https://el-massa.com/feed", "https://el-massa.com/feed"]', "twice"),
    ],
)
def test_a_bad_feed_is_refused(feeds: str, fragment: str) -> None:
    assert fragment in refusal(source_table(feeds=feeds)).message


def test_sections_must_be_a_list_of_urls() -> None:
    assert "sections" in refusal(source_table(sections='"https://el-massa.com/sport/"')).message


def test_a_section_with_a_bad_scheme_is_refused() -> None:
    assert "http or https" in refusal(source_table(sections='["data:,x"]')).message


@pytest.mark.parametrize("language", ['"en"', '"AR"', '"arabic"', "1"])
def test_a_language_other_than_ar_or_fr_is_refused(language: str) -> None:
    assert "language" in refusal(source_table(language=language)).message


@pytest.mark.parametrize("country", ['"dz"', '"DZA"', '"D1"'])
def test_a_country_that_is_not_an_iso_code_is_refused(country: str) -> None:
    assert "country" in refusal(source_table(country=country)).message


@pytest.mark.parametrize(
    "timezone", ['"Mars/Olympus_Mons"', '"../../etc/passwd"', '"/etc/localtime"', '""']
)
def test_an_unknown_timezone_is_refused(timezone: str) -> None:
    assert "timezone" in refusal(source_table(timezone=timezone)).message


@pytest.mark.parametrize("missing", ["slug", "name", "homepage"])
def test_a_required_key_cannot_be_left_out(missing: str) -> None:
    assert f"`{missing}` is required" in refusal(source_table(**{missing: ""})).message


def test_a_source_without_slug_is_named_by_its_position() -> None:
    text = source_table() + source_table(slug="")
    assert "source #2" in refusal(text).message


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"name": "42"}, "`name` must be a string"),
        ({"name": '"   "'}, "name is empty"),
        ({"name": '"' + "ن" * 201 + '"'}, "longer than"),
        ({"name_fr": "true"}, "`name_fr` must be a string"),
        ({"homepage": '["https://el-massa.com/"]'}, "`homepage` must be a string"),
        ({"timezone": "3"}, "`timezone` must be a string"),
    ],
)
def test_a_value_of_the_wrong_type_or_size_is_refused(
    fields: dict[str, str], fragment: str
) -> None:
    assert fragment in refusal(source_table(**fields)).message


def test_an_unknown_key_is_refused() -> None:
    assert "unknown keys ['feed']" in refusal(source_table(feed='"https://x.dz/"')).message


def test_an_unknown_top_level_key_is_refused() -> None:
    assert "unknown top-level keys" in refusal('[[paper]]\nslug = "x"\n').message


def test_source_must_be_an_array_of_tables() -> None:
    assert "array of tables" in refusal('source = "el-massa"\n').message


def test_invalid_toml_is_refused() -> None:
    assert "not valid TOML" in refusal('[[source]]\nslug = "el-massa\n').message


def test_a_slug_defined_twice_in_one_file_is_refused() -> None:
    text = source_table() + source_table(homepage='"https://other.dz/"')
    assert "duplicate slug" in refusal(text).message


def test_a_feed_claimed_by_two_sources_is_refused() -> None:
    text = source_table(feeds='["https://shared.dz/feed"]') + source_table(
        slug='"el-moudjahid"', feeds='["https://shared.dz/feed"]'
    )
    error = refusal(text)
    assert "'el-moudjahid'" in error.message
    assert "already belongs to source 'el-massa'" in error.message


@pytest.mark.parametrize(
    ("rules", "fragment"),
    [
        ('body = "div[["', "bad selector"),
        ('headline = "h1"', "unknown keys"),
        ("title = 3", "must be a string"),
        ('remove = ".ad"', "must be a list of strings"),
    ],
)
def test_bad_site_rules_are_refused_with_the_registry_code(rules: str, fragment: str) -> None:
    error = refusal(source_table() + f"[source.rules]\n{rules}\n")
    assert "rules" in error.message
    assert fragment in error.message


def test_rules_must_be_a_table() -> None:
    assert "`rules` must be a table" in refusal(source_table(rules='"h1"')).message


def test_a_directory_loads_every_toml_file_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text(source_table(slug='"el-massa"'), encoding="utf-8")
    (tmp_path / "a.toml").write_text(
        source_table(slug='"an-nasr"', homepage='"https://www.annasronline.com/"'),
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("not a registry", encoding="utf-8")
    slugs = [source.slug for source in load_registry(tmp_path).sources]
    assert slugs == ["an-nasr", "el-massa"]


def test_a_slug_defined_in_two_files_names_both(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(source_table(), encoding="utf-8")
    (tmp_path / "b.toml").write_text(source_table(), encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry(tmp_path)
    assert caught.value.code == "sources.invalid"
    assert caught.value.message.startswith("b.toml: source 'el-massa': duplicate slug")
    assert "a.toml" in caught.value.message


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(RegistryError) as caught:
        load_registry(tmp_path / "absent.toml")
    assert caught.value.code == "sources.unreadable"
    assert "absent.toml" in caught.value.message


def test_a_file_that_is_not_utf8_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "cp1256.toml"
    path.write_bytes(source_table().encode("cp1256"))
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    assert caught.value.code == "sources.unreadable"
