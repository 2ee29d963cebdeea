"""The real demo content, served: every article page shows its ground truth.

This uses `src/nashra/demo/content/` as shipped (the other press tests use the small
fixture content), so it also proves the real texts survive every paper's templates and
windows-1256.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from lxml import html

from nashra.demo import DemoPress

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
async def real_press(anyio_backend: str) -> AsyncIterator[DemoPress]:
    async with DemoPress() as running:
        yield running


async def test_every_real_article_page_shows_its_ground_truth(
    real_press: DemoPress, client: httpx.AsyncClient
) -> None:
    truths = real_press.expected_articles()
    assert truths
    for truth in truths:
        response = await client.get(truth.url)
        assert response.status_code == 200, truth.url
        tree = html.fromstring(response.content)
        for junk in tree.xpath("//script|//style"):
            junk.drop_tree()
        text = " ".join(tree.text_content().split())
        assert truth.published_text in text, truth.id
        for piece in (truth.title, *truth.paragraphs, *truth.headings, *truth.highlights):
            assert " ".join(piece.split()) in text, (truth.id, piece)
        for caption in truth.image_captions:
            assert " ".join(caption.split()) in text, (truth.id, caption)


async def test_every_real_picture_is_served(
    real_press: DemoPress, client: httpx.AsyncClient
) -> None:
    for truth in real_press.expected_articles():
        for image in truth.images:
            response = await client.head(image.url)
            assert response.status_code == 200, image.url
            assert response.headers["content-type"] == "image/jpeg"
