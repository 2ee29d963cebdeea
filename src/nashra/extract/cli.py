"""`nashra extract PATH_OR_URL [--url URL] [--json]`: one page to one article, printed.

A path is read from disk (its URL, needed to resolve relative links and read dates from
the path, comes from `--url`, else `file://` + the absolute path); a URL is fetched through
`nashra.fetch.Fetcher` with the same guards, politeness and limits as the crawler.
`--json` prints the article as `Article.to_json()` (the contract of DESIGN.md); without it,
a readable summary. An error prints one line, `[code] message`, and exits with status 1.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated

import typer

from nashra.errors import NashraError
from nashra.models import Article
from nashra.settings import Settings, load_settings

FAILURE_EXIT_CODE = 1


def extract_command(
    ctx: typer.Context,
    path_or_url: Annotated[str, typer.Argument(help="An HTML file, or an http(s) URL to fetch.")],
    url: Annotated[
        str | None, typer.Option("--url", help="The page's URL, for a file (links, dates).")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the article as JSON (API v1 shape).")
    ] = False,
    timezone: Annotated[
        str, typer.Option("--timezone", help="The paper's timezone, for dates without one.")
    ] = "Africa/Algiers",
) -> None:
    """Extract the article of one page and print it."""
    try:
        article = _extract(ctx, path_or_url, url, timezone)
    except NashraError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(FAILURE_EXIT_CODE) from None
    if json_output:
        typer.echo(json.dumps(article.to_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(summary(article))


def _extract(ctx: typer.Context, source: str, url: str | None, timezone: str) -> Article:
    from nashra.extract import extract_article

    if source.startswith(("http://", "https://")):
        settings = ctx.obj if isinstance(ctx.obj, Settings) else load_settings()
        return asyncio.run(_fetch_and_extract(settings, source, timezone))
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NashraError(
            f"cannot read {source}: {error.strerror}", code="extract.unreadable"
        ) from None
    return extract_article(data, url or path.resolve().as_uri(), timezone=timezone)


async def _fetch_and_extract(settings: Settings, url: str, timezone: str) -> Article:
    from nashra.extract import extract_article
    from nashra.fetch import Fetcher

    async with Fetcher(settings) as fetcher:
        result = await fetcher.get(url)
    return extract_article(
        result.content, result.url, timezone=timezone, content_type=result.content_type
    )


def summary(article: Article) -> str:
    """The article as a reader would skim it: header lines, highlights, then the blocks."""
    lines = [article.title]
    if article.subtitle:
        lines.append(article.subtitle)
    published = article.published_text or "-"
    if article.published_at:
        published += f" ({article.published_at.isoformat()})"
    for label, value in (
        ("source", article.source_name),
        ("author", article.author),
        ("section", article.section),
        ("published", published),
        ("language", f"{article.language or '-'} ({article.direction})"),
        ("url", article.canonical_url or article.url),
    ):
        lines.append(f"{label}: {value or '-'}")
    lines.extend(f"❊ {highlight}" for highlight in article.highlights)
    lines.append("")
    for block in article.blocks:
        if block.type == "heading":
            lines.append(f"## {block.text}")
        elif block.type == "list":
            lines.extend(f"- {item}" for item in block.items)
        elif block.type == "quote":
            lines.append(f"> {block.text}")
        elif block.type == "image" and block.image is not None:
            image = article.images[block.image]
            lines.append(f"[image: {image.caption or image.alt or image.src}]")
        else:
            lines.append(block.text)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
