"""The vocabulary of class and id names: what a theme's names say an element is.

Every heuristic that reads `class`/`id` attributes asks `kinds(element)` here, which
classifies the element's names once against every vocabulary below and remembers the
answer per class token (themes repeat the same few hundred names on every page), so that
walking a page costs one dictionary lookup per element instead of a dozen regexes.

Long words match anywhere in a name (themes write `relatedPosts`, `AdDCommenTNeW`,
`breadcumb`); short words only as whole words, delimited by spaces, '-' or '_' ("ad"
must not match "header" or "shadow").
"""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.html

# Distinct name strings remembered; a few pages of a few hundred themes.
CACHE_SIZE = 16384


class Kind:
    """Bit flags (plain ints: enum.Flag arithmetic costs more than the lookup it saves)."""

    NONE = 0
    BOILERPLATE = 1 << 0  # share bars, related links, comments, menus, ads...
    STRONG_BOILERPLATE = 1 << 1  # boilerplate even when also named "content"
    CONTENT = 1 << 2  # "article", "content", "body"...: keeps a weakly named element
    DECLARED_BODY = 1 << 3  # the element says it is the article body
    POSITIVE = 1 << 4  # readability's positive names (score up)
    NEGATIVE = 1 << 5  # readability's negative names (score down)
    HIGHLIGHTS = 1 << 6
    AUTHOR = 1 << 7
    COMMENT = 1 << 8
    DATELINE = 1 << 9  # date, time, byline, meta lines
    SUBTITLE = 1 << 10
    BREADCRUMB = 1 << 11
    SECTION = 1 << 12
    CAPTION = 1 << 13
    TITLE = 1 << 14
    IMAGE = 1 << 15  # a box holding an image (and its caption)


def _whole(words: str) -> str:
    return rf"(?:^|[\s_-])(?:{words})(?:$|[\s_-])"


_STRONG_PARTS = (
    r"comment(?!ary)|disqus|forum|share|sharing|social|sociable|addthis|shariff|related|"
    r"recommend|newsletter|subscri|cookie|consent|gdpr|breadcrumb|breadcumb|outbrain|"
    r"taboola|mgid|most-?read|mostread|most-?viewed|popular|trending|footer|advert|"
    r"sponsor|promo(?!ted)|banner|read-?more|readmore|read-?also|also-?read|see-?also|more-?news|"
    r"morenews|taglist|tag-?cloud|author-?box|about-?author|screen-reader|sr-only|"
    r"visually-?hidden|prev-?next|next-?prev|post-?navigation|"
    r"(?:^|[\s_-])(?:tags|meta|metadata|post-?meta|entry-?meta|article-?meta|byline)(?:$|[\s_-])"
)
_WEAK_PARTS = (
    r"sidebar|widget|ticker|marquee|navbar|navigation|pagination|masthead|modal|popup|"
    r"overlay|rating|survey|toolbar|topbar|login|signup"
)
# CSS classes saying "hidden" are left alone: responsive themes hide the article on one
# screen size (`hidden-xs`, `rt-hidden`) and show it on another.
_WEAK_WORDS = r"ads?|adv|nav|menu|tag|print|poll|bio|pager|keywords|skip|prev|previous|next"

