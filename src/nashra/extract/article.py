"""`extract_article`: one page to one `Article` (the cascade is in the package docstring)."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

import lxml.html

from nashra.errors import ExtractionError
from nashra.extract.body import (
    LINKED_HEADING_SHARE,
    Piece,
    body_text,
    filter_pieces,
    find_container,
    find_highlights,
    prose_chars,
    read_blocks,
    teaser_headings,
)
from nashra.extract.byline import clean_name, find_byline, valid_name
from nashra.extract.clean import clean_tree
from nashra.extract.dates import FoundDate, find_published_date, parse_date_text
from nashra.extract.document import check_bytes, parse_html
from nashra.extract.header import find_lead_image, find_section, find_subtitle
from nashra.extract.metadata import PageMeta, read_meta
from nashra.extract.rescue import rescue_blocks
from nashra.extract.rules import SiteRules
from nashra.extract.text import clean_text
from nashra.extract.title import choose_title
from nashra.fetch.charset import decode_html_bytes
from nashra.models import Article, Block, Direction, Image

# Below this many characters of body text nashra's reader has missed the body (or there
# is none): trafilatura gets a chance before the page is refused.
RESCUE_BELOW_CHARS = 250
# The JSON-LD articleBody replaces what was read when it is this much longer: the page
# shows a teaser, or keeps its text in a script (the declaration is then the article).
DECLARED_BODY_GROWTH = 1.5
# nashra's body holding less than this share of the page's prose (paragraphs of some
# length with few links, after boilerplate removal) has probably missed part of the
# article: trafilatura reads the page too. Measured on trafilatura's 990-page set: 11% of
# pages, and the F1 gain of running it on every page for a tenth of the cost.
RESCUE_COVERAGE = 0.7
# trafilatura's body replaces nashra's only when this much longer: on pages where both
# read about the same text, nashra's blocks (captions, headings, highlights) are better.
RESCUE_GROWTH = 1.5
# Below this many characters even after the rescue, the page holds no article.
MIN_ARTICLE_CHARS = 80
# Share of letters in Arabic script above which the text is Arabic whatever the page
# declares (a template left at lang="en" is common).
ARABIC_SCRIPT_SHARE = 0.5
# Characters of body text sampled for the script check: enough to decide, cheap to count.
SCRIPT_SAMPLE_CHARS = 3000
RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "ps", "ckb", "ku", "yi", "dv", "sd", "ug"})
# A listing page: at least this many linked headings in what looked like the body, with
# their excerpts (paragraphs up to this long right after them) making most of its text.
LISTING_LINKED_HEADINGS = 4
LISTING_EXCERPT_CHARS = 300
LISTING_TEXT_SHARE = 0.6

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}")


def extract_article(
    html: str | bytes,
    url: str,
    *,
    timezone: str = "Africa/Algiers",
    now: datetime | None = None,
    rules: SiteRules | None = None,
    content_type: str | None = None,
) -> Article:
    """The article in a page; raises `ExtractionError` (codes in the package docstring)."""
    if isinstance(html, bytes):
        check_bytes(html, content_type)
        text, _encoding = decode_html_bytes(html, content_type)
    else:
        text = html
    doc = parse_html(text)
    # Holding every element's Python proxy for the whole extraction makes each later walk
    # over the tree reuse them instead of building new ones (lxml.html's element-class
    # lookup is the costliest part of a walk).
    proxies = list(doc.iter())
    meta = read_meta(doc, url)

    choice = choose_title(doc, meta, url, rules.title if rules else None)
    if not choice.title:
        raise ExtractionError("the page has no headline", code="extract.no_title")
    subtitle, subtitle_element = find_subtitle(
        doc, choice.element, choice.title, rules.subtitle if rules else None
    )
    highlights, highlight_elements = find_highlights(doc, choice.element)
    byline = find_byline(
        doc, meta, choice.element, choice.site_name, rules.author if rules else None
    )
    section = find_section(
        doc, meta, choice.element, choice.title, rules.section if rules else None
    )
    found_date = _date(doc, url, timezone, now, byline.date_texts, rules)
    lead_image = find_lead_image(doc, choice.element, url)

    skip = {*byline.elements, *highlight_elements}
    for element in (choice.element, subtitle_element):
        if element is not None:
            skip.add(element)
    body = doc.find("body")
    if body is None:
        raise ExtractionError("the page has no body", code="extract.no_article")
    if rules and rules.remove:
        for selector in rules.remove:
            for element in body.cssselect(selector):
                element.drop_tree()
    containers = _containers(body, rules)
    keep = [*containers, *([choice.element] if choice.element is not None else [])]
    clean_tree(body, keep=keep)
    if not containers:
        container, siblings = find_container(body)
        if container is not None:
            containers = _in_page_order(body, [container, *siblings])
    published_text = found_date.text if found_date else None
    pieces, images = read_blocks(containers, url, skip, start_after=choice.element)
    if lead_image is not None and not any(
        lead_image[0] is c or _inside(lead_image[0], c) for c in containers
    ):
        pieces, images = _prepend(lead_image[1], pieces, images)
    kept, body_highlights, signature = filter_pieces(
        pieces, title=choice.title, published_text=published_text
    )
    blocks, images = _renumber(kept, images)
    author = byline.author
    if signature and not byline.elements:
        name = clean_name(signature)
        if valid_name(name, set()):
            author = name
    if _is_listing(pieces):
        raise ExtractionError("the page is a list of articles, not one", code="extract.no_article")
    declared = _declared_body_blocks(meta)
    if len(body_text(declared)) > DECLARED_BODY_GROWTH * len(body_text(blocks)):
        blocks, images = declared, []
    mine = len(body_text(blocks))
    if (
        mine < RESCUE_BELOW_CHARS
        and not meta.declares_article
        and teaser_headings(body) >= LISTING_LINKED_HEADINGS
    ):
        raise ExtractionError("the page is a list of articles, not one", code="extract.no_article")
    read = mine + len(subtitle or "") + sum(map(len, highlights or body_highlights))
    ruled = bool(rules and rules.body)  # a paper's own selectors are not second-guessed
    if not ruled and (mine < RESCUE_BELOW_CHARS or read < RESCUE_COVERAGE * prose_chars(body)):
        rescued, rescued_images = rescue_blocks(text, url)
        if len(body_text(rescued)) > max(RESCUE_GROWTH * mine, mine + 1):
            blocks, images = rescued, rescued_images
    plain = body_text(blocks)
    if len(plain) < MIN_ARTICLE_CHARS:
        raise ExtractionError("the page holds no article text", code="extract.no_article")

    language = _language(meta, plain)
    del proxies
    return Article(
        url=url,
        title=choice.title,
        text=plain,
        canonical_url=_canonical(meta, url),
        subtitle=subtitle,
        highlights=tuple(highlights or body_highlights),
        blocks=tuple(blocks),
        author=author,
        section=clean_text(section) or None,
        published_at=found_date.value if found_date else None,
        published_text=published_text,
        date_confidence=found_date.confidence if found_date else 0.0,
        language=language,
        direction=_direction(meta, language, plain),
        images=tuple(images),
        source_name=choice.site_name or None,
    )


def _date(
    doc: lxml.html.HtmlElement,
    url: str,
    timezone: str,
    now: datetime | None,
    texts: list[str],
    rules: SiteRules | None,
) -> FoundDate | None:
    if rules and rules.date:
        for element in doc.cssselect(rules.date):
            found = parse_date_text(clean_text(element.text_content()), tz=timezone, now=now)
            if found is not None:
                return found
    return find_published_date(doc, url, tz=timezone, now=now, byline_texts=texts)


def _declared_body_blocks(meta: PageMeta) -> list[Block]:
    """The JSON-LD articleBody as paragraphs (it may carry HTML or plain lines)."""
    raw = meta.ld_body
    if len(raw) < RESCUE_BELOW_CHARS:
        return []
    if "<" in raw and ">" in raw:
        fragment = lxml.html.fragment_fromstring(raw, create_parent="div")
        pieces, _images = read_blocks([fragment], "", set())
        return [piece.block for piece in pieces if piece.block.type != "image"]
    lines = (clean_text(line) for line in raw.splitlines())
    return [Block("paragraph", text=line) for line in lines if line]


def _containers(
    body: lxml.html.HtmlElement, rules: SiteRules | None
) -> list[lxml.html.HtmlElement]:
    if not rules or not rules.body:
        return []
    return list(body.cssselect(rules.body))


def _inside(element: lxml.html.HtmlElement, container: lxml.html.HtmlElement) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def _in_page_order(
    body: lxml.html.HtmlElement, elements: list[lxml.html.HtmlElement]
) -> list[lxml.html.HtmlElement]:
    wanted = set(elements)
    return [element for element in body.iter() if element in wanted]


def _prepend(
    lead: Image, pieces: list[Piece], images: list[Image]
) -> tuple[list[Piece], list[Image]]:
    """The lead image before the body's pieces, image indices shifted to match."""
    if any(image.src == lead.src for image in images):
        return pieces, images
    shifted = [
        Piece(Block("image", image=p.block.image + 1), 0, p.element)
        if p.block.type == "image" and p.block.image is not None
        else p
        for p in pieces
    ]
    return [Piece(Block("image", image=0)), *shifted], [lead, *images]


