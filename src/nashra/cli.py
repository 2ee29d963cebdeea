"""The command line: `nashra demo | serve | crawl | extract | sources | db`.

Each command prints one line per error (no traceback unless --debug) and exits
non-zero on failure; `--json` gives the API's shapes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from nashra.errors import NashraError
from nashra.extract.cli import extract_command
from nashra.models import Feed, Source
from nashra.settings import Settings, load_settings
from nashra.sources import (
    RegistryError,
    add_sources,
    check_source,
    ensure_sources,
    export_opml,
    load_opml,
    load_registry,
)
from nashra.sources.registry import DEFAULT_COUNTRY, DEFAULT_TIMEZONE
from nashra.store import Store

if TYPE_CHECKING:  # the crawler and the web server are imported by the commands using them
    from nashra.fetch import Fetcher
    from nashra.pipeline import CrawlSummary

DEMO_PRESS_PORT = 8765  # fixed, so a second `nashra demo` finds the same article URLs
DEMO_PER_HOST_DELAY = 0.05  # the demo press is ours and local: no need to wait between pages

app = typer.Typer(
    name="nashra",
    help="nashra (نشرة): a self-hosted, Arabic-first news aggregator.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
sources_app = typer.Typer(help="The registry of newspapers.", no_args_is_help=True)
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(db_app, name="db")

console = Console(stderr=True)
_state: dict[str, Any] = {"debug": False}


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
) -> None:
    _state["debug"] = debug


def _settings() -> Settings:
    return load_settings()


def _configure_logging(settings: Settings) -> None:
    level = "DEBUG" if _state["debug"] else settings.log_level
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False, markup=False)],
        force=True,
    )
    for noisy in ("httpx", "httpcore", "uvicorn.access", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@contextmanager
def _errors_as_lines() -> Iterator[None]:
    try:
        yield
    except NashraError as error:
        if _state["debug"]:
            raise
        console.print(f"[red]error[/red] {error.code}: {error.message}", markup=True)
        raise typer.Exit(1) from None


class RichCrawlProgress:
    """The pipeline's progress drawn as one Rich bar."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task = progress.add_task("crawling", total=0)

    def add_total(self, count: int) -> None:
        task = self._progress.tasks[0]
        self._progress.update(self._task, total=(task.total or 0) + count)

    def advance(self, description: str) -> None:
        self._progress.update(self._task, advance=1, description=description)


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


async def _crawl_with_progress(store: Store, fetcher: Fetcher, settings: Settings) -> CrawlSummary:
    from nashra.pipeline import crawl_once

    with _progress_bar() as progress:
        return await crawl_once(store, fetcher, settings, progress=RichCrawlProgress(progress))


def _print_summary(summary: CrawlSummary) -> None:
    line = summary.line()
    if summary.error_codes:
        codes = ", ".join(f"{code} ×{count}" for code, count in sorted(summary.error_codes.items()))
        line += f" ({codes})"
    console.print(line, markup=False, highlight=False)


@app.command()
def demo(
    press_only: Annotated[
        bool, typer.Option("--press-only", help="Serve only the demo press, for tests.")
    ] = False,
    press_port: Annotated[int, typer.Option(help="Port of the demo press.")] = DEMO_PRESS_PORT,
) -> None:
    """Start the demo press, crawl it over HTTP and serve the reader."""
    from nashra.demo import DemoPress, serve_forever

    with _errors_as_lines():
        settings = _settings()
        _configure_logging(settings)
        if press_only:
            asyncio.run(serve_forever(DemoPress(port=press_port)))
            return
        settings = replace(
            settings,
            allow_private_hosts=True,
            per_host_delay=min(settings.per_host_delay, DEMO_PER_HOST_DELAY),
        )
        asyncio.run(_demo(settings, press_port))


async def _demo(settings: Settings, press_port: int) -> None:
    import uvicorn

    from nashra.demo import DemoPress
    from nashra.fetch import Fetcher
    from nashra.jobs.scheduler import run_scheduler
    from nashra.web import create_app

    store = Store.open(settings.database_url)
    async with DemoPress(port=press_port) as press, Fetcher(settings) as fetcher:
        for paper in press.papers:
            store.upsert_source(paper.to_source())
        console.print(f"demo press: {len(press.papers)} papers on {press.papers[0].homepage} …")
        _print_summary(await _crawl_with_progress(store, fetcher, settings))
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(store, settings, fetcher=fetcher),
                host=settings.host,
                port=settings.port,
                log_level="warning",
            )
        )
        console.print(f"reader: http://{settings.host}:{settings.port}/  (Ctrl-C to stop)")
        scheduler = asyncio.create_task(run_scheduler(store, fetcher, settings))
        try:
            await server.serve()
        finally:
            scheduler.cancel()
            await asyncio.gather(scheduler, return_exceptions=True)
    store.close()


@app.command()
def serve() -> None:
    """Serve the reader and the API on NASHRA_HOST:NASHRA_PORT."""
    import uvicorn

    from nashra.web import create_app

    with _errors_as_lines():
        settings = _settings()
        _configure_logging(settings)
        store = Store.open(settings.database_url)
        console.print(f"reader: http://{settings.host}:{settings.port}/")
        uvicorn.run(
            create_app(store, settings), host=settings.host, port=settings.port, log_level="warning"
        )


@app.command()
def crawl(
    once: Annotated[
        bool, typer.Option("--once", help="One pass over due feeds, then exit.")
    ] = False,
) -> None:
    """Crawl the configured newspapers (forever, or once for cron)."""
    with _errors_as_lines():
        settings = _settings()
        _configure_logging(settings)
        store = Store.open(settings.database_url)
        if added := ensure_sources(store):
            console.print(
                f"no sources configured: loaded the bundled registry of {added} Algerian papers",
                markup=False,
                highlight=False,
            )
        asyncio.run(_crawl(store, settings, once=once))


