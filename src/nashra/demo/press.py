"""The demo press: seven fictional newspapers served over real HTTP on loopback.

Each paper gets its own loopback address (127.0.0.11 … 127.0.0.17; all of 127/8 is
loopback on Linux), all on one port, so per-host politeness, robots.txt and URL
canonicalisation behave as they do with real, separate sites. `DemoPress` is an async
context manager; it knows the ground truth of everything it serves
(`expected_articles()`), which is what end-to-end tests and the demo compare against.

    async with DemoPress() as press:
        for paper in press.papers:
            print(paper.homepage, paper.feeds)

The demo week: `base_date` is day 0 and day 5 the newest (by default yesterday); article
times are Africa/Algiers local times.

Error codes:
- `demo.content`: the content files are invalid (see `content.py`).
- `demo.address_in_use`: the papers' addresses could not all be bound to one port.
- `demo.not_started`: URLs were asked for before `start()` (they contain the port).
- `demo.already_started`: `start()` was called on a running press.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TextIO

from nashra.demo.content import CONTENT_DIR, DemoContent, load_content
from nashra.demo.papers import PAPER_SLUGS, PAPERS, TIMEZONE
from nashra.demo.server import LoopbackServer, bind_same_port
from nashra.demo.site import ExpectedArticle, PaperSite
from nashra.errors import NashraError
from nashra.models import Feed, FeedKind, Source

DEMO_WEEK_DAYS = 6  # days 0..5; by default day 5 is yesterday, so nothing is in the future


@dataclass(frozen=True)
class DemoPaper:
    """A paper as a user would register it in nashra's sources registry."""

    slug: str
    name: str
    name_fr: str
    language: str
    timezone: str
    homepage: str
    feeds: tuple[tuple[str, FeedKind], ...]  # (url, kind); empty when it must be discovered
    address: str
    port: int
    encoding: str

    def to_source(self) -> Source:
        """The paper as an entry of nashra's sources registry."""
        return Source(
            slug=self.slug,
            name=self.name,
            name_fr=self.name_fr,
            homepage=self.homepage,
            language=self.language,
            timezone=self.timezone,
            feeds=tuple(Feed(url=url, kind=kind) for url, kind in self.feeds),
        )


@dataclass(frozen=True)
class DemoFaults:
    """Where the bad inputs of `faults=True` are served."""

    pdf_url: str  # linked from al-massar's feed; application/pdf
    undated_url: str  # linked from al-massar's feed; a page with no date anywhere
    broken_feed_url: str  # registered for er-raed; truncated RSS


def default_base_date() -> date:
    return datetime.now(UTC).date() - timedelta(days=DEMO_WEEK_DAYS)


