"""Publication dates: nashra's `find_published_date` against htmldate on the shared gold sets.

Reads ../shared/data/extraction/{arabic,trafilatura} (pages with a gold `date`) and asks nashra
and htmldate (`find_date`, default settings and `original_date=True`) for the date of
each. A page counts as right when the returned day equals the gold day (nashra: the day
of `value` in its own offset). Each library gets the page URL and a tree parsed its own
way (lxml from bytes for nashra, `htmldate.utils.load_html` for htmldate); times
exclude decoding and parsing.

    .venv/bin/python bench/dates.py [--set arabic|trafilatura] [--misses]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import statistics
import tarfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from htmldate import find_date
from htmldate.utils import load_html

from nashra.extract.dates import find_published_date

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction"

Finder = Callable[[lxml.html.HtmlElement, str], str | None]


@dataclass
class Score:
    right: int = 0
    found: int = 0
    seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def _pages(name: str) -> Iterator[tuple[str, str, str, bytes]]:
    """(id, url, gold day, page bytes) of every page of the set that has a gold date."""
    folder = DATA / name
    records = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    wanted = {r["file"]: r for r in records if r.get("date")}
    if name == "arabic":
        for record in wanted.values():
            with gzip.open(folder / record["file"]) as page:
                yield record["id"], record["url"], record["date"], page.read()
        return
    with tarfile.open(folder / "pages.tar.xz") as archive:
        for member in archive:
            record = wanted.get(member.name)
            extracted = archive.extractfile(member) if record else None
            if record is not None and extracted is not None:
                yield record["id"], record["url"], record["date"], extracted.read()


def _nashra(doc: lxml.html.HtmlElement, url: str) -> str | None:
    found = find_published_date(doc, url)
    return None if found is None else found.value.date().isoformat()


def _htmldate(doc: lxml.html.HtmlElement, url: str) -> str | None:
    return find_date(doc, url=url)


def _htmldate_original(doc: lxml.html.HtmlElement, url: str) -> str | None:
    return find_date(doc, url=url, original_date=True)


FINDERS: dict[str, Finder] = {
    "nashra": _nashra,
    "htmldate": _htmldate,
    "htmldate original_date": _htmldate_original,
}


def _load(finder_name: str, data: bytes) -> lxml.html.HtmlElement | None:
    """Each library's own way from bytes to a tree (htmldate's decodes by detection)."""
    if finder_name.startswith("htmldate"):
        return load_html(data)
    return lxml.html.document_fromstring(data)  # libxml2 follows the page's charset


def run(name: str) -> tuple[int, dict[str, Score]]:
    scores = {finder: Score() for finder in FINDERS}
    total = 0
    for page_id, url, gold, data in _pages(name):
        total += 1
        for finder_name, finder in FINDERS.items():
            score = scores[finder_name]
            tree = _load(finder_name, data)
            started = time.perf_counter()
            day = None if tree is None else finder(tree, url)
            score.seconds.append(time.perf_counter() - started)
            score.found += day is not None
            if day == gold:
                score.right += 1
            else:
                score.misses.append(f"{page_id}: gold {gold}, got {day}")
    return total, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["arabic", "trafilatura"], action="append")
    parser.add_argument("--misses", action="store_true", help="list nashra's misses")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # htmldate logs every unparsable candidate
    print(f"{'set':<12} {'finder':<24} {'right':>9} {'found':>6} {'mean ms':>8} {'median ms':>9}")
    for name in args.set or ["arabic", "trafilatura"]:
        total, scores = run(name)
        for finder_name, score in scores.items():
            right = f"{score.right}/{total}"
            mean = 1000 * statistics.fmean(score.seconds) if score.seconds else 0.0
            median = 1000 * statistics.median(score.seconds) if score.seconds else 0.0
            print(
                f"{name:<12} {finder_name:<24} {right:>9} {score.found:>6}"
                f" {mean:>8.2f} {median:>9.2f}"
            )
        if args.misses:
            for miss in scores["nashra"].misses:
                print(f"    miss {miss}")


if __name__ == "__main__":
    main()
