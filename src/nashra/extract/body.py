"""The article body: find the element that holds it, then read it as blocks in page order.

Finding the container (after `clean.py` has removed the obvious boilerplate):
1. a site rule's body selector, when it matches;
2. readability-style scoring: every paragraph-like element (a `<p>`, or any element with
   enough text of its own) scores by length and commas (Latin and Arabic), less its
   links; the score flows to its parent (in full), grandparent (half) and three more
   ancestors (a third, decreasing); ancestors start from a tag weight and a class-name
   weight (content-like names up, boilerplate-like names down);
3. an element that declares itself the body (`itemprop=articleBody`, `article-body`,
   `entry-content`...) replaces the winner when one contains the other and it keeps most
   of the winner's text: the declared body is usually tighter (no related box), or more
   complete (the lead paragraph in a sibling div);
4. siblings of the container that read like body text (long, few links, or scoring well)
   join it, as readability does.

Reading the container: text and inline elements accumulate into a paragraph, which every
block-level element and every `<br>` ends; `<h2>`-`<h6>` (and a paragraph that is one
short bold phrase) become headings, `<ul>`/`<ol>` lists, `<blockquote>` quotes,
`<figure>`/`<img>` image blocks whose caption is kept on the image, never in the text.
Blocks are then filtered: link-heavy blocks (menus, "read also" boxes), the repeated
headline, bylines and date lines, share/print prompts and copyright lines go; ❊-marked
lines at the top become highlights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html

from nashra.extract.dates import parse_date_text
from nashra.extract.images import figure_caption, make_image
from nashra.extract.lines import (
    BYLINE_LINE,
    END_MARKER_MIN_POSITION,
    is_boilerplate_line,
    is_end_marker,
    is_site_notice,
)
from nashra.extract.names import Kind, kinds
from nashra.extract.text import clean_text
from nashra.extract.title import words
from nashra.models import Block, BlockType, Image

# --- finding the container -------------------------------------------------------------

# Text of its own shorter than this does not make an element a paragraph.
MIN_PARAGRAPH_CHARS = 25
# Each 100 characters of a paragraph add a point, up to this many (readability's value).
MAX_LENGTH_POINTS = 3.0
# How far a paragraph's score flows up the tree (readability uses 5 ancestors).
SCORE_ANCESTORS = 5
# Readability's class weight: one good or bad name outweighs a few paragraphs.
CLASS_WEIGHT = 25.0
TAG_WEIGHTS = {
    "div": 5.0,
    "article": 8.0,
    "section": 3.0,
    "main": 3.0,
    "pre": 3.0,
    "td": 3.0,
    "blockquote": 3.0,
    "address": -3.0,
    "ol": -3.0,
    "ul": -3.0,
    "dl": -3.0,
    "dd": -3.0,
    "dt": -3.0,
    "li": -3.0,
    "form": -3.0,
    "h1": -5.0,
    "h2": -5.0,
    "h3": -5.0,
    "h4": -5.0,
    "h5": -5.0,
    "h6": -5.0,
    "th": -5.0,
}
# A declared body replaces the scored winner only if it keeps this share of its text.
DECLARED_BODY_MIN_SHARE = 0.6
# A declared body around the winner replaces it only if it adds at most this much text:
# a lead paragraph or an image, not the related-articles column.
DECLARED_BODY_MAX_GROWTH = 1.5
# An ancestor with at most this much more text than the container is the same container.
SINGLE_CHILD_SLACK = 1.05
# A sibling paragraph longer than this with few links joins the body (readability: 80).
SIBLING_MIN_CHARS = 80
# Link share under which a long sibling paragraph is body text (readability: 0.25).
SIBLING_MAX_LINK_DENSITY = 0.25
# A paragraph counts as prose (for the rescue's coverage test) from this length, with
# links under this share of its text.
PROSE_MIN_CHARS = 40
PROSE_MAX_LINK_DENSITY = 0.3
# Headings that are links, this many or more: a related-articles grid, not body text.
TEASER_HEADINGS = 2
LINKED_HEADING_SHARE = 0.8
# Siblings of the container's ancestors (this many levels up) join when they read like
# body text: this long, with links under this share of their text, no teaser headings.
COUSIN_LEVELS = 2
COUSIN_MIN_CHARS = 200
COUSIN_MAX_LINK_DENSITY = 0.15
# A sibling scoring at least this share of the container's score joins it (readability).
SIBLING_SCORE_SHARE = 0.2
# Top candidates within this share of the best score are "as good", and when several of
# them share an ancestor the ancestor is the body (readability's rule for split bodies).
ALTERNATIVE_SCORE_SHARE = 0.75
ALTERNATIVES_NEEDED = 3
# ...counting only those holding at least this share of the best one's text: a title box
# with a lucky class name is not a part of the body.
ALTERNATIVE_TEXT_SHARE = 0.3

# --- reading blocks ---------------------------------------------------------------------

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav",
        "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
        "ul", "caption", "summary", "body", "html",
    }
)  # fmt: skip
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BOLD_TAGS = frozenset({"strong", "b"})
# A paragraph that is only a bold phrase shorter than this is a sub-heading.
MAX_BOLD_HEADING_CHARS = 120
# A block whose link text exceeds this share is navigation or a related-links box...
MAX_LINK_DENSITY = 0.5
# ...unless it is long enough to be prose that happens to be linked.
LINK_DENSE_MAX_CHARS = 400
# An image unit (figure-like element) with more text than this is not just a caption.
MAX_CAPTION_CHARS = 400
_OPEN, _CLOSE, _TEXT, _LEAVE_LINK = 0, 1, 2, 3
# Inline elements that may wrap a captioned image (a linked photo with its credit).
BLOCK_CONTAINERS_INLINE = frozenset({"span", "a"})
# Highlights are introduced by these marks (❊ is the aggregator's own).
HIGHLIGHT_MARKS = "❊✱✳❖◆◇■□●•▪►▶✓✔★☆-–"
HIGHLIGHT_LINE = re.compile(rf"^\s*[{re.escape(HIGHLIGHT_MARKS)}]\s*(?=\S)")
STRICT_HIGHLIGHT_LINE = re.compile(r"^\s*[❊✱✳❖]\s*(?=\S)")
# The site's comment policy or disclaimer may close the body, in its last pieces.
TRAILING_NOTICE_PIECES = 3
# A highlight is one sentence; a longer item means the list is something else.
MAX_HIGHLIGHT_CHARS = 400
# A line holding the publication date and at most this many other characters is a
# dateline ("نشر في 22 - 07 - 2020 على الساعة 10:30"), not body text.
DATE_LINE_SLACK = 40
# A short line at the top of the body that is a date and little else is a dateline
# (further down it may be a sub-heading: «الخميس 02 مارس 2017:» in a fixture list).
MAX_DATE_LINE_CHARS = 60
DATE_LINE_TOP_PIECES = 3
DATE_ONLY_SLACK = 12
# A name alone on the last line, under the text: a signature (author or agency credit).
SIGNATURE = re.compile(r"^[^\W\d_][^\d.:;!?؟،,()\[\]«»\"“”]{1,38}[^\W\d_]$")
# Bylines are short: a name and its introducer.
MAX_BYLINE_CHARS = 80


@dataclass
class Piece:
    """A block being read, with what the filters need to judge it."""

    block: Block
    link_chars: int = 0
    element: lxml.html.HtmlElement | None = None


@dataclass
class BodyResult:
    blocks: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)
    container: lxml.html.HtmlElement | None = None

    @property
    def text(self) -> str:
        return body_text(self.blocks)


def body_text(blocks: list[Block] | tuple[Block, ...]) -> str:
    """Plain text of the body: one block a paragraph, blank lines between them."""
    parts: list[str] = []
    for block in blocks:
        if block.type == "list":
            parts.append("\n".join(block.items))
        elif block.type != "image":
            parts.append(block.text)
    return "\n\n".join(part for part in parts if part)


def _own_text(element: lxml.html.HtmlElement) -> tuple[str, int]:
    """Text an element holds itself (inline children included), and its link text length."""
    if element.tag in ("p", "pre"):
        text = element.text_content()
        links = sum(len(a.text_content()) for a in element.iter("a"))
        return text, links
    parts = [element.text or ""]
    links = 0
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in BLOCK_TAGS:
            content = child.text_content()
            parts.append(content)
            if tag == "a":
                links += len(content)
            elif len(child):
                links += sum(len(a.text_content()) for a in child.iter("a"))
        parts.append(child.tail or "")
    return "".join(parts), links


def _class_weight(element: lxml.html.HtmlElement) -> float:
    found = kinds(element)
    weight = 0.0
    if found & Kind.POSITIVE:
        weight += CLASS_WEIGHT
    if found & Kind.NEGATIVE:
        weight -= CLASS_WEIGHT
    return weight


def _link_density(element: lxml.html.HtmlElement) -> float:
    total = len(element.text_content())
    if not total:
        return 1.0
    links = sum(len(a.text_content()) for a in element.iter("a"))
    return links / total


def score_candidates(body: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, float]:
    scores: dict[lxml.html.HtmlElement, float] = {}
    for element in body.iter(
        "p", "pre", "div", "td", "section", "article", "span", "font", "li", "blockquote", "dd"
    ):
        text, links = _own_text(element)
        stripped = text.strip()
        if len(stripped) < MIN_PARAGRAPH_CHARS:
            continue
        points = 1.0 + stripped.count(",") + stripped.count("،")
        points += min(len(stripped) / 100.0, MAX_LENGTH_POINTS)
        points *= 1.0 - min(1.0, links / max(1, len(stripped)))
        if points <= 0:
            continue
        # A paragraph held directly by a container scores for the container itself.
        holders = [element] if element.tag not in ("p", "pre", "span", "font") else []
        holders.extend(element.iterancestors())
        for level, ancestor in enumerate(holders[:SCORE_ANCESTORS]):
            if ancestor.tag == "html":
                break  # <body> itself may hold the paragraphs of a bare page
            if ancestor not in scores:
                weight = TAG_WEIGHTS.get(str(ancestor.tag), 0.0)
                scores[ancestor] = weight + _class_weight(ancestor)
            divider = 1.0 if level == 0 else (2.0 if level == 1 else level * 3.0)
            scores[ancestor] += points / divider
    return scores


def find_container(
    body: lxml.html.HtmlElement,
) -> tuple[lxml.html.HtmlElement | None, list[lxml.html.HtmlElement]]:
    """The element holding the article, and the siblings that join it (in page order)."""
    scores = score_candidates(body)
    if not scores:
        return None, []
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:8]
    adjusted = [(element, score * (1.0 - _link_density(element))) for element, score in ranked]
    adjusted.sort(key=lambda item: item[1], reverse=True)
    top, top_score = adjusted[0]
    top = _common_ancestor_of_alternatives(top, top_score, adjusted)
    top = _declared_body(top)
    top = _climb_single_child(top)
    siblings = _joining_siblings(top, scores.get(top, top_score))
    siblings.extend(_joining_cousins(top))
    return top, siblings


def _common_ancestor_of_alternatives(
    top: lxml.html.HtmlElement,
    top_score: float,
    adjusted: list[tuple[lxml.html.HtmlElement, float]],
) -> lxml.html.HtmlElement:
    top_chars = len(top.text_content())
    alternatives = [
        element
        for element, score in adjusted[1:]
        if top_score > 0
        and score / top_score >= ALTERNATIVE_SCORE_SHARE
        and len(element.text_content()) >= ALTERNATIVE_TEXT_SHARE * top_chars
    ]
    if len(alternatives) < ALTERNATIVES_NEEDED:
        return top
    for ancestor in top.iterancestors():
        if ancestor.tag in ("html", "body"):
            break
        inside = sum(1 for element in alternatives if _is_ancestor(ancestor, element))
        if inside >= ALTERNATIVES_NEEDED:
            return ancestor
    return top


def _is_ancestor(ancestor: lxml.html.HtmlElement, element: lxml.html.HtmlElement) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def is_declared_body(element: lxml.html.HtmlElement) -> bool:
    return element.get("itemprop") == "articleBody" or bool(kinds(element) & Kind.DECLARED_BODY)


def _declared_body(top: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The self-declared body element that agrees with the scored winner, else the winner."""
    if is_declared_body(top):
        return top
    top_chars = len(top.text_content())
    best: lxml.html.HtmlElement | None = None
    best_chars = 0
    for element in top.iterdescendants():
        if not isinstance(element.tag, str) or not is_declared_body(element):
            continue
        chars = len(element.text_content())
        if chars >= DECLARED_BODY_MIN_SHARE * top_chars and chars > best_chars:
            best, best_chars = element, chars
    if best is not None:
        return best
    for ancestor in top.iterancestors():
        if ancestor.tag in ("html", "body"):
            break
        if is_declared_body(ancestor):
            if len(ancestor.text_content()) <= DECLARED_BODY_MAX_GROWTH * top_chars:
                return ancestor
            break
    return top


