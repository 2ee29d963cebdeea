"""Article extraction benchmark: nashra against trafilatura, readability-lxml, newspaper4k.

    .venv/bin/python bench/extract.py [--sets arabic,trafilatura,scrapinghub,readability,fundus]
                                      [--tools nashra,trafilatura,readability,newspaper4k]
                                      [--limit N] [--misses] [--data PATH]

Every extractor reads the same pages (bytes, as stored) of the shared ground-truth sets
(`../shared/data/extraction`, see its README) in the same run, each in its own fresh
worker process, one after the other on one core, so that speed and memory compare. Per
set and extractor it prints body precision/recall/F1 (tokens after NFKC for sets with a
full gold body, pooled with/without snippets otherwise; the Arabic set shows both), title
accuracy (exact), date accuracy (same day), pages per second (extraction time only, after
one warm-up page) and the peak resident memory the worker added while extracting (MiB
above its resident size after loading the pages and the warm-up; Linux /proc).
Scoring is `nashra.extract.evaluation`, the code of the quality gate in `tests/eval/`.
A competitor that is not installed is skipped with a note.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from nashra.extract.evaluation import SETS, Extraction, GoldPage, Scores, load_set

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction"
TOOLS = ("nashra", "trafilatura", "readability", "newspaper4k")
MODULES = {
    "nashra": "nashra",
    "trafilatura": "trafilatura",
    "readability": "readability",
    "newspaper4k": "newspaper",
}

Extractor = Callable[[GoldPage], Extraction]


def _nashra() -> Extractor:
    from nashra.extract import extract_article

    def run(page: GoldPage) -> Extraction:
        article = extract_article(page.html, page.url)
        day = article.published_at.date().isoformat() if article.published_at else None
        return Extraction(title=article.title, body=article.text, date=day)

    return run


def _trafilatura() -> Extractor:
    import trafilatura

    def run(page: GoldPage) -> Extraction:
        document = trafilatura.bare_extraction(
            page.html, url=page.url or None, with_metadata=True, include_comments=False
        )
        if document is None:
            return Extraction(title=None, body="", date=None)
        return Extraction(
            title=getattr(document, "title", None),
            body=getattr(document, "text", None) or "",
            date=(getattr(document, "date", None) or None),
        )

    return run


def _readability() -> Extractor:
    import lxml.html
    from readability import Document

    def run(page: GoldPage) -> Extraction:
        document = Document(page.html, url=page.url or None)
        summary = document.summary(html_partial=True)
        text = " ".join(lxml.html.fromstring(summary).itertext()) if summary.strip() else ""
        return Extraction(title=document.short_title(), body=text, date=None)

    return run


def _newspaper() -> Extractor:
    import newspaper

    from nashra.fetch.charset import decode_html_bytes

    config = newspaper.Config()
    config.fetch_images = False  # it would download the top image: no network in a benchmark

    def run(page: GoldPage) -> Extraction:
        article = newspaper.Article(page.url or "http://example.invalid/", config=config)
        article.download(input_html=decode_html_bytes(page.html)[0])
        article.parse()
        published = article.publish_date
        day = published.date().isoformat() if published else None
        return Extraction(title=article.title or None, body=article.text or "", date=day)

    return run


FACTORIES: dict[str, Callable[[], Extractor]] = {
    "nashra": _nashra,
    "trafilatura": _trafilatura,
    "readability": _readability,
    "newspaper4k": _newspaper,
}


def _peak_reset() -> None:
    """Reset the kernel's peak-RSS mark so that it measures the extraction only."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _status_mib(field: str) -> float:
    """A memory figure of this process from /proc (VmRSS now, VmHWM the peak), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker(tool: str, pages_file: Path, results_file: Path) -> None:
    """Run one extractor over one set's pages; write results, seconds and peak memory."""
    pages: list[GoldPage] = pickle.loads(pages_file.read_bytes())
    extract = FACTORIES[tool]()
    if pages:
        # Warm-up (imports, caches, compiled regexes); a competitor may fail on any page.
        with contextlib.suppress(Exception):
            extract(pages[0])
    _peak_reset()
    baseline = _status_mib("VmRSS")
    results: list[Extraction | None] = []
    elapsed = 0.0
    for page in pages:
        start = time.perf_counter()
        try:
            result: Extraction | None = extract(page)
        except Exception:
            result = None
        elapsed += time.perf_counter() - start
        results.append(result)
    peak = max(0.0, _status_mib("VmHWM") - baseline)
    results_file.write_bytes(pickle.dumps((results, elapsed, peak)))


def _run_tool(
    tool: str, pages_file: Path, workdir: Path
) -> tuple[list[Extraction | None], float, float]:
    results_file = workdir / f"{tool}.results"
    subprocess.run(
        [sys.executable, __file__, "--worker", tool, str(pages_file), str(results_file)],
        check=True,
    )
    results, elapsed, peak = pickle.loads(results_file.read_bytes())
    return results, elapsed, peak


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--limit", type=int, default=None, help="pages per set (default: all)")
    parser.add_argument("--misses", action="store_true", help="list nashra's misses")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--worker", nargs=3, metavar=("TOOL", "PAGES", "RESULTS"))
    args = parser.parse_args()
    if args.worker:
        tool, pages_file, results_file = args.worker
        worker(tool, Path(pages_file), Path(results_file))
        return
    if not args.data.is_dir():
        sys.exit(f"no ground truth at {args.data} (see ../shared/data/extraction/README.md)")
    tools = []
    for tool in args.tools.split(","):
        if importlib.util.find_spec(MODULES[tool]) is None:
            print(f"note: {tool} is not installed, skipped")
            continue
        tools.append(tool)
    header = (
        f"{'set':<12} {'extractor':<12} {'pages':>5} {'fail':>4} {'P':>6} {'R':>6} {'F1':>6} "
        f"{'snipF1':>6} {'title':>6} {'date':>6} {'pages/s':>8} {'peakMiB':>8}"
    )
    lines = [header, "-" * len(header)]
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for set_name in args.sets.split(","):
            pages = load_set(args.data, set_name, args.limit)
            pages_file = workdir / f"{set_name}.pages"
            pages_file.write_bytes(pickle.dumps(pages))
            for tool in tools:
                results, elapsed, peak = _run_tool(tool, pages_file, workdir)
                scores = Scores()
                for page, result in zip(pages, results, strict=True):
                    scores.add(page, result)
                body = scores.body_prf or (None, None, None)
                snippets = scores.snippet_prf
                lines.append(
                    f"{set_name:<12} {tool:<12} {scores.pages:>5} {scores.failures:>4} "
                    f"{_fmt(body[0]):>6} {_fmt(body[1]):>6} {_fmt(body[2]):>6} "
                    f"{_fmt(snippets[2] if snippets else None):>6} "
                    f"{_fmt(scores.title_accuracy):>6} {_fmt(scores.date_accuracy):>6} "
                    f"{len(pages) / elapsed if elapsed else 0.0:>8.1f} {peak:>8.1f}"
                )
                print(lines[-1], flush=True)
                if tool == "nashra":
                    misses.extend(scores.misses)
    print()
    print("\n".join(lines))
    if args.misses:
        print("\nnashra misses:")
        print("\n".join(misses))


if __name__ == "__main__":
    main()
