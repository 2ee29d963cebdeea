"""Who wrote the article, and the byline/dateline texts the date finder reads.

Cascade for the author, first valid wins:
1. a site rule's author selector;
2. the visible byline near the headline: `itemprop=author`, `rel=author`, or an element
   whose class names an author/byline, then a short line introduced by «كتب/كتبت:»,
   «بقلم», «حوار:», «By», «Par»...;
3. the declared author (JSON-LD, `<meta name=author>`, `article:author`).
A name is cleaned of its introducer, of a trailing date or place, and refused when it is
a date, a reading time ("Minute Read", «دقائق»), a URL, the site's own name or a news
agency credit (agencies are sources, not authors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html

from nashra.extract.header import near_title
from nashra.extract.metadata import PageMeta
from nashra.extract.names import Kind, kinds
from nashra.extract.text import clean_text
from nashra.extract.title import words

# Words that introduce a name and are not part of the credit: removed from the author.
INTRODUCER = re.compile(
    r"^\s*(?:كتب(?:ت|ه|ها)?|بقلم|حوار|إعداد|اعداد|تقرير|ترجمة|تحرير|متابعة|"
    r"written\s+by|posted\s+by|reported\s+by|by|par|von|por)\b\s*[:：-]?\s*",
    re.I,
)
# A byline line: an introducer, or a correspondent's credit that is kept whole as the
# author («مراسلنا من تهاقرت: فاتح. ع», «De notre correspondant à Tizi Nouara, Samir M.»).
BYLINE_START = re.compile(
    rf"{INTRODUCER.pattern}|^\s*(?:مراسل(?:نا|ة|تنا)?|موفد(?:نا|ة)?|de\s+notre\s+(?:correspondant|envoyé)\w*)\b",
    re.I,
)
# A name is short: a few words, an initial, maybe two authors.
MAX_AUTHOR_CHARS = 80
MAX_AUTHOR_WORDS = 8
MIN_AUTHOR_CHARS = 2
# A visible byline element with more text than this is a bio box or an article.
MAX_BYLINE_ELEMENT_CHARS = 160
# A line of a dateline/byline element longer than this is prose, not a dateline.
MAX_DATE_TEXT_CHARS = 200
# How many dateline texts the date finder gets (the first ones are closest to the title).
MAX_DATE_TEXTS = 12
NOT_A_NAME = re.compile(
    r"https?:|www\.|@|minute|min read|read time|دقيقة|دقائق|قراءة|\d{3,}|"
    r"^admin$|^administrator$|^editor$|^staff$|^unknown$|^anonymous$|^guest$|"
    r"^المحرر$|^التحرير$|^هيئة التحرير$|^الإدارة$",
    re.I,
)
# News agencies and source credits: where the story comes from, not who wrote it.
AGENCIES = frozenset(
    " ".join(words(name))
    for name in (
        "وكالات", "وكالة", "أ ف ب", "أ.ف.ب", "ا ف ب", "رويترز", "واج", "وأج", "و.أ.ج", "بترا",
        "سبوتنيك", "الأناضول", "الاناضول", "قنا", "وام", "واس", "كونا", "أ ش أ", "د ب أ", "سانا",
        "AFP", "Reuters", "AP", "DPA", "Deutsche Welle", "DW", "BBC", "CNN", "APS", "MAP",
        "TAP", "QNA", "WAM", "SPA", "KUNA", "MENA", "Anadolu", "Sputnik", "Xinhua", "ANSA",
        "EFE", "Associated Press", "Agence France-Presse", "AFP Relaxnews",
    )
)  # fmt: skip
TAXONOMY_URL = re.compile(r"/(?:category|categories|tag|tags|section|rubrique|topics?|qism)/", re.I)
NAME_SEPARATORS = re.compile(r"\s[-–—|/]\s|،|,")
SOURCE_LINE = re.compile(r"^\s*(?:المصدر|مصدر|source|quelle|fuente)\s*[:：]", re.I)
_TRAILING_DATE = re.compile(
    r"\s*(?:[|•·،,–—-]\s*|\s)(?:\d|نشر|published|updated|le\s+\d|في\s+\d).*$", re.I
)


@dataclass
class Byline:
    author: str | None = None
    elements: list[lxml.html.HtmlElement] = field(default_factory=list)
    date_texts: list[str] = field(default_factory=list)


def clean_name(raw: str) -> str:
    """The name in a byline: introducer, trailing date and wrapping punctuation removed."""
    name = clean_text(raw)
    for _ in range(2):
        name = INTRODUCER.sub("", name, count=1)
    name = _TRAILING_DATE.sub("", name)
    return name.strip(" :：-–—|,،()[]\"'«»")


def valid_name(name: str, site_names: set[str]) -> bool:
    if not MIN_AUTHOR_CHARS <= len(name) <= MAX_AUTHOR_CHARS:
        return False
    segments = {" ".join(words(part)) for part in NAME_SEPARATORS.split(name)}
    if segments & site_names:
        return False  # "(أبوظبي - البيان)": a place and the paper, a source credit
    name_words = words(name)
    if not name_words or len(name_words) > MAX_AUTHOR_WORDS:
        return False
    if NOT_A_NAME.search(name) or SOURCE_LINE.match(name):
        return False
    key = " ".join(name_words)
    if key in AGENCIES or key in site_names:
        return False
    site_words = {word for site in site_names for word in site.split()}
    if set(name_words) <= site_words:
        return False  # "LBCI" of "LBCI Lebanon": the paper signing as itself
    return not (name_words[0] in AGENCIES and len(name_words) <= 2)


def find_byline(
    doc: lxml.html.HtmlElement,
    meta: PageMeta,
    title_element: lxml.html.HtmlElement | None,
    site_name: str,
    selector: str | None = None,
) -> Byline:
    site_names = {
        " ".join(words(name)) for name in (site_name, meta.site_name, meta.publisher) if name
    }
    scope = near_title(title_element, doc)
    byline = Byline(date_texts=_date_texts(scope))
    if selector:
        for element in doc.cssselect(selector):
            name = clean_name(element.text_content())
            if valid_name(name, site_names):
                byline.author = name
                byline.elements.append(element)
                return byline
    for element in scope.iter():
        if not isinstance(element.tag, str):
            continue
        is_author = (
            element.get("itemprop") == "author"
            or "author" in (element.get("rel") or "").split()
            or kinds(element) & Kind.AUTHOR
        )
        if not is_author or _in_comments(element) or _is_taxonomy_link(element):
            continue
        text = element.text_content()
        if len(text.strip()) > MAX_BYLINE_ELEMENT_CHARS:
            continue
        name_element = element.find(".//*[@itemprop='name']")
        name = clean_name(name_element.text_content() if name_element is not None else text)
        if valid_name(name, site_names):
            byline.author = name
            byline.elements.append(element)
            return byline
    for element in scope.iter("p", "div", "span", "strong", "b", "em", "address", "td", "font"):
        own = clean_text(element.text_content())
        if not own or len(own) > MAX_AUTHOR_CHARS:
            continue
        # The byline may follow the date on one line: «٢٨/١١/٢٠٢٦ | بقلم كريمة. ل».
        own = own[own.rfind("|") + 1 :].strip() if "|" in own else own
        if not BYLINE_START.match(own):
            continue
        if len(element) > 0 and any(child.tag in ("p", "div") for child in element):
            continue
        name = clean_name(own)
        if name and valid_name(name, site_names):
            byline.author = name
            byline.elements.append(element)
            return byline
    for declared in meta.authors:
        if declared.strip().startswith("("):
            continue  # a parenthesised credit is a source line, «(أبوظبي - البيان)»
        name = clean_name(declared)
        if valid_name(name, site_names):
            byline.author = name
            return byline
    return byline


def _scope(
    doc: lxml.html.HtmlElement, title_element: lxml.html.HtmlElement | None
) -> lxml.html.HtmlElement:
    """Where the byline may be: the article around the headline, else the page body."""
    if title_element is not None:
        for ancestor in title_element.iterancestors():
            if ancestor.tag in ("article", "main"):
                return ancestor
    body = doc.find("body")
    return body if body is not None else doc


def _is_taxonomy_link(element: lxml.html.HtmlElement) -> bool:
    """A category or tag link sitting in the author's slot (some themes put it there)."""
    for link in [element, *element.iter("a")]:
        href = link.get("href") or ""
        if TAXONOMY_URL.search(href) or kinds(link) & Kind.SECTION:
            return True
    return False


def _in_comments(element: lxml.html.HtmlElement) -> bool:
    return any(kinds(ancestor) & Kind.COMMENT for ancestor in element.iterancestors())


def _date_texts(scope: lxml.html.HtmlElement) -> list[str]:
    texts: list[str] = []
    for element in scope.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag != "time" and not kinds(element) & Kind.DATELINE:
            continue
        text = clean_text(element.text_content())
        if text and len(text) <= MAX_DATE_TEXT_CHARS and text not in texts:
            texts.append(text)
            if len(texts) >= MAX_DATE_TEXTS:
                break
    return texts