def _renumber(pieces: list[Piece], images: list[Image]) -> tuple[list[Block], list[Image]]:
    """Blocks with image indices into the images that are still referenced, in order."""
    blocks: list[Block] = []
    kept: list[Image] = []
    for piece in pieces:
        block = piece.block
        if block.type == "image" and block.image is not None:
            blocks.append(Block("image", image=len(kept)))
            kept.append(images[block.image])
        else:
            blocks.append(block)
    return blocks, kept


def _is_listing(pieces: list[Piece]) -> bool:
    """Whether what was read is a list of teasers (a linked heading, then a short excerpt)
    more than it is one article: a section or home page."""
    teasers = teaser_chars = total = 0
    previous_linked = False
    for piece in pieces:
        block = piece.block
        length = len(block.text) + sum(map(len, block.items))
        total += length
        linked = block.type == "heading" and piece.link_chars >= LINKED_HEADING_SHARE * length
        if linked:
            teasers += 1
            teaser_chars += length
        elif previous_linked and block.type == "paragraph" and length <= LISTING_EXCERPT_CHARS:
            teaser_chars += length
        previous_linked = linked
    return teasers >= LISTING_LINKED_HEADINGS and teaser_chars >= LISTING_TEXT_SHARE * total


def _canonical(meta: PageMeta, url: str) -> str:
    for candidate in (meta.canonical, meta.og_url):
        if not candidate:
            continue
        parts = urlsplit(candidate)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            continue
        # A canonical URL pointing at the home page is a template default, not this page.
        if parts.path in ("", "/") and not parts.query:
            continue
        return candidate
    return url


def _language(meta: PageMeta, text: str) -> str | None:
    sample = text[:SCRIPT_SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    arabic = len(_ARABIC.findall(sample))
    declared = _LANGUAGE.match(meta.language.strip())
    code = declared.group(0).lower() if declared else None
    if letters and arabic / letters >= ARABIC_SCRIPT_SHARE:
        return code if code in RTL_LANGUAGES else "ar"
    if code in RTL_LANGUAGES:
        return None  # declared Arabic but written in another script: unknown
    return code


def _direction(meta: PageMeta, language: str | None, text: str) -> Direction:
    if language in RTL_LANGUAGES:
        return "rtl"
    if language is None and meta.direction == "rtl":
        return "rtl"
    return "ltr"
