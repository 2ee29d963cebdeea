"""The article's headline, as the page displays it, without the site name.

Cascade, first that holds wins:
1. a site rule's title selector;
2. the visible `<h1>` (else a heading with a title-like class) that agrees with what the
   page declares (JSON-LD headline, og:title, twitter:title, `<title>`): the displayed
   headline keeps its own punctuation and quotes, which the declared copies often drop;
3. the declared titles, JSON-LD headline first (it rarely carries a suffix), each with
   its site-name prefix or suffix removed (` | الشروق أونلاين`, ` - اليوم السابع`,
   `المدينة نيوز - `), the site name being known from og:site_name, the JSON-LD
   publisher, the host name, or from appearing on both the og:title and `<title>`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html

from nashra.extract.metadata import PageMeta
from nashra.extract.names import Kind, kinds
from nashra.extract.text import clean_text

# A heading shorter than this is a logo or a label, not a headline.
MIN_TITLE_CHARS = 4
# A headline longer than this is a paragraph wearing an <h1>.
MAX_TITLE_CHARS = 400
# Share of the heading's words that must appear in a declared title for them to agree:
# high enough to reject the site logo's <h1>, low enough to accept a headline the CMS
# shortened or re-punctuated in its meta tags.
AGREEMENT_MIN = 0.6
# A declared title must cover at least this share of the heading's words the other way
# round too, so that a one-word heading does not "agree" with a long title.
REVERSE_AGREEMENT_MIN = 0.25
# Title separators between the headline and the site (or section) name.
SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|«|·|•|/|~)\s+|\s*\|\s*")
# A trailing/leading segment of at most this many words that repeats on og:title and
# <title> is taken for the site name.
MAX_SITE_NAME_WORDS = 5

_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class TitleChoice:
    title: str
    element: lxml.html.HtmlElement | None  # the displayed headline, when found
    site_name: str


def words(text: str) -> list[str]:
    """Lower-cased words without punctuation, for comparing titles."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _PUNCTUATION.sub(" ", text).split()


def agreement(candidate: str, declared: str) -> float:
    """Share of the candidate's words found in the declared title (0 when either is empty)."""
    mine = words(candidate)
    theirs = set(words(declared))
    if not mine or not theirs:
        return 0.0
    forward = sum(1 for word in mine if word in theirs) / len(mine)
    backward = len(theirs & set(mine)) / len(theirs)
    return forward if backward >= REVERSE_AGREEMENT_MIN else 0.0


def choose_title(
    doc: lxml.html.HtmlElement, meta: PageMeta, url: str, selector: str | None = None
) -> TitleChoice:
    site_name = _site_name(meta, url)
    if selector:
        for element in doc.cssselect(selector):
            text = clean_text(element.text_content())
            if text:
                return TitleChoice(text, element, site_name)
    declared = [t for t in (meta.ld_headline, meta.og_title, meta.meta_title, meta.html_title) if t]
    heading = _agreeing_heading(doc, declared)
    if heading is not None:
        text = clean_text(heading.text_content())
        return TitleChoice(text, heading, site_name or _remainder(meta, text))
    heading = _lone_heading(doc)
    if heading is not None and declared:
        # A declared title made only of the headline's words (the bare site name, a cut
        # headline) is worse than the page's one <h1>.
        text = clean_text(heading.text_content())
        if all(set(words(title)) <= set(words(text)) for title in declared):
            return TitleChoice(text, heading, site_name)
    for candidate in declared:
        stripped = strip_site_name(candidate, site_name, url)
        if len(stripped) >= MIN_TITLE_CHARS:
            return TitleChoice(stripped, None, site_name)
    if heading is not None:
        return TitleChoice(clean_text(heading.text_content()), heading, site_name)
    return TitleChoice("", None, site_name)


def _agreeing_heading(
    doc: lxml.html.HtmlElement, declared: list[str]
) -> lxml.html.HtmlElement | None:
    found = _best_agreeing(list(doc.iter("h1")), declared)
    if found is not None:
        return found
    # No <h1> is the headline (Joomla prints it as <h2 itemprop="headline">).
    others = [
        element
        for element in doc.iter("h2", "h3", "div", "span", "p")
        if element.get("itemprop") == "headline"
        or element.tag in ("h2", "h3")
        or kinds(element) & Kind.TITLE
    ]
    return _best_agreeing(others, declared)


