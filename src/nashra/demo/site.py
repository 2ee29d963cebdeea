"""One demo paper as a web site: its URL table, its pages, feeds and pictures, and the
ground truth of every article it serves.

A `PaperSite` is built once the port is known (URLs are absolute). Every URL the site
links to is registered in a route table keyed by the decoded path and the sorted query
parameters, so `?b=2&a=1` and `?a=1&b=2` are one page, as on PHP sites; anything else is
a 404 page in the paper's own layout. Bodies are produced on first request and kept, and
each carries an ETag that `If-None-Match` is answered against with 304.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import escape

from nashra.demo import faults as fault_kit
from nashra.demo.content import ContentArticle
from nashra.demo.dates import published_text
from nashra.demo.feeds import (
    ATOM_CONTENT_TYPE,
    RSS_CONTENT_TYPE,
    SITEMAP_CONTENT_TYPE,
    FeedEntry,
    atom,
    news_sitemap,
    rss,
)
from nashra.demo.images import placeholder_gif, render_jpeg
from nashra.demo.noise import ReaderComment, pick, reader_comments, tags_for
from nashra.demo.papers import TIMEZONE, PaperSpec, SectionSpec
from nashra.demo.server import Request, Response
from nashra.models import FeedKind

HOME_PAGE_SIZE = 10  # a front page shows about ten headlines before "more"
SECTION_PAGE_SIZE = 5  # small on purpose: every section has a second page to paginate to
TICKER_SIZE = 5
MOST_READ_SIZE = 5
RELATED_SIZE = 3
EXCERPT_WORDS = 28  # listing teasers and feed summaries cut the first paragraph here
INLINE_IMAGE_AFTER = 2  # a second picture sits after the second paragraph
FAULT_NUMBER_OFFSET = 1000  # fault items get numbers well clear of real articles
LAZY_PLACEHOLDER_PATH = "/sites/default/files/lazy-placeholder.gif"

RouteKey = tuple[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class ExpectedImage:
    url: str  # absolute URL of the picture as the article shows it
    caption: str
    width: int
    height: int


@dataclass(frozen=True)
class ExpectedArticle:
    """What a perfect extractor would get from one served article page."""

    id: str
    paper: str
    url: str
    title: str
    subtitle: str | None
    highlights: tuple[str, ...]
    paragraphs: tuple[str, ...]
    headings: tuple[str, ...]
    blocks: tuple[tuple[str, str], ...]  # ("paragraph" | "heading", text) in page order
    images: tuple[ExpectedImage, ...]
    author: str | None
    section: str  # as the paper names it
    section_key: str  # the shared section name (content.SECTIONS)
    language: str
    published_at: datetime
    published_text: str  # exactly as printed on the page
    event: str | None
    wire_id: str | None

    @property
    def image_captions(self) -> tuple[str, ...]:
        return tuple(image.caption for image in self.images)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class PageImage:
    src: str  # as written in the page's attribute (may be relative)
    url: str  # absolute
    width: int
    height: int
    caption: str
    srcset: str | None = None
    variants: tuple[tuple[str, int, int], ...] = ()  # (path, width, height) served


@dataclass(frozen=True)
class PageArticle:
    """An article with everything its paper's templates print."""

    content: ContentArticle
    number: int
    path: str
    url: str
    section: SectionSpec
    section_url: str
    published_at: datetime | None
    date_text: str | None
    images: tuple[PageImage, ...]
    tags: tuple[tuple[str, str], ...]
    comments: tuple[ReaderComment, ...]
    excerpt: str

    @property
    def iso(self) -> str | None:
        return self.published_at.isoformat() if self.published_at else None

    @property
    def iso_utc(self) -> str | None:
        if self.published_at is None:
            return None
        return self.published_at.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def lead_image(self) -> PageImage | None:
        return self.images[0] if self.images else None

    @property
    def body(self) -> list[tuple[str, Any]]:
        """The body in page order: ("paragraph" | "heading", text) and ("image", PageImage)."""
        items: list[tuple[str, Any]] = []
        paragraphs = 0
        inline = list(self.images[1:])
        for kind, text in self.content.blocks:
            items.append((kind, text))
            if kind == "paragraph":
                paragraphs += 1
                if paragraphs == INLINE_IMAGE_AFTER and inline:
                    items.append(("image", inline.pop(0)))
        items.extend(("image", image) for image in inline)
        return items


