"""Where a site's feeds are: links announced by its pages, and the usual places to try.

`find_feed_links(html, base_url)` returns `(url, kind)` pairs in page order, canonical and
de-duplicated, from:

1. `<link rel="alternate" type=...>` (the autodiscovery convention): `application/rss+xml`
   and `application/rdf+xml` -> rss, `application/atom+xml` -> atom,
   `application/feed+json` -> json, `application/json` -> json unless it is WordPress's
   REST API or oEmbed (which WordPress announces the same way on every page),
   `text/xml` / `application/xml` -> rss;
2. `<a href>` whose `type` is one of those, or whose URL has a feed's shape: last path
   segment `feed`, `rss`, `rss2`, `atom`; a file `*.rss`, `*.atom`, `*.rdf`, `feed.json`,
   or `*.xml` under an `rss`/`feed`/`feeds`/`atom` segment or named after one; WordPress
   `?feed=rss2`, Joomla `?format=feed`; FeedBurner hosts.

Comment feeds (WordPress `/comments/feed`, `?feed=comments-rss2`, and per-post feeds titled
"... Comments Feed" / "... خلاصة التعليقات") are left out: they list reader comments, not
articles. The kind is a hint; `parse_feed` sniffs the body anyway.

`COMMON_FEED_PATHS` are the conventional locations to probe when a homepage announces
nothing, most likely first; `common_feed_urls(homepage)` makes them absolute.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

from nashra.discover.entries import FeedKind
from nashra.discover.pages import document_base, parse_html
from nashra.discover.urls import try_canonicalize_url

COMMON_FEED_PATHS: tuple[str, ...] = (
    "/feed",  # WordPress with permalinks: the CMS of most Arabic and Maghreb news sites
    "/rss",
    "/rss.xml",  # Drupal's default, and many in-house CMSs
    "/feed/atom",  # WordPress Atom
    "/?feed=rss2",  # WordPress without permalinks
    "/index.php?format=feed&type=rss",  # Joomla
    "/index.php?format=feed&type=atom",  # Joomla
    "/feed.xml",  # Jekyll
    "/atom.xml",
    "/index.xml",  # Hugo
    "/feeds/posts/default",  # Blogger
    "/rss/index.xml",
    "/feed.json",  # JSON Feed's convention
    "/rss.php",  # older PHP news CMSs
)

FEED_MEDIA_TYPES: dict[str, FeedKind] = {
    "application/rss+xml": "rss",
    "application/rdf+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
    "text/xml": "rss",
    "application/xml": "rss",
}
FEED_HOSTS = frozenset({"feeds.feedburner.com", "feeds2.feedburner.com", "feedproxy.google.com"})
FEED_SEGMENTS = frozenset({"feed", "rss", "rss2", "atom", "rdf"})
FEED_DIRECTORIES = frozenset({"feed", "feeds", "rss", "atom"})
FEED_QUERY_VALUES = frozenset({"rss", "rss2", "atom", "rdf"})
COMMENT_TITLE_WORDS = ("comment", "تعليق", "التعليقات", "commentaire")
# Not feeds although announced like one: WordPress's REST API and oEmbed endpoints.
NOT_FEED_MARKERS = ("/wp-json/", "oembed")


def _is_comment_feed(url: str, title: str | None) -> bool:
    parts = urlsplit(url)
    feed = dict(parse_qsl(parts.query)).get("feed", "")
    if "comments" in unquote(parts.path).lower().split("/") or "comments" in feed.lower():
        return True
    # WordPress announces each post's comment feed as "<site> » <post> Comments Feed",
    # localised ("خلاصة التعليقات"); its URL is just `<post>/feed`.
    return any(word in (title or "").lower() for word in COMMENT_TITLE_WORDS)


def _kind_from_url(url: str) -> FeedKind | None:
    """The feed kind a URL's shape suggests, None when it does not look like a feed."""
    parts = urlsplit(url)
    path = unquote(parts.path).lower().rstrip("/")
    segments = path.split("/")
    last = segments[-1]
    query = {key.lower(): value.lower() for key, value in parse_qsl(parts.query)}
    atom = "atom" in path or query.get("type") == "atom" or query.get("feed") == "atom"
    if parts.hostname in FEED_HOSTS:
        return "rss"
    if last == "feed.json":
        return "json"
    if last in FEED_SEGMENTS or last.endswith((".rss", ".rdf", ".atom")):
        return "atom" if atom else "rss"
    if last.endswith(".xml") and (
        FEED_DIRECTORIES.intersection(segments[:-1]) or any(w in last for w in FEED_SEGMENTS)
    ):
        return "atom" if atom else "rss"
    if query.get("feed") in FEED_QUERY_VALUES or query.get("format") == "feed":
        return "atom" if atom else "rss"
    return None


def _announced_kind(media_type: str | None, url: str) -> FeedKind | None:
    kind = FEED_MEDIA_TYPES.get((media_type or "").split(";")[0].strip().lower())
    if kind is None or any(marker in url.lower() for marker in NOT_FEED_MARKERS):
        return None
    return kind


def find_feed_links(html: str, base_url: str) -> list[tuple[str, FeedKind]]:
    """The feeds `html` (served from `base_url`) links to, as (canonical URL, kind)."""
    root = parse_html(html)
    if root is None:
        return []
    base = document_base(root, base_url)
    found: dict[str, FeedKind] = {}
    for element in root.iter("link", "a"):
        href = element.get("href")
        url = try_canonicalize_url(href, base) if href else None
        if url is None or url in found or _is_comment_feed(url, element.get("title")):
            continue
        kind: FeedKind | None
        if element.tag == "link":
            rels = (element.get("rel") or "").lower().split()
            kind = _announced_kind(element.get("type"), url) if "alternate" in rels else None
        else:
            kind = _announced_kind(element.get("type"), url) or _kind_from_url(url)
        if kind is not None:
            found[url] = kind
    return list(found.items())


def common_feed_urls(homepage: str) -> list[str]:
    """`COMMON_FEED_PATHS` on the homepage's origin, canonical, in probing order."""
    urls = [try_canonicalize_url(path, homepage) for path in COMMON_FEED_PATHS]
    return list(dict.fromkeys(url for url in urls if url is not None))
