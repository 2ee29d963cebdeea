"""The article's header around its headline: kicker/subtitle, section and lead image.

Subtitle (kicker above the headline or standfirst below it), first that holds:
1. a site rule's subtitle selector;
2. an element near the headline whose class names a subtitle (`subtitle`, `kicker`,
   `surtitre`, `sous-titre`, `standfirst`, `strapline`, `deck`, `chapo`...);
3. a heading (`<h2>`-`<h4>`) right before or after the headline, in its header.
Section: the declared section (JSON-LD articleSection, article:section, JSON-LD
breadcrumb), else the page's breadcrumb (its last link that is neither home nor the
article), else a WordPress `rel="category tag"` link, else a section-named link near the
headline. Lead image: the first article image (a `<figure>` or a sizeable `<img>`) after
the headline and before the body, since many layouts keep it outside the body container.
"""

from __future__ import annotations

import lxml.html

from nashra.extract.images import MAX_UNNAMED_CAPTION_CHARS, figure_caption, make_image
from nashra.extract.metadata import PageMeta
from nashra.extract.names import Kind, kinds
from nashra.extract.text import clean_text
from nashra.extract.title import words
from nashra.models import Image

# A subtitle is a line or two; shorter is a label, longer is the lead paragraph.
MIN_SUBTITLE_CHARS = 8
MAX_SUBTITLE_CHARS = 400
# How many elements after the headline (in page order) may hold the lead image.
LEAD_IMAGE_LOOKAHEAD = 250
# How far up from an <img> its caption may be held (img in a cell of a table with a
# <caption>, or in a link in a div with a caption).
IMAGE_UNIT_LEVELS = 3
HOME_WORDS = frozenset(
    {
        "الرئيسية",
        "الصفحة الرئيسية",
        "home",
        "accueil",
        "startseite",
        "inicio",
        "homepage",
        "الرئيسيه",
    }
)
# A kicker sits just above the headline, a standfirst below it, maybe after the byline,
# the date and the share bar: how many elements away each may be, in page order.
SUBTITLE_BEFORE = 40
SUBTITLE_AFTER = 120
# The header block around a headline without an <article>: ancestors are climbed while
# they hold at most this much text.
NEAR_TITLE_MAX_CHARS = 3000
# A section name is a few words.
MAX_SECTION_CHARS = 50


def near_title(
    title: lxml.html.HtmlElement | None, doc: lxml.html.HtmlElement
) -> lxml.html.HtmlElement:
    """Where the article's header lines live: the `<article>`/`<main>` around the
    headline, else the largest ancestor of the headline that is still small, else the
    page body."""
    body = doc.find("body")
    fallback = body if body is not None else doc
    if title is None:
        return fallback
    for ancestor in title.iterancestors():
        if ancestor.tag in ("article", "main"):
            return ancestor
    scope = title.getparent()
    for level, ancestor in enumerate(title.iterancestors()):
        if ancestor.tag in ("body", "html"):
            break
        if level >= 1 and len(ancestor.text_content()) > NEAR_TITLE_MAX_CHARS:
            break
        scope = ancestor
    return scope if scope is not None else fallback


def around(
    doc: lxml.html.HtmlElement,
    title: lxml.html.HtmlElement | None,
    before: int,
    after: int,
) -> list[lxml.html.HtmlElement]:
    """The elements within `before`/`after` elements of the headline, in page order
    (the whole page when there is no headline)."""
    elements = [element for element in doc.iter() if isinstance(element.tag, str)]
    if title is None:
        return elements
    for index, element in enumerate(elements):
        if element is title:
            return elements[max(0, index - before) : index + after + 1]
    return elements


def in_boilerplate(element: lxml.html.HtmlElement) -> bool:
    """Whether the element or an ancestor is named like a menu, share bar, cookie box..."""
    if kinds(element) & Kind.STRONG_BOILERPLATE:
        return True
    for ancestor in element.iterancestors():
        if ancestor.tag in ("article", "main", "body"):
            return False
        if kinds(ancestor) & Kind.STRONG_BOILERPLATE or ancestor.tag in ("nav", "footer"):
            return True
    return False


