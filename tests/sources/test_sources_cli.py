"""`nashra sources ...` as a user runs it: real processes on a temporary SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

from nashra import cli
from nashra.settings import Settings
from nashra.sources import BUNDLED_DIR, bundled_registry
from nashra.store import Store

REGISTRY = """
[[source]]
slug = "el-khabar"
name = "الخبر"
name_fr = "El Khabar"
homepage = "https://www.elkhabar.com/"
language = "ar"
feeds = ["https://elkhabar.com/feed/"]
sections = ["https://www.elkhabar.com/sport/"]

[[source]]
slug = "el-watan"
name = "الوطن"
homepage = "https://www.elwatan.com/"
language = "fr"
"""

SOURCE_KEYS = {
    "slug",
    "name",
    "name_fr",
    "homepage",
    "language",
    "country",
    "timezone",
    "feeds",
    "articles_count",
}
HEALTH_KEYS = {
    "status",
    "last_fetched_at",
    "last_error_code",
    "last_error",
    "consecutive_failures",
    "next_check_at",
}


def nashra(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NASHRA_")}
    env.update(
        NASHRA_DATABASE_URL=f"sqlite:///{tmp / 'nashra.db'}", NASHRA_DATA_DIR=str(tmp / "data")
    )
    return subprocess.run(
        [sys.executable, "-m", "nashra", *args],
        env=env,
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def listed(tmp: Path) -> list[dict[str, Any]]:
    result = nashra(tmp, "sources", "list", "--json")
    assert result.returncode == 0, result.stderr
    sources: list[dict[str, Any]] = json.loads(result.stdout)
    return sources


@pytest.fixture
def registry_file(tmp_path: Path) -> Path:
    path = tmp_path / "papers.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def test_import_then_list_json_gives_the_source_shape_with_feed_health(
    tmp_path: Path, registry_file: Path
) -> None:
    result = nashra(tmp_path, "sources", "import", str(registry_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "imported 2 sources from papers.toml"
    sources = listed(tmp_path)
    assert [source["slug"] for source in sources] == ["el-khabar", "el-watan"]
    assert set(sources[0]) == SOURCE_KEYS
    assert [(feed["url"], feed["kind"]) for feed in sources[0]["feeds"]] == [
        ("https://elkhabar.com/feed/", "rss"),
        ("https://www.elkhabar.com/sport/", "section"),
    ]
    assert set(sources[0]["feeds"][0]["health"]) == HEALTH_KEYS
    assert sources[0]["articles_count"] == 0


def test_importing_the_bundled_folder_registers_every_paper(tmp_path: Path) -> None:
    result = nashra(tmp_path, "sources", "import", str(BUNDLED_DIR))
    assert result.returncode == 0, result.stderr
    assert len(listed(tmp_path)) == len(bundled_registry().sources)


def test_an_invalid_registry_prints_one_coded_line_and_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(REGISTRY.replace('language = "fr"', 'language = "en"'), encoding="utf-8")
    result = nashra(tmp_path, "sources", "import", str(path))
    assert result.returncode == 1
    assert "sources.invalid" in result.stderr
    assert "bad.toml: source 'el-watan'" in result.stderr
    assert "Traceback" not in result.stderr
    assert listed(tmp_path) == []


def test_add_refuses_a_javascript_feed_with_a_coded_error(tmp_path: Path) -> None:
    result = nashra(
        tmp_path,
        "sources",
        "add",
        "el-massa",
        "--name",
        "المساء",
        "--homepage",
        "https://www.el-massa.com/dz/",
        "--feed",
        "javascript:alert(1)",
    )
    assert result.returncode == 1
    assert "sources.invalid" in result.stderr
    assert listed(tmp_path) == []


def test_add_stores_feeds_sitemaps_and_sections_with_their_kinds(tmp_path: Path) -> None:
    result = nashra(
        tmp_path,
        "sources",
        "add",
        "el-massa",
        "--name",
        "المساء",
        "--homepage",
        "https://www.el-massa.com/dz/",
        "--feed",
        "https://www.el-massa.com/dz/feed",
        "--sitemap",
        "https://www.el-massa.com/sitemap.xml",
        "--section",
        "https://www.el-massa.com/dz/sport",
        "--timezone",
        "Africa/Tunis",
    )
    assert result.returncode == 0, result.stderr
    [source] = listed(tmp_path)
    assert source["timezone"] == "Africa/Tunis"
    assert [feed["kind"] for feed in source["feeds"]] == ["rss", "sitemap", "section"]


def test_export_opml_writes_the_same_document_to_a_file_and_to_stdout(
    tmp_path: Path, registry_file: Path
) -> None:
    nashra(tmp_path, "sources", "import", str(registry_file))
    to_file = nashra(tmp_path, "sources", "export-opml", "out.opml")
    assert to_file.returncode == 0, to_file.stderr
    to_stdout = nashra(tmp_path, "sources", "export-opml")
    assert to_stdout.returncode == 0, to_stdout.stderr

    def outlines(document: bytes) -> list[dict[str, str]]:
        root = etree.fromstring(document)
        return [dict(outline.attrib) for outline in root.iter("outline")]

    written = outlines((tmp_path / "out.opml").read_bytes())
    assert written == outlines(to_stdout.stdout.encode())
    assert [outline["text"] for outline in written] == ["الخبر", "الخبر", "الخبر", "الوطن"]


def test_import_opml_twice_changes_nothing(tmp_path: Path, registry_file: Path) -> None:
    source_db = tmp_path / "first"
    source_db.mkdir()
    nashra(source_db, "sources", "import", str(registry_file))
    nashra(source_db, "sources", "export-opml", str(tmp_path / "papers.opml"))
    first = nashra(tmp_path, "sources", "import-opml", str(tmp_path / "papers.opml"))
    assert first.returncode == 0, first.stderr
    assert "imported 2 sources (2 feeds)" in first.stdout
    after_first = listed(tmp_path)
    second = nashra(tmp_path, "sources", "import-opml", str(tmp_path / "papers.opml"))
    assert second.returncode == 0, second.stderr
    assert listed(tmp_path) == after_first
    assert [source["slug"] for source in after_first] == ["el-khabar", "el-watan"]


def test_import_opml_lists_skipped_outlines_and_imports_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "reader.opml"
    path.write_bytes(
        b"""<opml version="2.0"><body>
        <outline text="Evil" xmlUrl="javascript:alert(1)"/>
        <outline text="DZfoot" xmlUrl="https://www.dzfoot.com/feed"/>
        </body></opml>"""
    )
    result = nashra(tmp_path, "sources", "import-opml", str(path))
    assert result.returncode == 0, result.stderr
    assert "skipped: outline 'Evil'" in result.stderr
    assert "1 outlines skipped" in result.stdout
    assert [source["slug"] for source in listed(tmp_path)] == ["dzfoot"]


def test_import_opml_of_a_hostile_file_exits_with_its_code(tmp_path: Path) -> None:
    path = tmp_path / "xxe.opml"
    path.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<opml version="2.0"><body><outline text="a" htmlUrl="https://a.dz/">&x;</outline>'
        b"</body></opml>"
    )
    result = nashra(tmp_path, "sources", "import-opml", str(path))
    assert result.returncode == 1
    assert "sources.opml_invalid" in result.stderr
    assert "root:" not in result.stderr + result.stdout
    assert listed(tmp_path) == []


def test_remove_deletes_the_source(tmp_path: Path, registry_file: Path) -> None:
    nashra(tmp_path, "sources", "import", str(registry_file))
    result = nashra(tmp_path, "sources", "remove", "el-watan")
    assert result.returncode == 0, result.stderr
    assert [source["slug"] for source in listed(tmp_path)] == ["el-khabar"]


# `nashra crawl` would reach the real papers: it runs in-process with the crawl itself
# replaced, so only the registry step is exercised and nothing leaves the machine.


def test_crawl_with_no_source_loads_the_bundled_registry_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawled: list[int] = []

    async def fake_crawl(store: Store, settings: Settings, *, once: bool) -> None:
        crawled.append(len(store.list_sources()))

    database = f"sqlite:///{tmp_path / 'nashra.db'}"
    monkeypatch.setenv("NASHRA_DATABASE_URL", database)
    monkeypatch.setattr(cli, "_crawl", fake_crawl)
    monkeypatch.setattr(cli, "_configure_logging", lambda settings: None)  # keep pytest's
    result = CliRunner().invoke(cli.app, ["crawl", "--once"])
    assert result.exit_code == 0, result.output
    count = len(bundled_registry().sources)
    assert f"loaded the bundled registry of {count} Algerian papers" in result.output
    assert crawled == [count]


def test_crawl_with_sources_configured_does_not_load_the_bundled_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry_file: Path
) -> None:
    crawled: list[int] = []

    async def fake_crawl(store: Store, settings: Settings, *, once: bool) -> None:
        crawled.append(len(store.list_sources()))

    assert nashra(tmp_path, "sources", "import", str(registry_file)).returncode == 0
    monkeypatch.setenv("NASHRA_DATABASE_URL", f"sqlite:///{tmp_path / 'nashra.db'}")
    monkeypatch.setattr(cli, "_crawl", fake_crawl)
    monkeypatch.setattr(cli, "_configure_logging", lambda settings: None)  # keep pytest's
    result = CliRunner().invoke(cli.app, ["crawl", "--once"])
    assert result.exit_code == 0, result.output
    assert "bundled registry" not in result.output
    assert crawled == [2]
