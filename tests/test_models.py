"""Model values serialise to the shapes of DESIGN.md's JSON API."""

from __future__ import annotations

from datetime import UTC, datetime

from nashra.models import Article, Block, Feed, FeedHealth, Image, Source


def test_article_json_has_the_extract_contract_fields() -> None:
    article = Article(
        url="https://el-massa.example/a",
        title="العنوان",
        text="النص",
        blocks=(
            Block("paragraph", text="النص"),
            Block("list", items=("أ", "ب")),
            Block("image", image=0),
        ),
        images=(Image(src="https://el-massa.example/a.jpg", caption="تعليق"),),
        published_at=datetime(2020, 7, 22, tzinfo=UTC),
        source_name="المساء",
    )
    shape = article.to_json()
    assert set(shape) == {
        "url", "canonical_url", "title", "subtitle", "highlights", "blocks", "text", "author",
        "section", "published_at", "published_text", "date_confidence", "language",
        "direction", "images", "source_name",
    }  # fmt: skip
    assert shape["blocks"][1] == {"type": "list", "items": ["أ", "ب"]}
    assert shape["blocks"][2] == {"type": "image", "image": 0}
    assert shape["published_at"] == "2020-07-22T00:00:00+00:00"
    assert shape["images"][0]["caption"] == "تعليق"


def test_article_is_identified_by_its_canonical_url_when_it_has_one() -> None:
    plain = Article(url="https://x.example/a?utm_source=f", title="t", text="x")
    assert plain.key_url == "https://x.example/a?utm_source=f"
    canonical = Article(url=plain.url, canonical_url="https://x.example/a", title="t", text="x")
    assert canonical.key_url == "https://x.example/a"


def test_source_json_carries_each_feed_health() -> None:
    source = Source(
        slug="el-massa",
        name="المساء",
        homepage="https://el-massa.example/",
        feeds=(Feed("https://el-massa.example/rss", "rss", FeedHealth(status="failing")),),
    )
    shape = source.to_json(articles_count=4)
    assert shape["feeds"][0]["health"]["status"] == "failing"
    assert shape["articles_count"] == 4
    assert shape["timezone"] == "Africa/Algiers"
