"""Stored values to the JSON shapes of API v1 (DESIGN "Data shapes")."""

from __future__ import annotations

from typing import Any

from nashra.store import StoredArticle
from nashra.web.signing import ImageSigner


def article_json(article: StoredArticle, signer: ImageSigner) -> dict[str, Any]:
    image_ids = [image.id for image in article.images]
    blocks = []
    for block in article.blocks:
        if block.get("type") == "image":
            index = block.get("image")
            if isinstance(index, int) and 0 <= index < len(image_ids):
                blocks.append({"type": "image", "image_id": image_ids[index]})
            continue
        blocks.append(block)
    return {
        "id": article.id,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "source": {
            "slug": article.source.slug,
            "name": article.source.name,
            "name_fr": article.source.name_fr,
        },
        "title": article.title,
        "subtitle": article.subtitle,
        "highlights": list(article.highlights),
        "blocks": blocks,
        "text": article.text,
        "author": article.author,
        "section": article.section,
        "category": article.category,
        "language": article.language,
        "direction": article.direction,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "published_text": article.published_text,
        "date_confidence": article.date_confidence,
        "fetched_at": article.fetched_at.isoformat(),
        "images": [
            {
                "id": image.id,
                "src": image.src,
                "url": signer.url(image.id),
                "alt": image.alt,
                "caption": image.caption,
                "width": image.width,
                "height": image.height,
                "hidden": image.hidden,
            }
            for image in article.images
        ],
        "story_id": article.story_id,
        "duplicate_of": article.duplicate_of,
        "also_in": [],
        "links": {"html": f"/article/{article.id}", "original": article.url},
    }
