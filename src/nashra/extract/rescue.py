"""trafilatura as the last resort, when nashra's own reader finds no body.

trafilatura's body comes as TEI-like XML (`<p>`, `<head>`, `<list>/<item>`, `<quote>`,
`<graphic>`); it maps one to one onto nashra's blocks. The rescue parses the page again
(trafilatura edits the tree it reads) and runs without its own fallbacks, which nashra's
cascade replaces.
"""

from __future__ import annotations

from urllib.parse import urljoin

import trafilatura

from nashra.extract.text import clean_text
from nashra.models import Block, Image


def rescue_blocks(html: str, url: str) -> tuple[list[Block], list[Image]]:
    """Body blocks and images as trafilatura reads them ([] when it finds nothing)."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        include_images=True,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        fast=True,  # no readability/jusText fallbacks: nashra's reader already ran
    )
    body = getattr(document, "body", None)
    if body is None:
        return [], []
    blocks: list[Block] = []
    images: list[Image] = []
    for element in body:
        tag = element.tag
        if tag == "graphic":
            src = element.get("src") or ""
            if src and not src.startswith("data:"):
                blocks.append(Block("image", image=len(images)))
                images.append(Image(src=urljoin(url, src), alt=clean_text(element.get("alt"))))
            continue
        if tag == "list":
            items = tuple(
                text for text in (clean_text("".join(item.itertext())) for item in element) if text
            )
            if items:
                blocks.append(Block("list", items=items))
            continue
        text = clean_text("".join(element.itertext()))
        if not text:
            continue
        kind = {"head": "heading", "quote": "quote"}.get(str(tag), "paragraph")
        blocks.append(Block(kind, text=text))  # type: ignore[arg-type]
    return blocks, images