@dataclass
class _Route:
    content_type: str
    produce: Callable[[], bytes]
    threaded: bool = False  # drawing pictures takes milliseconds: keep it off the loop
    last_modified: datetime | None = None
    body: bytes | None = field(default=None, repr=False)


def route_key(target: str) -> RouteKey:
    """The route table key of a request target or a site path."""
    parts = urlsplit(target)
    query = tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return (unquote(parts.path) or "/", query)


def root_relative(url: str) -> str:
    """`http://host/a/b?c` -> `/a/b?c`: how Joomla writes its links."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def document_relative(url: str) -> str:
    """`http://host/news.php?id=1` -> `news.php?id=1`: how old PHP sites write theirs.

    Only right for pages at the site root, which is where the old site's pages are.
    """
    relative = root_relative(url).lstrip("/")
    return relative or "./"


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("nashra.demo", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["relative"] = document_relative
    environment.filters["rootrelative"] = root_relative
    # JSON-LD as CMSs print it: readable Arabic, keys in the order written.
    environment.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return environment


def _excerpt(article: ContentArticle) -> str:
    words = article.paragraphs[0].split()
    if len(words) <= EXCERPT_WORDS:
        return " ".join(words)
    return " ".join(words[:EXCERPT_WORDS]) + " …"


def _body_html(article: ContentArticle) -> str:
    """The body as feed `content:encoded` markup (paragraphs and sub-headings)."""
    return "".join(
        f"<h2>{escape(text)}</h2>" if kind == "heading" else f"<p>{escape(text)}</p>"
        for kind, text in article.blocks
    )


class PaperSite:
    """The whole site of one paper at `base_url`."""

    def __init__(
        self,
        spec: PaperSpec,
        articles: Sequence[ContentArticle],
        *,
        base_url: str,
        base_date: date,
        faults: bool = False,
    ) -> None:
        self.spec = spec
        self.base_url = base_url.rstrip("/")
        self.base_date = base_date
        self.faults = faults
        self.zone = ZoneInfo(TIMEZONE)
        self._routes: dict[RouteKey, _Route] = {}
        chronological = sorted(articles, key=lambda a: a.sort_key)
        self.articles: list[PageArticle] = [
            self._page_article(article, spec.first_number + k * spec.number_step, dated=True)
            for k, article in enumerate(chronological)
        ]
        self.articles.reverse()  # newest first, as every listing shows them
        self.undated: PageArticle | None = None
        self.pdf_url: str | None = None
        self.broken_feed_url: str | None = None
        self._register()

    # ----- URLs -------------------------------------------------------------------------

    def absolute(self, path: str) -> str:
        return self.base_url + path

    @property
    def home_url(self) -> str:
        return self.absolute("/")

    @property
    def feed_url(self) -> str | None:
        return self.absolute(self.spec.feed_path) if self.spec.feed_path else None

    def section_path(self, section: SectionSpec) -> str:
        return self.spec.section_path.format(section=section.slug)

    def tag_path(self, tag: str) -> str:
        return self.spec.tag_path.format(tag=quote(tag, safe=""))

    def feeds(self) -> tuple[tuple[str, FeedKind], ...]:
        """The feeds a user would register for this paper (not the hidden ones)."""
        spec = self.spec
        registered: list[tuple[str, FeedKind]] = []
        if spec.discovery in ("rss", "atom") and spec.feed_path:
            registered.append((self.absolute(spec.feed_path), spec.discovery))
        if self.broken_feed_url is not None:
            registered.append((self.broken_feed_url, "rss"))
        return tuple(registered)

    def _local(self, article: ContentArticle) -> datetime:
        day = self.base_date + timedelta(days=article.day)
        return datetime.combine(day, time(article.hour, article.minute), tzinfo=self.zone)

    def _page_article(self, article: ContentArticle, number: int, *, dated: bool) -> PageArticle:
        spec = self.spec
        local = self._local(article)
        section = spec.section(article.section)
        fields = {
            "n": number,
            "yyyy": f"{local.year:04d}",
            "mm": f"{local.month:02d}",
            "dd": f"{local.day:02d}",
            "section": section.slug,
        }
        path = spec.article_path.format(**fields) if dated else f"/?p={number}"
        images = tuple(
            self._page_image(fields, index, image.caption)
            for index, image in enumerate(article.images, start=1)
        )
        return PageArticle(
            content=article,
            number=number,
            path=path,
            url=self.absolute(path),
            section=section,
            section_url=self.absolute(self.section_path(section)),
            published_at=local if dated else None,
            date_text=published_text(spec.date_style, local) if dated else None,
            images=images,
            tags=tuple(
                (tag, self.absolute(self.tag_path(tag)))
                for tag in tags_for(article.title, spec.language)
            ),
            comments=reader_comments(article.id, spec.language),
            excerpt=_excerpt(article),
        )

    def _page_image(self, fields: dict[str, Any], index: int, caption: str) -> PageImage:
        spec = self.spec
        width, height = spec.image_size
        path = spec.image_path.format(**fields, i=index, w=width)
        variants = tuple(
            (spec.image_path.format(**fields, i=index, w=w), w, w * height // width)
            for w in spec.image_widths or (width,)
        )
        srcset = None
        if spec.image_markup == "srcset":
            srcset = ", ".join(f"{self.absolute(p)} {w}w" for p, w, _ in variants)
        src = {
            "relative": path.lstrip("/"),
            "lazy": path,
        }.get(spec.image_markup, self.absolute(path))
        return PageImage(
            src=src,
            url=self.absolute(path),
            width=width,
            height=height,
            caption=caption,
            srcset=srcset,
            variants=variants,
        )

    # ----- ground truth -----------------------------------------------------------------

    def expected(self) -> list[ExpectedArticle]:
        truths = []
        for page in self.articles:
            article = page.content
            if page.published_at is None or page.date_text is None:
                continue  # only fault pages lack a date, and they are not in self.articles
            truths.append(
                ExpectedArticle(
                    id=article.id,
                    paper=self.spec.slug,
                    url=page.url,
                    title=article.title,
                    subtitle=article.kicker,
                    highlights=article.highlights,
                    paragraphs=article.paragraphs,
                    headings=article.headings,
                    blocks=article.blocks,
                    images=tuple(
                        ExpectedImage(
                            url=image.url,
                            caption=image.caption,
                            width=image.width,
                            height=image.height,
                        )
                        for image in page.images
                    ),
                    author=article.author,
                    section=page.section.name,
                    section_key=article.section,
                    language=self.spec.language,
                    published_at=page.published_at,
                    published_text=page.date_text,
                    event=article.event,
                    wire_id=article.wire_id,
                )
            )
        return truths

    # ----- routes -----------------------------------------------------------------------

    def _add(self, path: str, route: _Route) -> None:
        self._routes[route_key(path)] = route

    def _html(self, template: str, **context: Any) -> Callable[[], bytes]:
        def produce() -> bytes:
            html = _environment().get_template(f"{self.spec.slug}/{template}")
            return html.render({**self._context(), **context}).encode(
                self.spec.encoding, errors="xmlcharrefreplace"
            )

        return produce

    @property
    def _html_type(self) -> str:
        return f"text/html; charset={self.spec.encoding}"

    def _register(self) -> None:
        spec = self.spec
        html = self._html_type
        robots = spec.robots.replace("{base}", self.base_url).encode("ascii")
        self._add("/robots.txt", _Route("text/plain; charset=utf-8", lambda: robots))
        self._register_listing("/", self.articles, HOME_PAGE_SIZE, kind="home", title=None)
        for section in spec.sections:
            members = [a for a in self.articles if a.section == section]
            self._register_listing(
                self.section_path(section),
                members,
                SECTION_PAGE_SIZE,
                kind="section",
                title=section.name,
            )
        tags: dict[str, list[PageArticle]] = {}
        for page in self.articles:
            for tag, _ in page.tags:
                tags.setdefault(tag, []).append(page)
        for tag, members in tags.items():
            self._add(
                self.tag_path(tag),
                _Route(html, self._html("listing.html", **self._listing(members, "tag", tag))),
            )
        for page in self.articles:
            self._register_article(page)
        if self.faults:
            self._register_faults()
        self._register_feed()

    def _listing(
        self, members: Sequence[PageArticle], kind: str, title: str | None
    ) -> dict[str, Any]:
        return {
            "kind": kind,
            "heading": title,
            "items": list(members),
            "pages": [],
            "page": 1,
            "prev_url": None,
            "next_url": None,
            "canonical": None,
            "base_href": None,
            "feed_link": None,
        }

    def _register_listing(
        self,
        base: str,
        members: Sequence[PageArticle],
        page_size: int,
        *,
        kind: str,
        title: str | None,
    ) -> None:
        count = max(1, -(-len(members) // page_size))
        pages = [
            (number, self.absolute(self.spec.page_path(base, number, page_size)))
            for number in range(1, count + 1)
        ]
        for number, url in pages:
            context = self._listing(
                members[(number - 1) * page_size : number * page_size], kind, title
            )
            context.update(
                pages=pages,
                page=number,
                prev_url=pages[number - 2][1] if number > 1 else None,
                next_url=pages[number][1] if number < count else None,
                canonical=url,
                base_href=url,
            )
            if kind == "home" and number == 1 and self.spec.discovery == "rss_alternate":
                context["feed_link"] = self.feed_url  # the only way to find this feed
            route = _Route(self._html_type, self._html("listing.html", **context))
            self._add(url[len(self.base_url) :], route)
            if kind == "home" and number == 1:
                for alias in self.spec.home_aliases:
                    self._add(alias, route)

    def _article_context(self, page: PageArticle) -> dict[str, Any]:
        others = [a for a in self.articles if a.content.id != page.content.id]
        same_section = [a for a in others if a.section == page.section]
        related = (same_section or others)[:RELATED_SIZE]
        return {
            "a": page,
            "related": related,
            "most_read": pick(others, page.content.id, MOST_READ_SIZE),
            "base_href": page.url,
        }

    def _register_article(self, page: PageArticle) -> None:
        self._add(
            page.path,
            _Route(
                self._html_type,
                self._html("article.html", **self._article_context(page)),
                last_modified=page.published_at,
            ),
        )
        for index, image in enumerate(page.images, start=1):
            seed = f"{page.content.id}:{index}"
            for path, width, height in image.variants:
                self._add(
                    path,
                    _Route(
                        "image/jpeg",
                        functools.partial(render_jpeg, seed, width, height),
                        threaded=True,
                    ),
                )
        if self.spec.image_markup == "lazy":
            self._add(LAZY_PLACEHOLDER_PATH, _Route("image/gif", placeholder_gif))

    def _register_faults(self) -> None:
        spec = self.spec
        if spec.slug == "al-massar":
            number = spec.first_number + FAULT_NUMBER_OFFSET * spec.number_step
            self.undated = self._page_article(fault_kit.UNDATED_ARTICLE, number, dated=False)
            self._add(
                self.undated.path,
                _Route(
                    self._html_type,
                    self._html("article.html", **self._article_context(self.undated)),
                ),
            )
            local = self._local(fault_kit.UNDATED_ARTICLE)
            pdf_path = (
                f"/wp-content/uploads/{local.year:04d}/{local.month:02d}/bulletin-{number + 1}.pdf"
            )
            self.pdf_url = self.absolute(pdf_path)
            self._add(pdf_path, _Route("application/pdf", lambda: fault_kit.PDF))
        if spec.slug == "er-raed":
            self.broken_feed_url = self.absolute(fault_kit.BROKEN_FEED_PATH)
            entries = self._feed_entries()
            self._add(
                fault_kit.BROKEN_FEED_PATH,
                _Route(
                    f"{RSS_CONTENT_TYPE}; charset=utf-8",
                    lambda: fault_kit.truncated(self._rss(entries)),
                ),
            )

    def _feed_entries(self) -> list[FeedEntry]:
        entries = [
            FeedEntry(
                title=page.content.title,
                url=page.url,
                published_at=page.published_at,
                summary=page.content.kicker or page.excerpt,
                author=page.content.author,
                category=page.section.name,
                content_html=_body_html(page.content) if self.spec.feed_full_text else None,
            )
            for page in self.articles
        ]
        if self.undated is not None and self.pdf_url is not None:
            newest = self.articles[0].published_at if self.articles else None
            entries[:0] = [
                FeedEntry(
                    title=fault_kit.PDF_TITLE,
                    url=self.pdf_url,
                    published_at=newest,
                    summary=fault_kit.PDF_TITLE,
                    enclosure=(self.pdf_url, "application/pdf", len(fault_kit.PDF)),
                ),
                FeedEntry(
                    title=self.undated.content.title,
                    url=self.undated.url,
                    published_at=None,
                    summary=self.undated.excerpt,
                    category=self.undated.section.name,
                ),
            ]
        return entries

    def _rss(self, entries: Sequence[FeedEntry]) -> bytes:
        spec = self.spec
        return rss(
            title=spec.site_name,
            link=self.home_url,
            description=spec.name_fr if spec.language == "ar" else spec.name,
            language=spec.language,
            self_url=self.feed_url or self.absolute(fault_kit.BROKEN_FEED_PATH),
            entries=entries,
            encoding=spec.encoding,
        )

    def _register_feed(self) -> None:
        spec = self.spec
        if spec.feed_path is None:
            return
        entries = self._feed_entries()
        newest = max((e.published_at for e in entries if e.published_at), default=None)
        produce: Callable[[], bytes]
        if spec.discovery == "atom":
            content_type = ATOM_CONTENT_TYPE
            produce = functools.partial(
                atom,
                title=spec.site_name,
                link=self.home_url,
                self_url=self.absolute(spec.feed_path),
                feed_id=self.home_url,
                language=spec.language,
                entries=entries,
            )
        elif spec.discovery == "news_sitemap":
            content_type = SITEMAP_CONTENT_TYPE
            produce = functools.partial(
                news_sitemap, publication=spec.site_name, language=spec.language, entries=entries
            )
        else:
            content_type = RSS_CONTENT_TYPE
            produce = functools.partial(self._rss, entries)
        self._add(
            spec.feed_path,
            _Route(f"{content_type}; charset={spec.encoding}", produce, last_modified=newest),
        )

    # ----- rendering context ------------------------------------------------------------

    @functools.cached_property
    def _tag_cloud(self) -> list[tuple[str, str]]:
        return sorted({tag for page in self.articles for tag in page.tags})

    @functools.cached_property
    def _year(self) -> int:
        return (self.base_date + timedelta(days=5)).year

    def _context(self) -> dict[str, Any]:
        return {
            "paper": self.spec,
            "base_url": self.base_url,
            "home_url": self.home_url,
            "charset": self.spec.encoding,
            "menu": [
                (section.name, self.absolute(self.section_path(section)))
                for section in self.spec.sections
            ],
            "ticker": self.articles[:TICKER_SIZE],
            "most_read": pick(self.articles, self.spec.slug, MOST_READ_SIZE),
            "tag_cloud": self._tag_cloud,
            "base_href": None,
            "feed_link": None,
            "year": self._year,
            "title_format": self.spec.title_format,
        }

    # ----- serving ----------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response(405, b"", (("allow", "GET, HEAD"),))
        route = self._routes.get(route_key(request.target))
        if route is None:
            return self._not_found()
        if route.body is None:
            if route.threaded:
                route.body = await asyncio.to_thread(route.produce)
            else:
                route.body = route.produce()
        etag = '"' + hashlib.sha256(route.body).hexdigest()[:20] + '"'
        headers: list[tuple[str, str]] = [("etag", etag), ("cache-control", "max-age=300")]
        if route.last_modified is not None:
            stamp = route.last_modified.astimezone(UTC)
            headers.append(("last-modified", format_datetime(stamp, usegmt=True)))
        if request.headers.get("if-none-match") == etag:
            return Response(304, b"", tuple(headers))
        return Response(200, route.body, (("content-type", route.content_type), *headers))

    @functools.cached_property
    def _not_found_body(self) -> bytes:
        template = _environment().get_template("common/not_found.html")
        return template.render(
            {**self._context(), "layout": f"{self.spec.slug}/layout.html"}
        ).encode(self.spec.encoding, errors="xmlcharrefreplace")

    def _not_found(self) -> Response:
        return Response(404, self._not_found_body, (("content-type", self._html_type),))