def find_subtitle(
    doc: lxml.html.HtmlElement,
    title_element: lxml.html.HtmlElement | None,
    title: str,
    selector: str | None = None,
) -> tuple[str | None, lxml.html.HtmlElement | None]:
    title_words = words(title)
    if selector:
        for element in doc.cssselect(selector):
            text = clean_text(element.text_content())
            if text:
                return text, element
        return None, None
    for element in around(doc, title_element, SUBTITLE_BEFORE, SUBTITLE_AFTER):
        if element is title_element:
            continue
        if not kinds(element) & Kind.SUBTITLE or in_boilerplate(element):
            continue
        if title_element is not None and any(a is element for a in title_element.iterancestors()):
            continue
        text = clean_text(element.text_content())
        if MIN_SUBTITLE_CHARS <= len(text) <= MAX_SUBTITLE_CHARS and words(text) != title_words:
            return text, element
    if title_element is None:
        return None, None
    for sibling in (title_element.getprevious(), title_element.getnext()):
        if sibling is None or sibling.tag not in ("h2", "h3", "h4"):
            continue
        text = clean_text(sibling.text_content())
        links = sum(len(a.text_content()) for a in sibling.iter("a"))
        if MIN_SUBTITLE_CHARS <= len(text) <= MAX_SUBTITLE_CHARS and links < len(text) / 2:
            return text, sibling
    return None, None


def find_section(
    doc: lxml.html.HtmlElement,
    meta: PageMeta,
    title_element: lxml.html.HtmlElement | None,
    title: str,
    selector: str | None = None,
) -> str | None:
    if selector:
        for element in doc.cssselect(selector):
            text = clean_text(element.text_content())
            if text:
                return text
    if meta.section:
        return meta.section
    title_words = words(title)
    body = doc.find("body")
    if body is None:
        return None
    for element in body.iterfind(".//*[@itemprop='articleSection']"):
        text = clean_text(element.text_content())
        if text and len(text) <= MAX_SECTION_CHARS:
            return text
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        is_breadcrumb = (
            kinds(element) & Kind.BREADCRUMB
            or (element.get("itemtype") or "").endswith("BreadcrumbList")
            or (element.get("aria-label") or "").lower()
            in (
                "breadcrumb",
                "breadcrumbs",
            )
        )
        if not is_breadcrumb or element.tag in ("body", "html", "main", "article"):
            continue
        crumbs = [clean_text(a.text_content()) for a in element.iter("a")]
        crumbs = [
            crumb
            for crumb in crumbs
            if crumb
            and crumb.casefold() not in HOME_WORDS
            and words(crumb) != title_words
            and len(crumb) <= MAX_SECTION_CHARS
        ]
        if crumbs:
            return crumbs[-1]
    for anchor in body.iter("a"):
        rel = (anchor.get("rel") or "").split()
        if "category" in rel:
            text = clean_text(anchor.text_content())
            if text and len(text) <= MAX_SECTION_CHARS:
                return text
    scope = near_title(title_element, doc)
    for element in scope.iter("a", "span", "div", "li", "dd", "p", "td"):
        if not kinds(element) & Kind.SECTION or in_boilerplate(element):
            continue
        link = element if element.tag == "a" else element.find(".//a")
        if link is None:
            continue
        text = clean_text(link.text_content())
        if text and len(text) <= MAX_SECTION_CHARS and text.casefold() not in HOME_WORDS:
            return text
    return None


def find_lead_image(
    doc: lxml.html.HtmlElement, title_element: lxml.html.HtmlElement | None, base_url: str
) -> tuple[lxml.html.HtmlElement, Image] | None:
    """The first article image after the headline with its caption, and the element
    holding both, if one comes before the body starts."""
    if title_element is None:
        return None
    seen_title = False
    steps = 0
    for element in doc.iter():
        if element is title_element:
            seen_title = True
            continue
        if not seen_title or not isinstance(element.tag, str):
            continue
        steps += 1
        if steps > LEAD_IMAGE_LOOKAHEAD:
            return None
        if element.tag == "p" and len(element.text_content().strip()) > MAX_SUBTITLE_CHARS:
            return None  # the body has started without an image before it
        if element.tag != "img" or make_image(element, base_url) is None:
            continue
        unit = image_unit(element)
        image = make_image(
            element, base_url, figure_caption(unit, element) if unit is not element else ""
        )
        return (unit, image) if image is not None else None
    return None


def image_unit(img: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding an image and its caption: its `<figure>`, else the closest
    ancestor (two levels at most) that holds this one image and little text."""
    unit = img
    for level, ancestor in enumerate(img.iterancestors()):
        if level >= IMAGE_UNIT_LEVELS or ancestor.tag in ("body", "article", "main"):
            break
        if ancestor.tag == "figure" or (
            ancestor.tag == "table" and ancestor.find("caption") is not None
        ):
            return ancestor
        if sum(1 for _ in ancestor.iter("img")) > 1:
            break
        if len(ancestor.text_content().strip()) > MAX_UNNAMED_CAPTION_CHARS:
            break
        unit = ancestor
    return unit
