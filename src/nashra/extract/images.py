"""Images of an article: the real URL behind lazy loading, size, alt text and caption.

The URL is the first of: the lazy-loading attributes (`data-src`, `data-lazy-src`,
`data-original`, ...), the widest `srcset`/`data-srcset` candidate, `src`; placeholders
(`data:` URIs, 1x1 spacers, "blank"/"lazy" images) do not count. Relative URLs are resolved
against the page. Icons, avatars, logos and tracking pixels are not article images.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html

from nashra.extract.names import Kind, kinds
from nashra.extract.text import clean_text
from nashra.models import Image

LAZY_ATTRIBUTES = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-full-src",
    "data-hi-res-src",
    "data-large-file",
)
SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset", "srcset")
# Declared sizes below this are icons, emoji, buttons or tracking pixels.
MIN_IMAGE_SIDE = 60
NOT_ARTICLE_IMAGE = re.compile(
    r"logo|icon|avatar|emoji|sprite|pixel|spacer|blank\.|placeholder|"
    r"badge|gravatar|/ads?/|banner|feeds\.feedburner|share|facebook|twitter|whatsapp|arrow|"
    r"button|rss\.|loader|1x1|transparent\.",
    re.I,
)
# A unit's whole text serves as caption when no element is named so, if this short.
MAX_UNNAMED_CAPTION_CHARS = 300
_WIDTH = re.compile(r"\s+(\d+)w\s*$")


def image_source(img: lxml.html.HtmlElement, base_url: str) -> str:
    """The image's real URL (absolute), or "" when it only has a placeholder."""
    for name in LAZY_ATTRIBUTES:
        value = (img.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return urljoin(base_url, value)
    for name in SRCSET_ATTRIBUTES:
        srcset = img.get(name)
        if srcset:
            best = _widest(srcset)
            if best:
                return urljoin(base_url, best)
    value = (img.get("src") or "").strip()
    if value and not value.startswith("data:"):
        return urljoin(base_url, value)
    return ""


def _widest(srcset: str) -> str:
    best_url, best_width = "", -1
    for candidate in srcset.split(","):
        candidate = candidate.strip()
        if not candidate or candidate.startswith("data:"):
            continue
        match = _WIDTH.search(candidate)
        width = int(match.group(1)) if match else 0
        url = candidate.split()[0]
        if width > best_width:
            best_url, best_width = url, width
    return best_url


def _dimension(value: str | None) -> int | None:
    if not value:
        return None
    digits = value.strip().removesuffix("px")
    return int(digits) if digits.isdigit() else None


def make_image(img: lxml.html.HtmlElement, base_url: str, caption: str = "") -> Image | None:
    """The `Image` for an `<img>`, or None when it is not an article image."""
    src = image_source(img, base_url)
    if not src or not src.startswith(("http://", "https://")):
        return None
    width = _dimension(img.get("width"))
    height = _dimension(img.get("height"))
    if (width is not None and width < MIN_IMAGE_SIDE) or (
        height is not None and height < MIN_IMAGE_SIDE
    ):
        return None
    names = f"{img.get('class', '')} {img.get('id', '')} {src}"
    if NOT_ARTICLE_IMAGE.search(names):
        return None
    return Image(
        src=src,
        alt=clean_text(img.get("alt")),
        caption=caption,
        width=width,
        height=height,
    )


def figure_caption(unit: lxml.html.HtmlElement, img: lxml.html.HtmlElement) -> str:
    """The caption of an image unit: its `<figcaption>`, else a caption-named element."""
    for caption in unit.iter("figcaption", "caption"):
        return clean_text(caption.text_content())
    for element in unit.iter():
        if element is img or not isinstance(element.tag, str):
            continue
        if kinds(element) & Kind.CAPTION:
            return clean_text(element.text_content())
    text = clean_text(unit.text_content())
    return text if len(text) <= MAX_UNNAMED_CAPTION_CHARS else ""
