"""The bundled registry of real Algerian papers: loads, ships with the package, cites its
evidence, and agrees with ../shared/data/sources/algeria.json."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from nashra.models import Feed, Source
from nashra.sources import BUNDLED_DIR, bundled_registry, ensure_sources
from nashra.store import Store

ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
MIN_SOURCES = 30  # the floor for the bundled registry
MIN_PER_LANGUAGE = 15  # both Arabic and French papers are well represented


def test_bundled_registry_loads_at_least_thirty_sources() -> None:
    assert len(bundled_registry().sources) >= MIN_SOURCES


def test_bundled_registry_has_arabic_and_french_papers() -> None:
    languages = Counter(source.language for source in bundled_registry().sources)
    assert set(languages) == {"ar", "fr"}
    assert min(languages.values()) >= MIN_PER_LANGUAGE


def test_bundled_registry_is_installed_inside_the_package() -> None:
    packaged = resources.files("nashra.sources").joinpath("bundled")
    names = {entry.name for entry in packaged.iterdir() if entry.name.endswith(".toml")}
    assert names == {path.name for path in BUNDLED_DIR.glob("*.toml")}
    assert names


def test_every_arabic_paper_has_an_arabic_name() -> None:
    for source in bundled_registry().sources:
        if source.language == "ar":
            assert ARABIC_LETTER.search(source.name), source.slug


def test_every_name_is_nfc_and_every_source_has_a_french_name() -> None:
    for source in bundled_registry().sources:
        assert source.name_fr, source.slug
        for text in (source.name, source.name_fr):
            assert unicodedata.normalize("NFC", text) == text, source.slug


def test_every_source_is_preceded_by_a_comment_citing_its_evidence() -> None:
    for path in BUNDLED_DIR.glob("*.toml"):
        blocks = path.read_text(encoding="utf-8").split("[[source]]")[:-1]
        for block in blocks:
            above = block.rsplit("\n\n", 1)[-1]  # the paragraph right above the table
            assert all(line.startswith("#") for line in above.strip().splitlines()), above
            assert "# home page: " in above, above


def test_the_forum_and_the_aggregator_are_left_out() -> None:
    homepages = " ".join(source.homepage for source in bundled_registry().sources)
    assert "djelfa.info" not in homepages
    assert "djazairess" not in homepages


def test_ensure_sources_fills_an_empty_store_with_the_bundled_registry(store: Store) -> None:
    added = ensure_sources(store)
    stored = {source.slug: source for source, _count in store.list_sources()}
    assert added == len(bundled_registry().sources) == len(stored)
    assert stored["el-khabar"].name == "الخبر"
    assert [feed.url for feed in stored["el-khabar"].feeds] == ["https://elkhabar.com/feed/"]


def test_ensure_sources_leaves_a_configured_store_alone(store: Store) -> None:
    store.upsert_source(
        Source(
            slug="mine",
            name="جريدتي",
            homepage="https://mine.example/",
            feeds=(Feed("https://mine.example/rss", "rss"),),
        )
    )
    assert ensure_sources(store) == 0
    assert [source.slug for source, _count in store.list_sources()] == ["mine"]


def test_ensure_sources_twice_adds_once(store: Store) -> None:
    first = ensure_sources(store)
    assert ensure_sources(store) == 0
    assert len(store.list_sources()) == first


# -- agreement with the survey the registry was built from -----------------------------


@pytest.fixture(scope="module")
def outlets(shared_data: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(
        (shared_data / "sources" / "algeria.json").read_text(encoding="utf-8")
    )
    return data


def test_every_source_is_an_outlet_of_the_survey(outlets: list[dict[str, Any]]) -> None:
    surveyed = {outlet["homepage"]: outlet for outlet in outlets}
    for source in bundled_registry().sources:
        outlet = surveyed[source.homepage]
        assert source.name in (outlet["name_ar"], source.name_fr), source.slug
        if outlet["name_ar"]:
            assert source.name == outlet["name_ar"], source.slug
        assert source.language in outlet["language"].split(","), source.slug


def test_every_feed_is_medium_confidence_and_recent_or_self_advertised(
    outlets: list[dict[str, Any]],
) -> None:
    surveyed = {feed["url"]: feed for outlet in outlets for feed in outlet["feeds"]}
    for source in bundled_registry().sources:
        for feed in source.feeds:
            evidence = surveyed[feed.url]
            assert evidence["confidence"] == "medium", feed.url
            assert evidence["seen"].startswith("2026") or "rel=alternate" in evidence["seen"]


def test_every_surveyed_newsroom_is_in_the_registry(outlets: list[dict[str, Any]]) -> None:
    registered = {source.homepage for source in bundled_registry().sources}
    newsrooms = [
        outlet
        for outlet in outlets
        if outlet["type"] not in ("forum / portal (not a newsroom)", "press aggregator")
    ]
    assert {outlet["homepage"] for outlet in newsrooms} == registered