VOCABULARY: tuple[tuple[int, re.Pattern[str]], ...] = (
    (Kind.BOILERPLATE, re.compile(rf"{_STRONG_PARTS}|{_WEAK_PARTS}|{_whole(_WEAK_WORDS)}", re.I)),
    (Kind.STRONG_BOILERPLATE, re.compile(_STRONG_PARTS, re.I)),
    (Kind.CONTENT, re.compile(r"article|body|content|main|story|entry|post|text", re.I)),
    (
        Kind.DECLARED_BODY,
        re.compile(
            _whole(
                r"article-?body|articlebody|article-?content|article-?text|articletext|"
                r"entry-?content|post-?content|post-?body|post-?text|story-?body|"
                r"story-?content|storycontent|news-?body|news-?content|news-?text|"
                r"newscontent|content-?article|td-post-content|field-name-body|"
                r"article__body|article__content|article-details?|details-?body|"
                r"detail-?text|text-?article|full-?text|main-?text|single-?content|"
                r"the-?content|entry-?body|body-?text|bodytext|itemfulltext|item-?body|"
                r"item-?fulltext|texte|contenu|article-?texte|cuerpo|artikel-?text"
            ),
            re.I,
        ),
    ),
    (
        Kind.POSITIVE,
        re.compile(
            r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|"
            r"detail|matn|single|field-item|td-post",
            re.I,
        ),
    ),
    (
        Kind.NEGATIVE,
        re.compile(
            r"hidden|banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|"
            r"media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|"
            r"sponsor|shopping|tags|tool|widget|most|popular|teaser-list|list|nav|menu",
            re.I,
        ),
    ),
    (
        Kind.HIGHLIGHTS,
        re.compile(
            r"highlight|key-?points|takeaway|bullets|summary-?list|article-?summary|nuqat|"
            r"abrz|points|essentiel|moujaz|mujaz|mojaz",
            re.I,
        ),
    ),
    (
        Kind.AUTHOR,
        re.compile(
            _whole(
                r"author\w*|byline\w*|by-line|writer|writeby|write-?by|auteur|autor\w*|"
                r"kateb|katib|journalist\w*|reporter|signature|firma|posted-?by|"
                r"article-?author|post-?author|entry-?author|author-?name"
            )
            + r"|writeBy|authorName|articleAuthor",
            re.I,
        ),
    ),
    (Kind.COMMENT, re.compile(r"comment(?!ary)|reply|respond|disqus|forum", re.I)),
    (
        Kind.DATELINE,
        re.compile(
            r"date|time|publish|posted|dateline|byline|meta|info|timestamp|tarikh|release|"
            r"updated|created|datum|fecha",
            re.I,
        ),
    ),
    (
        Kind.SUBTITLE,
        re.compile(
            _whole(
                r"sub-?title|subtitulo|sub-?headline|subhead|kicker|surtitre|sur-?titre|"
                r"sous-?titre|soustitre|standfirst|strapline|deck|dek|chapo|chapeau|"
                r"over-?line|overtitle|supertitle|super-?title|pretitle|pre-?title|"
                r"upper-?title|uptitle|title-?sub|second-?title|secondary-?title|"
                r"headline-?sub|article-?subtitle"
            ),
            re.I,
        ),
    ),
    (
        Kind.BREADCRUMB,
        # "path" and "arbo" (SPIP's arborescence) only as a whole class: `path-node` is not one.
        re.compile(r"breadcrumb|breadcumb|fil-?ariane|crumbs|^(?:path|arbo|ariane)$", re.I),
    ),
    (
        Kind.SECTION,
        re.compile(
            _whole(
                r"category|categories|cat|cat-?links|section|rubrique|rubric|qism|"
                r"article-?category|post-?category|entry-?category|kicker-?section"
            ),
            re.I,
        ),
    ),
    (
        Kind.CAPTION,
        re.compile(
            r"caption|legend|credit|figcaption|(?:img|image|photo|pic)-?(?:desc|cap|text|title)|"
            + _whole("cap"),
            re.I,
        ),
    ),
    (
        Kind.IMAGE,
        re.compile(r"image|photo|img|figure|picture|thumb|media|pic(?:$|[\s_-])|foto|sora", re.I),
    ),
    (Kind.TITLE, re.compile(_whole(r"title|headline|heading|titre|titulo"), re.I)),
)


def names_of(element: lxml.html.HtmlElement) -> str:
    """The element's class and id, as one string."""
    attributes = element.attrib
    return f"{attributes.get('class', '')} {attributes.get('id', '')}"


_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=CACHE_SIZE)
def _classify_token(token: str) -> int:
    found = Kind.NONE
    for kind, pattern in VOCABULARY:
        if pattern.search(token):
            found |= kind
    return found


@lru_cache(maxsize=CACHE_SIZE)
def classify(names: str) -> int:
    """Every vocabulary a class/id string belongs to: the union over its tokens, each
    classified once (digits folded: `post-6586` and `post-48915` are the same name)."""
    found = Kind.NONE
    for token in names.split():
        if len(token) > 1:
            found |= _classify_token(_DIGITS.sub("0", token) if token[-1].isdigit() else token)
    return found


def kinds(element: lxml.html.HtmlElement) -> int:
    attributes = element.attrib
    if "class" not in attributes and "id" not in attributes:
        return Kind.NONE
    return classify(f"{attributes.get('class', '')} {attributes.get('id', '')}")
