"""Article links on a section or home page, for papers that publish no feed at all.

No per-site code: a link counts by the shape of its URL and where it sits on the page.

1. Page chrome is skipped: links inside `nav`, `aside`, `form`, a page-level `header` or
   `footer` (one inside an `article` or `main` is an article card's own), an element with
   a landmark role (navigation, banner, contentinfo, complementary, search, menu), or an
   element whose class or id names a box that is not the article list (menu, nav, footer,
   sidebar, widget, most-read, popular, social, share, tags, pagination, breadcrumb,
   cookie, newsletter, ads ...). A class-matched element holding at least
   `WRAPPER_LINK_SHARE` of the page's links is a layout wrapper (`with-sidebar` on the
   whole page), not a box, and does not count. Links with `rel` tag, author, category,
   prev, next, or the anchor's own class matching, are skipped too.
2. The URL must be http(s) on the page's registrable domain (`www.` and other subdomains
   included), not the page itself, not the site root, not a static asset or a feed, and
   have no path segment or query parameter of a listing: tag, category, section, author,
   page, search, login, archive ... (in English, French and Arabic).
3. Its shape is scored: a numeric id of `MIN_ID_DIGITS`+ digits (`/news/12345`,
   `/article/1234-slug`, `54321.html`) +2; a date in the path (`/2026/11/20/`) +2; a slug
   of `MIN_SLUG_WORDS`+ words +2; an article id in the query (`?p=123`, Joomla
   `view=article&id=77`) +3; path depth >= 2 +1; a page file (`.html`, `.php`, `.aspx`) +1;
   a last segment that is one bare word (`/ar/national`, a section) -2.
4. The anchor text is scored: a headline of `HEADLINE_MIN_WORDS`+ words +2 (the best
   text among the URL's anchors: an image link and a headline link to one article count
   as one).
5. A URL whose shape score is positive and whose total reaches `MIN_SCORE` is an article.

Output: canonical URLs, de-duplicated, in the order they first appear on the page
(`find_article_links`); `find_article_targets` pairs each with the URL to fetch (the
first href to it, as published, absolute), since a canonical form can 404.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from nashra.discover.pages import document_base, parse_html
from nashra.discover.plaintext import element_text
from nashra.discover.urls import registrable_domain, try_canonicalize_url, try_resolve_url

MIN_SCORE = 3  # one strong shape signal plus depth, or a weak shape with a headline
HEADLINE_MIN_WORDS = 4  # Arabic headlines run 5-15 words; section names 1-3
MIN_ID_DIGITS = 4  # article ids are 4+ digits; 1-3 digit numbers are pages and years' parts
MIN_SLUG_WORDS = 3  # "some-long-title" is a slug, "local-news" is a section
WRAPPER_LINK_SHARE = 0.5  # a "sidebar" element with half the page's links is the layout
BARE_WORD_MAX_CHARS = 24  # a single-word last segment longer than this is a slug, not a section

SHAPE_ID = 2
SHAPE_DATE = 2
SHAPE_SLUG = 2
SHAPE_QUERY_ID = 3
SHAPE_DEPTH = 1
SHAPE_PAGE_FILE = 1
SHAPE_BARE_WORD = -2
TEXT_HEADLINE = 2

CHROME_TAGS = frozenset({"nav", "aside", "form", "menu"})
PAGE_LEVEL_TAGS = frozenset({"header", "footer"})
CONTENT_TAGS = frozenset({"article", "main"})
CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
)
CHROME_TOKENS = frozenset(
    {
        "menu",
        "nav",
        "navbar",
        "navigation",
        "footer",
        "sidebar",
        "widget",
        "widgets",
        "mostread",
        "mostviewed",
        "popular",
        "trending",
        "social",
        "share",
        "sharing",
        "tags",
        "tag",
        "tagcloud",
        "pagination",
        "pager",
        "breadcrumb",
        "breadcrumbs",
        "cookie",
        "cookies",
        "newsletter",
        "ad",
        "ads",
        "advert",
        "advertisement",
        "login",
        "comments",
    }
)
CHROME_PAIRS = frozenset({("most", "read"), ("most", "viewed"), ("most", "popular")})
SKIPPED_RELS = frozenset({"tag", "author", "category", "prev", "next"})

LISTING_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "category",
        "categories",
        "cat",
        "section",
        "sections",
        "rubrique",
        "author",
        "authors",
        "auteur",
        "writer",
        "writers",
        "page",
        "search",
        "recherche",
        "login",
        "logout",
        "register",
        "signup",
        "account",
        "profile",
        "user",
        "wp-login.php",
        "wp-admin",
        "archive",
        "archives",
        "topics",
        "print",
        "feed",
        "rss",
        "contact",
        "about",
        "privacy",
        "terms",
        "وسم",
        "الوسوم",
        "قسم",
        "تصنيف",
        "كاتب",
        "الكاتب",
        "بحث",
    }
)
LISTING_PARAMS = frozenset({"page", "s", "q", "query", "search", "tag", "cat", "category"})
LISTING_VIEWS = frozenset({"category", "section", "featured", "frontpage", "search", "tag"})
ARTICLE_ID_PARAMS = frozenset(
    {"id", "p", "article", "articleid", "article_id", "newsid", "news_id", "nid", "story_id", "sid"}
)
ASSET_SUFFIXES = (
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".svg",
    ".ico",
    ".css",
    ".js",
    ".pdf",
    ".zip",
    ".mp3",
    ".mp4",
    ".webm",
    ".woff",
    ".woff2",
    ".xml",
    ".rss",
    ".json",
)
PAGE_FILE_SUFFIXES = (".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".cms")

_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_ID = re.compile(rf"(?:^|\D)\d{{{MIN_ID_DIGITS},}}(?:\D|$)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTH = re.compile(r"^(?:0?[1-9]|1[0-2])$")
_ISO_DATE = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
_SLUG_SEPARATORS = re.compile(r"[-_+\s]+")


@dataclass
class _Candidate:
    url: str
    link: str  # the first href as published, absolute: what to fetch
    shape: int
    text: int


def _class_tokens(element: etree._Element) -> list[str]:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return [token for token in _TOKEN_SPLIT.split(names) if token]


def _class_is_chrome(element: etree._Element) -> bool:
    tokens = _class_tokens(element)
    if CHROME_TOKENS.intersection(tokens):
        return True
    return any(pair in CHROME_PAIRS for pair in itertools.pairwise(tokens))


class _Chrome:
    """Decides, once per element, whether it is page chrome (step 1 of the docstring)."""

    def __init__(self, root: etree._Element) -> None:
        self._page_links = max(1, sum(1 for _ in root.iter("a")))
        self._memo: dict[etree._Element, bool] = {}

    def _is_chrome(self, element: etree._Element) -> bool:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("html", "body"):
            return False
        if tag in CHROME_TAGS:
            return True
        if tag in PAGE_LEVEL_TAGS and not any(
            ancestor.tag in CONTENT_TAGS for ancestor in element.iterancestors()
        ):
            return True
        if (element.get("role") or "").lower() in CHROME_ROLES:
            return True
        if _class_is_chrome(element):
            links = sum(1 for _ in element.iter("a"))
            return links < WRAPPER_LINK_SHARE * self._page_links
        return False

    def contains(self, anchor: etree._Element) -> bool:
        if _class_is_chrome(anchor):
            return True
        for element in anchor.iterancestors():
            if element not in self._memo:
                self._memo[element] = self._is_chrome(element)
            if self._memo[element]:
                return True
        return False


def _is_listing(segments: list[str], query: list[tuple[str, str]]) -> bool:
    # A listing may be a script named for what it lists: /cat.php?id=2, /tag.asp?t=x.
    stems = {_page_stem(segment.lower()) for segment in segments}
    if LISTING_SEGMENTS.intersection(stems):
        return True
    for key, value in query:
        key = key.lower()
        if key in LISTING_PARAMS or (key == "view" and value.lower() in LISTING_VIEWS):
            return True
    return False


def _page_stem(segment: str) -> str:
    return segment.rsplit(".", 1)[0] if segment.endswith(PAGE_FILE_SUFFIXES) else segment


def _has_date(segments: list[str]) -> bool:
    if any(_ISO_DATE.search(segment) for segment in segments):
        return True
    return any(
        _YEAR.match(year) and _MONTH.match(month) for year, month in itertools.pairwise(segments)
    )


def _shape_score(url: str) -> int | None:
    """The URL-shape score (step 3), or None when the URL is excluded (step 2)."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    segments = [segment for segment in path.split("/") if segment]
    query = parse_qsl(parts.query, keep_blank_values=True)
    lowered = path.lower()
    if not segments and not query:
        return None
    if lowered.endswith(ASSET_SUFFIXES) or _is_listing(segments, query):
        return None
    score = 0
    last = segments[-1] if segments else ""
    stem = last.rsplit(".", 1)[0] if lowered.endswith(PAGE_FILE_SUFFIXES) else last
    if any(_ID.search(segment) for segment in segments):
        score += SHAPE_ID
    if _has_date(segments):
        score += SHAPE_DATE
    if len([w for w in _SLUG_SEPARATORS.split(stem) if w]) >= MIN_SLUG_WORDS:
        score += SHAPE_SLUG
    if any(key.lower() in ARTICLE_ID_PARAMS and value.isdigit() for key, value in query):
        score += SHAPE_QUERY_ID
    if len(segments) >= 2:
        score += SHAPE_DEPTH
    if lowered.endswith(PAGE_FILE_SUFFIXES):
        score += SHAPE_PAGE_FILE
    if (
        stem
        and stem.isalpha()
        and len(stem) <= BARE_WORD_MAX_CHARS
        and not query
        and not lowered.endswith(PAGE_FILE_SUFFIXES)
    ):
        score += SHAPE_BARE_WORD
    return score


