"""Site rules in DATA_DIR/sites.toml steer the extraction of that paper's pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fetch.servers import RawServer, static
from tests.pipeline.test_bad_input import crawl, page, rss

pytestmark = pytest.mark.anyio

FIRST_SENTENCE = "أعلنت مديرية الموارد المائية لولاية وادي الصفصاف"


def routes() -> dict[str, object]:
    html = page("خبر تحكمه قواعد الموقع").replace(b"<p>", b'<p class="lead">', 1)
    return {
        "/feed": static(rss(("x", "/article/1")), "application/rss+xml"),
        "/article/1": static(html),
    }


async def stored_text(tmp_path: Path) -> str:
    async with RawServer(routes()) as server:  # type: ignore[arg-type]
        if (tmp_path / "rules.toml").exists():
            rules = (tmp_path / "rules.toml").read_text().replace("HOST", "127.0.0.1")
            (tmp_path / "sites.toml").write_text(rules)
        store, summary = await crawl(server, tmp_path, "/feed")
    assert summary.errors == 0
    articles, _ = store.list_articles(limit=10)
    return next(a.text for a in articles if a.title == "خبر تحكمه قواعد الموقع")


async def test_without_rules_the_generic_extractor_keeps_every_paragraph(tmp_path: Path) -> None:
    assert FIRST_SENTENCE in await stored_text(tmp_path)


async def test_a_remove_rule_in_data_dir_drops_what_it_names(tmp_path: Path) -> None:
    (tmp_path / "rules.toml").write_text('[[site]]\nhosts = ["HOST"]\nremove = ["p.lead"]\n')
    text = await stored_text(tmp_path)
    assert FIRST_SENTENCE not in text
    assert "وأوضح المسؤول الأول عن القطاع" in text
