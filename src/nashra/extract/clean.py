"""Remove what is never article text, before the body is looked for.

One pass over the tree drops, in this order of evidence:
1. elements that never hold article text (scripts, styles, forms' controls, `<nav>`,
   `<aside>`, `<footer>`, page `<header>`s, iframes, SVG...);
2. hidden elements (`hidden`, `aria-hidden`, inline `display:none`);
3. elements whose class or id names boilerplate (share bars, related links, comments,
   newsletter and cookie boxes, tickers, tags, "most read"...), unless the element
   declares itself the article body (`itemprop=articleBody`), unless a weak name (sidebar,
   widget...) comes with a content name (`content-sidebar-wrap` wraps the article: the
   readability rule), and unless the element holds most of the page's text (a wrapper
   named after one of its options, like `has-sidebar`, is not boilerplate).
Elements given in `keep` (the headline) and their ancestors always stay.
Elements are removed with their subtree; their tail text stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.html

from nashra.extract.names import Kind, kinds

DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "button",
        "input",
        "select",
        "textarea",
        "option",
        "nav",
        "aside",
        "footer",
        "link",
        "meta",
        "map",
        "audio",
        "video",
        "dialog",
        "menu",
        "head",
    }
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# A boilerplate-named element holding more than this share of the page's text is a
# wrapper (`<div id="page" class="has-sidebar">`), not boilerplate.
MAX_BOILERPLATE_TEXT_SHARE = 0.5
# A page <header> with more text than this holds the article itself (some themes do).
MAX_HEADER_TEXT_CHARS = 1500


def clean_tree(root: lxml.html.HtmlElement, keep: Iterable[lxml.html.HtmlElement] = ()) -> None:
    """Drop boilerplate from `root` in place; elements in `keep` and their ancestors stay."""
    protected: set[lxml.html.HtmlElement] = set()
    for element in keep:
        protected.add(element)
        protected.update(element.iterancestors())
    total_chars = max(1, len(root.text_content()))
    doomed: list[lxml.html.HtmlElement] = []
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            doomed.append(element)
            continue
        if element in protected:
            continue
        if tag in DROP_TAGS:
            doomed.append(element)
            continue
        if tag == "header":
            if len(element.text_content()) <= MAX_HEADER_TEXT_CHARS:
                doomed.append(element)
            continue
        attributes = element.attrib
        if not attributes:
            continue
        if "hidden" in attributes or attributes.get("aria-hidden") == "true":
            doomed.append(element)
            continue
        style = attributes.get("style")
        if style and HIDDEN_STYLE.search(style):
            doomed.append(element)
            continue
        found = kinds(element)
        if not found & Kind.BOILERPLATE or tag in ("html", "body", "article", "main"):
            continue
        if found & Kind.DECLARED_BODY or element.get("itemprop") == "articleBody":
            continue
        if found & Kind.CONTENT and not found & Kind.STRONG_BOILERPLATE:
            continue
        if len(element.text_content()) > MAX_BOILERPLATE_TEXT_SHARE * total_chars:
            continue
        doomed.append(element)
    for element in doomed:
        _drop(element)


def _drop(element: lxml.html.HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