class DemoPress:
    """Serves every demo paper on its own loopback address, all on one port."""

    def __init__(
        self,
        *,
        base_date: date | None = None,
        port: int = 0,
        faults: bool = False,
        content_dir: Path | None = None,
    ) -> None:
        self.base_date = base_date if base_date is not None else default_base_date()
        self.faults = faults
        self.content: DemoContent = load_content(
            content_dir if content_dir is not None else CONTENT_DIR, known_papers=PAPER_SLUGS
        )
        self._requested_port = port
        self._port: int | None = None
        self._sites: dict[str, PaperSite] = {}
        self._server: LoopbackServer | None = None

    # ----- lifecycle --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._server is not None

    async def start(self) -> None:
        if self._server is not None:
            raise NashraError("the demo press is already running", code="demo.already_started")
        sockets = bind_same_port([spec.host for spec in PAPERS], self._requested_port)
        port = int(sockets[0].getsockname()[1])
        sites = {
            spec.slug: PaperSite(
                spec,
                self.content.of_paper(spec.slug),
                base_url=f"http://{spec.host}:{port}",
                base_date=self.base_date,
                faults=self.faults,
            )
            for spec in PAPERS
        }
        server = LoopbackServer(
            [(sock, sites[spec.slug].handle) for sock, spec in zip(sockets, PAPERS, strict=True)]
        )
        try:
            await server.start()
        except BaseException:
            await server.stop()
            for sock in sockets:
                sock.close()
            raise
        self._port, self._sites, self._server = port, sites, server

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            await server.stop()

    async def __aenter__(self) -> DemoPress:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # ----- what is served ---------------------------------------------------------------

    def _started_sites(self) -> dict[str, PaperSite]:
        if not self._sites:
            raise NashraError("the demo press has no URLs before start()", code="demo.not_started")
        return self._sites

    @property
    def port(self) -> int:
        if self._port is None:
            raise NashraError("the demo press has no port before start()", code="demo.not_started")
        return self._port

    @property
    def papers(self) -> list[DemoPaper]:
        return [
            DemoPaper(
                slug=site.spec.slug,
                name=site.spec.name,
                name_fr=site.spec.name_fr,
                language=site.spec.language,
                timezone=TIMEZONE,
                homepage=site.home_url,
                feeds=site.feeds(),
                address=site.spec.host,
                port=self.port,
                encoding=site.spec.encoding,
            )
            for site in self._started_sites().values()
        ]

    def paper(self, slug: str) -> DemoPaper:
        for paper in self.papers:
            if paper.slug == slug:
                return paper
        raise KeyError(f"no demo paper {slug!r}")

    def url_of(self, article_id: str) -> str:
        """The URL of an article by content id (a wire reprint is `wire-01@al-massar`)."""
        for site in self._started_sites().values():
            for page in site.articles:
                if page.content.id == article_id:
                    return page.url
        raise KeyError(f"no demo article {article_id!r}")

    def expected_articles(self) -> list[ExpectedArticle]:
        """The ground truth of every served article (fault pages excluded), newest first
        within each paper."""
        return [truth for site in self._started_sites().values() for truth in site.expected()]

    @property
    def fault_urls(self) -> DemoFaults | None:
        sites = self._started_sites()
        massar, raed = sites["al-massar"], sites["er-raed"]
        if massar.pdf_url is None or massar.undated is None or raed.broken_feed_url is None:
            return None
        return DemoFaults(
            pdf_url=massar.pdf_url,
            undated_url=massar.undated.url,
            broken_feed_url=raed.broken_feed_url,
        )


_DISCOVERY_HINTS = {
    "rss": "RSS 2.0",
    "atom": "Atom 1.0",
    "news_sitemap": "no feed: Google News sitemap declared in robots.txt",
    "none": "no feed, no sitemap: home and section pages only",
    "rss_alternate": "RSS announced only by <link rel=alternate> on the home page",
}


def describe(press: DemoPress) -> list[str]:
    """One line per paper: slug, names, home page, and how its articles are found."""
    lines = [
        f"demo press: {len(press.content.articles)} articles, "
        f"{press.base_date.isoformat()} .. "
        f"{(press.base_date + timedelta(days=DEMO_WEEK_DAYS - 1)).isoformat()}"
    ]
    for paper, spec in zip(press.papers, PAPERS, strict=True):
        feeds = " ".join(url for url, _ in paper.feeds)
        lines.append(
            f"  {paper.slug:<22} {paper.homepage:<28} {_DISCOVERY_HINTS[spec.discovery]}"
            + (f"; feeds: {feeds}" if feeds else "")
            + f"  ({paper.name_fr} / {paper.name})"
        )
    return lines


async def serve_forever(press: DemoPress, *, out: TextIO | None = None) -> None:
    """Print each paper's URL, then serve until cancelled (Ctrl-C under `asyncio.run`).

    A press that is not running yet is started here and stopped on the way out.
    """
    stream = out if out is not None else sys.stdout
    started_here = not press.running
    if started_here:
        await press.start()
    try:
        for line in describe(press):
            print(line, file=stream, flush=True)
        await asyncio.Event().wait()
    finally:
        if started_here:
            await press.stop()


def run_press(
    *,
    base_date: date | None = None,
    port: int = 0,
    faults: bool = False,
    out: TextIO | None = None,
) -> None:
    """Blocking entry point for `nashra demo --press-only`; returns on Ctrl-C."""
    press = DemoPress(base_date=base_date, port=port, faults=faults)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_forever(press, out=out))