def _climb_single_child(top: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The outermost ancestor that adds (almost) no text to `top`: there, the siblings
    holding the rest of the body can be seen (readability's "only child" rule)."""
    chars = len(top.text_content())
    for ancestor in top.iterancestors():
        if ancestor.tag in ("html", "body"):
            break
        if len(ancestor.text_content()) > chars * SINGLE_CHILD_SLACK:
            break
        top = ancestor
    return top


def _joining_siblings(top: lxml.html.HtmlElement, top_score: float) -> list[lxml.html.HtmlElement]:
    parent = top.getparent()
    if parent is None or parent.tag in ("html",):
        return []
    threshold = max(10.0, top_score * SIBLING_SCORE_SHARE)
    joined: list[lxml.html.HtmlElement] = []
    scores_cache: dict[lxml.html.HtmlElement, float] | None = None
    for sibling in parent:
        if sibling is top or not isinstance(sibling.tag, str):
            continue
        text = sibling.text_content().strip()
        if not text:
            if sibling.tag in ("figure", "img"):
                joined.append(sibling)
            continue
        density = _link_density(sibling)
        if (
            sibling.tag == "p"
            and len(text) > SIBLING_MIN_CHARS
            and density < SIBLING_MAX_LINK_DENSITY
        ):
            joined.append(sibling)
            continue
        if (
            sibling.tag not in ("div", "section", "article")
            or teaser_headings(sibling) >= TEASER_HEADINGS
        ):
            continue
        if scores_cache is None:
            scores_cache = score_candidates(parent)
        score = scores_cache.get(sibling, 0.0) * (1.0 - density)
        if score >= threshold and _class_weight(sibling) >= 0:
            joined.append(sibling)
    return joined


def _joining_cousins(top: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Body-like siblings of the container's parent and grandparent: page builders split
    one text into sections (Drupal paragraphs, AEM components, Elementor rows)."""
    joined: list[lxml.html.HtmlElement] = []
    current = top.getparent()
    for _level in range(COUSIN_LEVELS):
        if current is None or current.tag in ("body", "html"):
            break
        parent = current.getparent()
        if parent is None or parent.tag in ("html",):
            break
        for sibling in parent:
            if sibling is current or not isinstance(sibling.tag, str):
                continue
            if sibling.tag not in ("div", "section", "article", "p") or _class_weight(sibling) < 0:
                continue
            text = sibling.text_content()
            chars = len(text.strip())
            if chars < COUSIN_MIN_CHARS or teaser_headings(sibling):
                continue
            if sibling.find(".//form") is not None or sibling.find(".//fieldset") is not None:
                continue  # a poll or a newsletter form
            if _link_density(sibling) < COUSIN_MAX_LINK_DENSITY:
                joined.append(sibling)
        current = parent
    return joined


def prose_chars(root: lxml.html.HtmlElement) -> int:
    """Characters of prose on the page: paragraph-like elements of some length whose text
    is mostly not links (counted once: nested ones are skipped)."""
    total = 0
    for element in root.iter("p", "li", "td", "dd", "blockquote", "pre", "div"):
        text, links = _own_text(element)
        length = len(text.strip())
        if length >= PROSE_MIN_CHARS and links < PROSE_MAX_LINK_DENSITY * length:
            total += length
    return total


def teaser_headings(element: lxml.html.HtmlElement) -> int:
    """How many headings in `element` are links to other pages (a grid of teasers)."""
    count = 0
    for heading in element.iter(*HEADING_TAGS):
        text = heading.text_content().strip()
        links = sum(len(a.text_content().strip()) for a in heading.iter("a"))
        if text and links >= LINKED_HEADING_SHARE * len(text):
            count += 1
    return count


class BlockReader:
    """Reads an element subtree into blocks, in page order."""

    def __init__(
        self,
        base_url: str,
        skip: set[lxml.html.HtmlElement],
        start_after: lxml.html.HtmlElement | None = None,
    ) -> None:
        self.base_url = base_url
        self.skip = skip
        # Inside the container, what precedes the headline (breadcrumb, kicker, date
        # line) is header, not body.
        self.start_after = start_after
        self._started = start_after is None
        self._in_link = 0
        self.pieces: list[Piece] = []
        self.images: list[Image] = []
        self._image_sources: dict[str, int] = {}
        self._buffer: list[str] = []
        self._links = 0
        self._bold_only = True
        self._bold_seen = False

    # paragraphs ----------------------------------------------------------------------

    def _add_text(self, text: str | None) -> None:
        if text:
            self._buffer.append(text)
            stripped = text.strip()
            if stripped:
                self._bold_only = False
                if self._in_link:
                    self._links += len(stripped)

    def flush(self, element: lxml.html.HtmlElement | None = None) -> None:
        text = clean_text("".join(self._buffer))
        if text and self._started:
            bold_heading = (
                self._bold_only
                and self._bold_seen
                and len(text) <= MAX_BOLD_HEADING_CHARS
                and not text.endswith((".", "،", ":", "!", "?", "؟"))
            )
            kind: BlockType = "heading" if bold_heading else "paragraph"
            self.pieces.append(Piece(Block(kind, text=text), self._links, element))
        self._buffer = []
        self._links = 0
        self._bold_only = True
        self._bold_seen = False

    # elements ------------------------------------------------------------------------

    def read(self, element: lxml.html.HtmlElement) -> None:
        # An explicit stack of steps (open an element, close it, or add a tail text) so
        # that deep trees cannot exhaust Python's recursion.
        stack: list[tuple[int, lxml.html.HtmlElement | str]] = [(_OPEN, element)]
        while stack:
            step, item = stack.pop()
            if isinstance(item, str):
                self._add_text(item)
                continue
            if step == _CLOSE:
                self.flush(item)
                continue
            if step == _LEAVE_LINK:
                self._in_link -= 1
                continue
            if item is self.start_after:
                self.flush()
                self._started = True
                continue
            if item in self.skip or not isinstance(item.tag, str):
                continue
            tag = item.tag
            if tag == "br":
                self.flush()
                continue
            if tag in BLOCK_TAGS:
                self.flush()
                if self._read_special(item, tag):
                    continue
                stack.append((_CLOSE, item))
            elif self._read_inline(item, tag):
                continue
            elif tag == "a":
                self._in_link += 1
                stack.append((_LEAVE_LINK, item))
            self._add_text(item.text)
            for child in reversed(item):
                if child.tail:
                    stack.append((_TEXT, child.tail))
                stack.append((_OPEN, child))
        self.flush()

    def _read_inline(self, element: lxml.html.HtmlElement, tag: str) -> bool:
        """Inline element without images or blocks inside: its text joins the paragraph."""
        if tag == "img":
            self._image_unit(element, element)
            return True
        if tag in BLOCK_CONTAINERS_INLINE and self._is_image_unit(element):
            self._image_unit(element, next(element.iter("img")))
            return True
        if any(True for _ in element.iter("img", "br", *BLOCK_TAGS)):
            return False  # lines (<br>) or blocks inside: read it as a container
        text = element.text_content()
        stripped = text.strip()
        if tag == "a" or self._in_link:
            self._links += len(stripped)
        else:
            self._links += sum(len(a.text_content().strip()) for a in element.iter("a"))
        self._buffer.append(text)
        if stripped:
            if tag in BOLD_TAGS:
                self._bold_seen = True
            else:
                self._bold_only = False
        return True

    def read_children(self, element: lxml.html.HtmlElement) -> None:
        """Read what is inside `element` as if it were a container (for quotes)."""
        self._add_text(element.text)
        for child in element:
            self.read(child)
            self._add_text(child.tail)
        self.flush()

    def _read_special(self, element: lxml.html.HtmlElement, tag: str) -> bool:
        if not self._started:
            # Header material before the headline: skip it, unless the headline is inside.
            return not any(e is self.start_after for e in element.iterdescendants())
        if tag in HEADING_TAGS:
            text = clean_text(element.text_content())
            if text:
                links = sum(len(a.text_content()) for a in element.iter("a"))
                self.pieces.append(Piece(Block("heading", text=text), links, element))
            for img in element.iter("img"):
                self._image_unit(img, img)
            return True
        if tag in ("ul", "ol"):
            items = [clean_text(li.text_content()) for li in element.iter("li")]
            items = [item for item in items if item]
            if items:
                links = sum(len(a.text_content()) for a in element.iter("a"))
                self.pieces.append(Piece(Block("list", items=tuple(items)), links, element))
            for img in element.iter("img"):
                self._image_unit(img, img)
            return True
        if tag == "blockquote":
            text = clean_text(" ".join(_lines(element, self.base_url)))
            if text:
                links = sum(len(a.text_content()) for a in element.iter("a"))
                self.pieces.append(Piece(Block("quote", text=text), links, element))
            return True
        if tag == "figure" or (tag in ("div", "p", "table") and self._is_image_unit(element)):
            images = list(element.iter("img"))
            if images:
                self._image_unit(element, images[0])
                return True
            if tag == "figure":
                return True
        # A caption away from its image is still not body text.
        return tag == "figcaption" or bool(tag == "div" and kinds(element) & Kind.CAPTION)

    def _is_image_unit(self, element: lxml.html.HtmlElement) -> bool:
        images = 0
        for _ in element.iter("img"):
            images += 1
            if images > 1:
                return False
        if images != 1:
            return False
        return len(element.text_content().strip()) <= MAX_CAPTION_CHARS and (
            bool(kinds(element) & (Kind.CAPTION | Kind.IMAGE))
            or any(
                kinds(child) & Kind.CAPTION
                for child in element.iter()
                if isinstance(child.tag, str)
            )
            or element.find(".//figcaption") is not None
            or element.find(".//caption") is not None
        )

    def _image_unit(self, unit: lxml.html.HtmlElement, img: lxml.html.HtmlElement) -> None:
        self.flush()
        if not self._started:
            return
        caption = figure_caption(unit, img) if unit is not img else ""
        image = make_image(img, self.base_url, caption)
        if image is None:
            return
        if image.src in self._image_sources:
            index = self._image_sources[image.src]
            if caption and not self.images[index].caption:
                self.images[index] = Image(image.src, image.alt, caption, image.width, image.height)
            return
        self._image_sources[image.src] = len(self.images)
        self.pieces.append(Piece(Block("image", image=len(self.images)), 0, unit))
        self.images.append(image)


def _lines(element: lxml.html.HtmlElement, base_url: str) -> list[str]:
    reader = BlockReader(base_url, set())
    for child in [element]:
        reader.read_children(child)
    return [piece.block.text for piece in reader.pieces if piece.block.text]


def read_blocks(
    elements: list[lxml.html.HtmlElement],
    base_url: str,
    skip: set[lxml.html.HtmlElement],
    start_after: lxml.html.HtmlElement | None = None,
) -> tuple[list[Piece], list[Image]]:
    """The pieces (blocks with their evidence) and images of `elements`, in order; with
    `start_after` inside them, only what follows it."""
    inside = start_after is not None and any(
        start_after is element or any(a is element for a in start_after.iterancestors())
        for element in elements
    )
    reader = BlockReader(base_url, skip, start_after if inside else None)
    for element in elements:
        reader.read(element)
    return reader.pieces, reader.images


def find_highlights(
    root: lxml.html.HtmlElement, near: lxml.html.HtmlElement | None
) -> tuple[list[str], list[lxml.html.HtmlElement]]:
    """Highlight bullets declared by class name (a list or block of lines) near the title."""
    scope = _article_scope(near) if near is not None else root
    for element in scope.iter("ul", "ol", "div", "section", "td", "p", "dl"):
        if not kinds(element) & Kind.HIGHLIGHTS:
            continue
        items = [clean_text(li.text_content()) for li in element.iter("li")]
        if not items:
            items = [line for line in _lines(element, "") if line]
        items = [HIGHLIGHT_LINE.sub("", item) for item in items if item]
        if items and all(len(item) <= MAX_HIGHLIGHT_CHARS for item in items):
            return items, [element]
    return [], []


def _article_scope(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The nearest ancestor that looks like the whole article (or the body)."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("article", "main", "body"):
            return ancestor
    return element


def filter_pieces(
    pieces: list[Piece], *, title: str, published_text: str | None
) -> tuple[list[Piece], list[str], str | None]:
    """Drop boilerplate blocks. Returns the kept pieces, the ❊ highlights found, and the
    signature line that closed the body (a name under the text), if any."""
    kept: list[Piece] = []
    highlights: list[str] = []
    title_words = words(title) if title else []
    for piece in pieces:
        block = piece.block
        if block.type == "image":
            kept.append(piece)
            continue
        text = block.text if block.type != "list" else " ".join(block.items)
        if block.type == "list" and all(STRICT_HIGHLIGHT_LINE.match(item) for item in block.items):
            highlights.extend(STRICT_HIGHLIGHT_LINE.sub("", item) for item in block.items)
            continue
        if block.type == "paragraph" and STRICT_HIGHLIGHT_LINE.match(text):
            highlights.append(STRICT_HIGHLIGHT_LINE.sub("", text))
            continue
        at_top = sum(1 for p in kept if p.block.type != "image") < DATE_LINE_TOP_PIECES
        at_top = at_top and not text.endswith((":", "："))  # «الخميس 02 مارس 2017:» heads a list
        if _is_boilerplate(piece, text, title_words, published_text, at_top=at_top):
            continue
        kept.append(piece)
    while kept and kept[-1].block.type == "heading":
        kept.pop()
    kept = _cut_at_end_marker(kept)
    for piece in [p for p in kept if p.block.type != "image"][-TRAILING_NOTICE_PIECES:]:
        if is_site_notice(piece.block.text):
            kept.remove(piece)
    signature = None
    texts = [p for p in kept if p.block.type != "image"]
    if (
        (
            len(texts) >= 2
            and texts[-1].block.type == "paragraph"
            and texts[-2].block.type == "paragraph"
        )
        and SIGNATURE.match(texts[-1].block.text)
        and len(texts[-1].block.text.split()) <= 4
    ):
        signature = texts[-1].block.text
        kept.remove(texts[-1])
    return kept, highlights, signature


def _cut_at_end_marker(pieces: list[Piece]) -> list[Piece]:
    """The pieces before a "related articles"/"comments" heading in the body's second half."""
    total = sum(len(p.block.text) + sum(map(len, p.block.items)) for p in pieces)
    seen = 0
    for index, piece in enumerate(pieces):
        text = piece.block.text
        if (
            piece.block.type in ("heading", "paragraph")
            and seen >= END_MARKER_MIN_POSITION * total
            and is_end_marker(text)
        ):
            return pieces[:index]
        seen += len(text) + sum(map(len, piece.block.items))
    return pieces


def _is_boilerplate(
    piece: Piece, text: str, title_words: list[str], published_text: str | None, *, at_top: bool
) -> bool:
    length = len(text)
    if not length:
        return True
    if piece.link_chars / length > MAX_LINK_DENSITY and length < LINK_DENSE_MAX_CHARS:
        return True
    if is_boilerplate_line(text):
        return True
    if (
        title_words
        and length <= 2 * sum(len(w) + 1 for w in title_words)
        and words(text) == title_words
    ):
        return True
    if (
        published_text
        and published_text in text
        and length <= len(published_text) + DATE_LINE_SLACK
    ):
        return True
    if at_top and length <= MAX_DATE_LINE_CHARS and any(ch.isdigit() for ch in text):
        found = parse_date_text(text)
        if found is not None and length - len(found.text) <= DATE_ONLY_SLACK:
            return True
    return bool(length <= MAX_BYLINE_CHARS and BYLINE_LINE.match(text))