def _anchor_text(anchor: etree._Element) -> str:
    text = " ".join(element_text(anchor).split())
    if not text:
        text = anchor.get("title") or ""
        for image in anchor.iter("img"):
            text = text or image.get("alt") or ""
    return text


def _text_score(text: str) -> int:
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    return TEXT_HEADLINE if len(words) >= HEADLINE_MIN_WORDS else 0


def find_article_targets(html: str, base_url: str) -> list[tuple[str, str]]:
    """(canonical URL, URL to fetch) of the articles a section or home page lists.

    The canonical URL is the identity; the second is the first href to it as the page
    wrote it, made absolute (`urls.try_resolve_url`), which is what a server answers.
    """
    root = parse_html(html)
    if root is None:
        return []
    base = document_base(root, base_url)
    page = try_canonicalize_url(base_url)
    site = urlsplit(page or base).hostname
    if site is None:
        return []
    domain = registrable_domain(site)
    chrome = _Chrome(root)
    candidates: dict[str, _Candidate] = {}
    for anchor in root.iter("a"):
        href = anchor.get("href")
        url = try_canonicalize_url(href, base) if href else None
        link = try_resolve_url(href, base) if href else None
        if url is None or link is None or url == page:
            continue
        if SKIPPED_RELS.intersection((anchor.get("rel") or "").lower().split()):
            continue
        host = urlsplit(url).hostname
        if host is None or registrable_domain(host) != domain or chrome.contains(anchor):
            continue
        candidate = candidates.get(url)
        if candidate is None:
            shape = _shape_score(url)
            if shape is None:
                continue
            candidate = candidates[url] = _Candidate(url, link, shape, 0)
        candidate.text = max(candidate.text, _text_score(_anchor_text(anchor)))
    return [
        (c.url, c.link)
        for c in candidates.values()
        if c.shape > 0 and c.shape + c.text >= MIN_SCORE
    ]


def find_article_links(html: str, base_url: str) -> list[str]:
    """Canonical URLs of the articles a section or home page lists, in page order."""
    return [url for url, _ in find_article_targets(html, base_url)]
