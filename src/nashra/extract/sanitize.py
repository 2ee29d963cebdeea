"""Display HTML of an article body, sanitized by nh3 as the very last step.

The body is stored as blocks of plain text; this renders them to the small HTML the
reader needs (`<p>`, `<h2>`, `<ul>/<li>`, `<blockquote>`, `<figure>` with `<img>` and
`<figcaption>`), escaping every text, and then passes the result through nh3 with an
allow-list of exactly those tags and attributes, http(s) URLs only. Nothing from the
source page's markup reaches the output: even if a text field held markup, it would be
escaped, and if a rendering bug let something through, nh3 would drop it.
"""

from __future__ import annotations

from html import escape

import nh3

from nashra.models import Article

ALLOWED_TAGS = frozenset({"p", "h2", "ul", "li", "blockquote", "figure", "img", "figcaption"})
ALLOWED_ATTRIBUTES = {"img": {"src", "alt", "width", "height", "loading"}}
URL_SCHEMES = frozenset({"http", "https"})


def body_html(article: Article) -> str:
    """The body as sanitized HTML, blocks in page order."""
    parts: list[str] = []
    for block in article.blocks:
        if block.type == "paragraph":
            parts.append(f"<p>{escape(block.text)}</p>")
        elif block.type == "heading":
            parts.append(f"<h2>{escape(block.text)}</h2>")
        elif block.type == "quote":
            parts.append(f"<blockquote>{escape(block.text)}</blockquote>")
        elif block.type == "list":
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        elif block.type == "image" and block.image is not None:
            image = article.images[block.image]
            size = ""
            if image.width and image.height:
                size = f' width="{image.width}" height="{image.height}"'
            caption = f"<figcaption>{escape(image.caption)}</figcaption>" if image.caption else ""
            parts.append(
                f'<figure><img src="{escape(image.src)}" alt="{escape(image.alt)}"{size}'
                f' loading="lazy">{caption}</figure>'
            )
    return sanitize("".join(parts))


def sanitize(html: str) -> str:
    """`html` restricted to the body allow-list (nh3; links and scripts never pass)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
    )
