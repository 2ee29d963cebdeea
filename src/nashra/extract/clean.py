"""Remove what is never article text, before the body is looked for.

One pass over the tree drops, in this order of evidence:
1. elements that never hold article text (scripts, styles, forms' controls, `<nav>`,
   `<aside>`, `<footer>`, page `<header>`s, iframes, SVG...);
2. hidden elements (`hidden`, `aria-hidden`, inline `display:none`);
3. elements whose class or id names boilerplate (share bars, related links, comments,
   newsletter and cookie boxes, tickers, tags, "most read"...), unless the element
   declares itself the article body (`itemprop=articleBody`), unless the element holds
   most of the page's text (a wrapper named after one of its options, like `has-sidebar`,
   is not boilerplate), and, for weak names (sidebar, widget, menu, next...), unless its
   content disagrees: a weakly named element goes only if it is mostly links or holds
   little text (page builders wrap every paragraph in a "widget"; `content-sidebar-wrap`
   wraps the article).
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
        "marquee",  # news tickers
        "head",
        "rt",  # ruby annotations (furigana) would split the words they annotate
        "rp",
    }
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# A boilerplate-named element holding more than this share of the page's text is a
# wrapper (`<div id="page" class="has-sidebar">`), not boilerplate.
MAX_BOILERPLATE_TEXT_SHARE = 0.5
# A boilerplate-named element goes when links make at least this share of its text
# (menus, "recent posts" widgets)...
NAMED_MIN_LINK_DENSITY = 0.35
# ...or when its text outside links is shorter than this: for weak names (widget,
# sidebar, menu) a label or a button row...
WEAK_NAME_MAX_PLAIN_CHARS = 150
# ...for strong names (share, related, newsletter...) anything short of an article body
# (a related box with a few excerpts).
STRONG_NAME_MAX_PLAIN_CHARS = 1000
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
        strong = found & Kind.STRONG_BOILERPLATE
        chars = len(element.text_content())
        if chars > MAX_BOILERPLATE_TEXT_SHARE * total_chars:
            continue
        if found & Kind.COMMENT:
            doomed.append(element)  # comment threads are long prose: no content test
            continue
        limit = STRONG_NAME_MAX_PLAIN_CHARS if strong else WEAK_NAME_MAX_PLAIN_CHARS
        if not _looks_like_boilerplate(element, chars, limit):
            continue
        doomed.append(element)
    for element in doomed:
        _drop(element)


def _looks_like_boilerplate(element: lxml.html.HtmlElement, chars: int, limit: int) -> bool:
    """Whether a boilerplate-named element's content agrees with its name: mostly links,
    or less plain text than `limit`. Page builders wrap every paragraph in a "widget",
    and themes put "share" or "read-more" on the article's own container."""
    links = sum(len(a.text_content()) for a in element.iter("a"))
    return chars - links < limit or links >= NAMED_MIN_LINK_DENSITY * chars


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
