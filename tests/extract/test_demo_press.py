"""Every article of the demo press extracts perfectly, with no site rules.

The demo press serves seven fictional papers on loopback, each with a different CMS's
markup; its ground truth is what a perfect extractor returns. Pages are fetched over
real HTTP (httpx, 127.0.0.x only) and extracted from the response bytes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from nashra.demo.press import DemoPress
from nashra.demo.site import ExpectedArticle
from nashra.extract import extract_article
from nashra.models import Article


@dataclass(frozen=True)
class Extracted:
    expected: ExpectedArticle
    article: Article


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
async def extracted() -> AsyncIterator[list[Extracted]]:
    async with DemoPress() as press:
        results = []
        async with httpx.AsyncClient(timeout=10) as client:
            for expected in press.expected_articles():
                response = await client.get(expected.url)
                article = extract_article(
                    response.content,
                    expected.url,
                    content_type=response.headers.get("content-type"),
                )
                results.append(Extracted(expected, article))
        yield results


def _mismatches(results: list[Extracted], field: str) -> list[str]:
    wrong = []
    for item in results:
        got = _field(item.article, field)
        want = _want(item.expected, field)
        if got != want:
            wrong.append(f"{item.expected.id}: {got!r} != {want!r}")
    return wrong


def _field(article: Article, field: str) -> object:
    if field == "blocks":
        return tuple((b.type, b.text) for b in article.blocks if b.type in ("paragraph", "heading"))
    if field == "captions":
        return tuple(article.images[b.image].caption for b in article.blocks if b.image is not None)
    if field == "image_urls":
        return tuple(article.images[b.image].src for b in article.blocks if b.image is not None)
    if field == "day":
        return article.published_at.date() if article.published_at else None
    return getattr(article, field)


def _want(expected: ExpectedArticle, field: str) -> object:
    if field == "captions":
        return expected.image_captions
    if field == "image_urls":
        return tuple(image.url for image in expected.images)
    if field == "day":
        return expected.published_at.date()
    return getattr(expected, field)


@pytest.mark.anyio
@pytest.mark.parametrize(
    "field",
    [
        "title",
        "subtitle",
        "highlights",
        "blocks",
        "captions",
        "image_urls",
        "author",
        "section",
        "published_text",
        "day",
        "language",
    ],
)
async def test_every_demo_article_extracts_exactly(extracted: list[Extracted], field: str) -> None:
    assert extracted, "the demo press served no article"
    assert _mismatches(extracted, field) == []


@pytest.mark.anyio
async def test_demo_article_times_agree_when_the_page_shows_one(extracted: list[Extracted]) -> None:
    wrong = [
        item.expected.id
        for item in extracted
        if item.article.published_at is not None
        and (item.article.published_at.hour, item.article.published_at.minute) != (0, 0)
        and item.article.published_at != item.expected.published_at
    ]
    assert wrong == []


@pytest.mark.anyio
async def test_demo_articles_include_subtitles_highlights_headings_and_captions(
    extracted: list[Extracted],
) -> None:
    articles = [item.article for item in extracted]
    assert any(article.subtitle for article in articles)
    assert any(article.highlights for article in articles)
    assert any(block.type == "heading" for article in articles for block in article.blocks)
    assert any(image.caption for article in articles for image in article.images)