def _best_agreeing(
    candidates: list[lxml.html.HtmlElement], declared: list[str]
) -> lxml.html.HtmlElement | None:
    best: tuple[float, int] | None = None
    best_element = None
    for order, element in enumerate(candidates):
        text = clean_text(element.text_content())
        if not MIN_TITLE_CHARS <= len(text) <= MAX_TITLE_CHARS:
            continue
        score = max((agreement(text, title) for title in declared), default=0.0)
        if score < AGREEMENT_MIN:
            continue
        key = (score, -order)
        if best is None or key > best:
            best, best_element = key, element
    return best_element


def _lone_heading(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    headings = [
        element
        for element in doc.iter("h1")
        if MIN_TITLE_CHARS <= len(clean_text(element.text_content())) <= MAX_TITLE_CHARS
    ]
    return headings[0] if len(headings) == 1 else None


def _site_name(meta: PageMeta, url: str) -> str:
    if meta.site_name:
        return meta.site_name
    if meta.publisher:
        return meta.publisher
    common = _common_edge_segment(meta.og_title, meta.html_title)
    if common:
        return common
    return ""


def _common_edge_segment(first: str, second: str) -> str:
    """A segment both titles end (or start) with, when they differ: the site's name."""
    if not first or not second or first == second:
        return ""
    one, two = SEPARATORS.split(first), SEPARATORS.split(second)
    if len(one) > 1 and len(two) > 1 and one[-1] == two[-1]:
        return one[-1]
    if len(one) > 1 and len(two) > 1 and one[0] == two[0]:
        return one[0]
    return ""


def _remainder(meta: PageMeta, headline: str) -> str:
    """The site name as what <title> adds to the headline («headline - المدينة نيوز»)."""
    for declared in (meta.html_title, meta.og_title):
        parts = [part for part in SEPARATORS.split(declared) if part]
        if len(parts) < 2:
            continue
        for edge in (parts[-1], parts[0]):
            if words(edge) != words(headline) and len(words(edge)) <= MAX_SITE_NAME_WORDS:
                rest = declared.replace(edge, "")
                if agreement(headline, rest) >= AGREEMENT_MIN:
                    return edge.strip()
    return ""


def strip_site_name(title: str, site_name: str, url: str) -> str:
    """The title without the site-name segment at its start or end (and the section
    segments standing between them, as in «headline - section - site»)."""
    parts = [part for part in SEPARATORS.split(title) if part]
    if len(parts) < 2:
        return title
    host_words = _host_words(url)
    site_words = set(words(site_name)) | host_words

    def is_site(segment: str) -> bool:
        segment_words = words(segment)
        if not segment_words or len(segment_words) > MAX_SITE_NAME_WORDS:
            return False
        if site_name and words(site_name) == segment_words:
            return True
        joined = "".join(segment_words)
        if any(joined == word or (len(word) >= 4 and word in joined) for word in host_words):
            return True
        return bool(site_words) and all(word in site_words for word in segment_words)

    if is_site(parts[-1]):
        # Drop the site and the short section segments between it and the headline.
        kept = parts[:-1]
        while len(kept) > 1 and len(words(kept[-1])) <= 3 and len(words(kept[0])) > 3:
            kept = kept[:-1]
        return _rejoin(title, kept)
    if is_site(parts[0]):
        return _rejoin(title, parts[1:])
    return title


def _rejoin(title: str, kept: list[str]) -> str:
    """The original text from the first to the last kept segment (separators intact)."""
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    if start < 0 or end <= start:
        return " ".join(kept)
    return title[start:end].strip()


def _host_words(url: str) -> set[str]:
    host = (urlsplit(url).hostname or "").lower()
    labels = [label for label in host.split(".") if label not in {"www", "m", "ar", "fr", "en"}]
    # The registrable name is the label before the public suffix (approximately: the
    # longest label, which skips "com", "co", "dz" and the like).
    names = {label for label in labels[:-1] if len(label) > 2}
    return {name.replace("-", "") for name in names}
