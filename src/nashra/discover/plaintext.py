"""Plain text out of the HTML-ish strings that feeds carry in titles and summaries.

No parser's sanitizer is trusted: every title and summary nashra keeps from a feed or a
sitemap is reduced to plain text here, then shown escaped by the reader. The steps:

1. cap the raw string (`MARKUP_ALLOWANCE` times the text cap) so a 50 MB description
   costs no more than a large one;
2. if it has markup, parse it with lxml's HTML parser (no network, no DTD), drop
   `script`, `style` and other non-text elements, keep the text with a space around block
   elements (`<p>a</p><p>b</p>` is "a b", `كلم<b>ة</b>` stays one word); entities are
   unescaped either way;
3. drop bidi override and isolate controls (U+202A-U+202E, U+2066-U+2069: they can
   reorder a headline's display, "Trojan Source" style) and other control characters,
   but keep the joiners and marks Arabic and Persian text needs (U+200C ZWNJ, U+200F RLM);
4. collapse whitespace runs to one space, then cut at the cap (on a word boundary when
   one is near).
"""

from __future__ import annotations

import html
import re

from lxml import etree

MAX_TITLE_CHARS = 1_000  # headlines are < 300 chars; a longer "title" is a feed bug
MAX_SUMMARY_CHARS = 10_000  # a summary is a lead, not the article; the page is fetched anyway
MARKUP_ALLOWANCE = 8  # markup rarely outweighs text 8:1; bounds the HTML parse on huge fields
WORD_BOUNDARY_WINDOW = 40  # cut at a space this close to the cap, else cut mid-word

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Bidi overrides/isolates, and C0/C1 controls other than the whitespace split() removes.
_DROPPED = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "head", "title"}
)

_HTML_PARSER = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def element_text(element: etree._Element) -> str:
    """All text inside an lxml element (lxml gives str here; bytes never occur)."""
    return "".join(part for part in element.itertext() if isinstance(part, str))


def _markup_text(markup: str) -> str:
    root = etree.fromstring(markup, parser=_HTML_PARSER)
    if root is None:
        return ""
    parts: list[str] = []
    skipping: etree._Element | None = None
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if skipping is not None:
                continue
            if tag in SKIPPED_TAGS:
                skipping = element
                continue
            if tag in BLOCK_TAGS:
                parts.append(" ")
            if element.text:
                parts.append(element.text)
        else:
            if skipping is not None:
                if element is not skipping:
                    continue
                skipping = None
            elif tag in BLOCK_TAGS:
                parts.append(" ")
            if element.tail:
                parts.append(element.tail)
    return "".join(parts)


def clean_text(value: str, max_chars: int) -> str | None:
    """Plain, single-line text from a string that may hold HTML; None when nothing is left."""
    if not value:
        return None
    raw = value[: max_chars * MARKUP_ALLOWANCE]
    if "<" in raw:
        text = _markup_text(raw)
    elif "&" in raw:
        text = html.unescape(raw)
    else:
        text = raw
    text = " ".join(_DROPPED.sub("", text).split())
    if len(text) > max_chars:
        cut = text.rfind(" ", max_chars - WORD_BOUNDARY_WINDOW, max_chars + 1)
        text = text[: cut if cut > 0 else max_chars].rstrip()
    return text or None