async def _crawl(store: Store, settings: Settings, *, once: bool) -> None:
    from nashra.fetch import Fetcher
    from nashra.jobs.scheduler import run_scheduler

    async with Fetcher(settings) as fetcher:
        if once:
            summary = await _crawl_with_progress(store, fetcher, settings)
            _print_summary(summary)
            if summary.errors and not summary.articles_seen and summary.feeds_checked:
                raise typer.Exit(1)
            return
        await run_scheduler(store, fetcher, settings, on_pass=_print_summary)


@sources_app.command("list")
def sources_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's source shape.")] = False,
) -> None:
    """List the newspapers with their feeds' health."""
    with _errors_as_lines():
        store = Store.open(_settings().database_url)
        rows = store.list_sources()
        if as_json:
            print(json.dumps([source.to_json(count) for source, count in rows], ensure_ascii=False))
            return
        for source, count in rows:
            print(
                f"{source.slug}\t{source.name}\t{source.language}\t{count} articles"
                f"\t{source.homepage}"
            )
            for feed in source.feeds:
                health = feed.health
                error = f"\t{health.last_error_code}" if health.last_error_code else ""
                print(f"  {feed.kind}\t{health.status}\t{feed.url}{error}")


@sources_app.command("add")
def sources_add(
    slug: str,
    name: Annotated[str, typer.Option(help="The paper's Arabic name.")],
    homepage: Annotated[str, typer.Option(help="Home page URL.")],
    feed: Annotated[
        list[str] | None, typer.Option(help="An RSS, Atom or JSON feed URL (repeatable).")
    ] = None,
    sitemap: Annotated[list[str] | None, typer.Option(help="A sitemap URL (repeatable).")] = None,
    section: Annotated[
        list[str] | None, typer.Option(help="A section page URL to read links from (repeatable).")
    ] = None,
    name_fr: Annotated[str | None, typer.Option(help="The paper's French name.")] = None,
    language: Annotated[str, typer.Option(help="ar or fr.")] = "ar",
    country: Annotated[str, typer.Option(help="ISO 3166 country code.")] = DEFAULT_COUNTRY,
    timezone: Annotated[str, typer.Option(help="IANA time zone.")] = DEFAULT_TIMEZONE,
) -> None:
    """Add (or update) a newspaper. With no feed, feeds are discovered at the next crawl."""
    with _errors_as_lines():
        feeds = (
            *(Feed(url=url, kind="rss") for url in feed or ()),
            *(Feed(url=url, kind="sitemap") for url in sitemap or ()),
            *(Feed(url=url, kind="section") for url in section or ()),
        )
        source = check_source(
            Source(
                slug=slug,
                name=name,
                name_fr=name_fr,
                homepage=homepage,
                language=language,
                country=country,
                timezone=timezone,
                feeds=feeds,
            ),
            origin="sources add",
        )
        Store.open(_settings().database_url).upsert_source(source)
        print(f"added {slug}")


@sources_app.command("remove")
def sources_remove(slug: str) -> None:
    """Remove a newspaper and its articles."""
    with _errors_as_lines():
        Store.open(_settings().database_url).remove_source(slug)
        print(f"removed {slug}")


@sources_app.command("import")
def sources_import(
    path: Annotated[Path, typer.Argument(help="A registry TOML file, or a folder of them.")],
) -> None:
    """Add (or update) the newspapers of a registry file (format: docs/sources.md)."""
    with _errors_as_lines():
        registry = load_registry(path)
        store = Store.open(_settings().database_url)
        count = add_sources(store, registry.sources)
        print(f"imported {count} sources from {path.name}")
        if registry.rules.sites:
            console.print(
                f"note: the site rules of {len(registry.rules.sites)} sources were checked "
                "but are not stored in the database",
                markup=False,
                highlight=False,
            )


@sources_app.command("import-opml")
def sources_import_opml(
    path: Annotated[Path, typer.Argument(help="An OPML file (any feed reader's export).")],
) -> None:
    """Add (or update) the newspapers of an OPML file; importing it twice changes nothing."""
    with _errors_as_lines():
        store = Store.open(_settings().database_url)
        existing = [source for source, _count in store.list_sources()]
        found = load_opml(path, existing=existing)
        for line in found.skipped:
            console.print(f"skipped: {line}", markup=False, highlight=False)
        count = add_sources(store, found.sources)
        feeds = sum(len(source.feeds) for source in found.sources)
        print(
            f"imported {count} sources ({feeds} feeds) from {path.name}"
            f"; {len(found.skipped)} outlines skipped"
        )


@sources_app.command("export-opml")
def sources_export_opml(
    path: Annotated[
        Path | None, typer.Argument(help="Where to write the OPML (default: standard output).")
    ] = None,
) -> None:
    """Write the newspapers and their feeds as OPML 2.0, one outline per newspaper."""
    with _errors_as_lines():
        store = Store.open(_settings().database_url)
        sources = [source for source, _count in store.list_sources()]
        document = export_opml(sources)
        if path is None:
            sys.stdout.buffer.write(document)
            sys.stdout.flush()
            return
        try:
            path.write_bytes(document)
        except OSError as error:
            raise RegistryError(
                f"{path.name}: cannot write the OPML file: {error}", code="sources.unwritable"
            ) from None
        print(f"exported {len(sources)} sources to {path.name}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema to the latest version."""
    with _errors_as_lines():
        Store.open(_settings().database_url)
        print("database is up to date")


app.command("extract")(extract_command)


def main() -> None:
    try:
        app()
    except NashraError as error:  # raised while reading settings, before any command ran
        console.print(f"error {error.code}: {error.message}", markup=False)
        sys.exit(1)
