"""Scoring an extractor on the shared ground-truth sets (`../shared/data/extraction`).

Used by `bench/extract.py` (every extractor, one table) and by the quality gate in
`tests/eval/`; both read the sets through `load_set` and score through `Scores`, so the
gate and the benchmark cannot disagree on what a score means.

Scoring rules (as documented in the sets' READMEs):

- **Body, snippet sets** (`arabic`, `trafilatura`): a `with` snippet found in the body is a
  true positive (else a false negative), a `without` snippet found is a false positive;
  precision, recall and F1 are pooled over all pages. Comparison after collapsing
  whitespace runs (U+00A0 included) to one space, otherwise exact.
- **Body, full-text sets** (`arabic` body, `scrapinghub`, `readability`, `fundus`): the
  body and the gold are split into whitespace tokens after NFKC normalisation; per page,
  precision and recall come from the multiset intersection; precision and recall are
  averaged over pages and F1 is their harmonic mean (the ScrapingHub benchmark's method).
  An empty extraction scores precision 0 and recall 0 on that page.
- **Title**: exact after whitespace collapse and NFC (the `arabic` set also lists
  acceptable variants, reported apart).
- **Date**: the extracted date's calendar day in the page's own offset equals the gold
  day (`YYYY-MM-DD`).
Pages whose gold lacks a field do not count for that field.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tarfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nashra.extract.text import collapse_whitespace

SETS = ("arabic", "trafilatura", "scrapinghub", "readability", "fundus")


@dataclass(frozen=True)
class GoldPage:
    set: str
    id: str
    url: str
    html: bytes
    title: str | None = None
    title_alt: tuple[str, ...] = ()
    date: str | None = None
    body: str | None = None
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """What an extractor returned for a page, reduced to what is scored."""

    title: str | None
    body: str
    date: str | None  # YYYY-MM-DD


def load_set(root: Path, name: str, limit: int | None = None) -> list[GoldPage]:
    """Every page of one set (`root` is the `extraction` folder of the shared data)."""
    loader = {
        "arabic": _arabic,
        "trafilatura": _trafilatura,
        "scrapinghub": _scrapinghub,
        "readability": _readability,
        "fundus": _fundus,
    }[name]
    pages: list[GoldPage] = []
    for page in loader(root / name):
        pages.append(page)
        if limit is not None and len(pages) >= limit:
            break
    return pages


def corpus_hash(root: Path, name: str) -> str:
    """SHA-256 of the set's gold file and pages' identities, to pin the gate's corpus."""
    digest = hashlib.sha256()
    digest.update((root / name / "gold.jsonl").read_bytes())
    return digest.hexdigest()


def _records(folder: Path) -> Iterator[dict[str, Any]]:
    with (folder / "gold.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _arabic(folder: Path) -> Iterator[GoldPage]:
    for record in _records(folder):
        with gzip.open(folder / record["file"]) as page:
            html = page.read()
        yield GoldPage(
            set="arabic",
            id=record["id"],
            url=record["url"],
            html=html,
            title=record["title"],
            title_alt=tuple(record.get("title_alt") or ()),
            date=record.get("date"),
            body=record.get("body"),
            with_=tuple(record.get("with") or ()),
            without=tuple(record.get("without") or ()),
        )


def _trafilatura(folder: Path) -> Iterator[GoldPage]:
    records = {record["file"]: record for record in _records(folder)}
    with tarfile.open(folder / "pages.tar.xz") as archive:
        for member in archive:
            record = records.get(member.name)
            extracted = archive.extractfile(member) if record else None
            if record is None or extracted is None:
                continue
            yield GoldPage(
                set="trafilatura",
                id=record["id"],
                url=record["url"] or "",
                html=extracted.read(),
                title=record.get("title") or None,
                date=record.get("date") or None,
                with_=tuple(record.get("with") or ()),
                without=tuple(record.get("without") or ()),
            )


def _scrapinghub(folder: Path) -> Iterator[GoldPage]:
    for record in _records(folder):
        with gzip.open(folder / record["file"]) as page:
            html = page.read()
        yield GoldPage(
            set="scrapinghub", id=record["id"], url=record["url"], html=html, body=record["body"]
        )


def _readability(folder: Path) -> Iterator[GoldPage]:
    import lxml.html

    records = list(_records(folder))
    wanted = {
        name: record
        for record in records
        for name in (record["files"]["source.html"], record["files"]["expected.html"])
    }
    contents: dict[str, bytes] = {}
    with tarfile.open(folder / "test-pages.tar.xz") as archive:
        for member in archive:
            if member.name in wanted:
                extracted = archive.extractfile(member)
                if extracted is not None:
                    contents[member.name] = extracted.read()
    for record in records:
        source = contents.get(record["files"]["source.html"])
        expected = contents.get(record["files"]["expected.html"])
        if source is None or expected is None:
            continue
        gold = lxml.html.fromstring(expected.decode("utf-8", errors="replace"))
        metadata = record.get("expected_metadata") or {}
        yield GoldPage(
            set="readability",
            id=record["id"],
            url="http://fakehost/test/page.html",
            html=source,
            title=metadata.get("title") or None,
            body=" ".join(gold.itertext()),
        )


def _fundus(folder: Path) -> Iterator[GoldPage]:
    for record in _records(folder):
        with gzip.open(folder / record["file"]) as page:
            html = page.read()
        parts = [
            *(record.get("body_summary") or []),
            *(record.get("body_subheadlines") or []),
            *(record.get("body_paragraphs") or []),
        ]
        published = record.get("publishing_date") or ""
        yield GoldPage(
            set="fundus",
            id=record["id"],
            url=record["url"],
            html=html,
            title=record.get("title") or None,
            date=published[:10] or None,
            body="\n\n".join(parts) or None,
        )


def tokens(text: str) -> list[str]:
    return unicodedata.normalize("NFKC", text).split()


def token_scores(extracted: str, gold: str) -> tuple[float, float]:
    """Precision and recall of one page's body, as multisets of tokens."""
    mine, theirs = Counter(tokens(extracted)), Counter(tokens(gold))
    if not mine or not theirs:
        return 0.0, 0.0
    common = sum((mine & theirs).values())
    return common / sum(mine.values()), common / sum(theirs.values())


def _same_title(extracted: str | None, gold: str) -> bool:
    if not extracted:
        return False
    left = unicodedata.normalize("NFC", collapse_whitespace(extracted))
    right = unicodedata.normalize("NFC", collapse_whitespace(gold))
    return left == right


@dataclass
class Scores:
    """Running scores of one extractor on one set."""

    pages: int = 0
    failures: int = 0
    tp: int = 0
    fn: int = 0
    fp: int = 0
    token_precisions: list[float] = field(default_factory=list)
    token_recalls: list[float] = field(default_factory=list)
    titles: int = 0
    titles_exact: int = 0
    titles_acceptable: int = 0
    dates: int = 0
    dates_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, page: GoldPage, result: Extraction | None) -> None:
        self.pages += 1
        if result is None:
            self.failures += 1
            result = Extraction(title=None, body="", date=None)
        body = collapse_whitespace(result.body)
        for snippet in page.with_:
            if collapse_whitespace(snippet) in body:
                self.tp += 1
            else:
                self.fn += 1
                self.misses.append(f"{page.id}: missing {snippet[:60]!r}")
        for snippet in page.without:
            if collapse_whitespace(snippet) in body:
                self.fp += 1
                self.misses.append(f"{page.id}: extra {snippet[:60]!r}")
        if page.body:
            precision, recall = token_scores(result.body, page.body)
            self.token_precisions.append(precision)
            self.token_recalls.append(recall)
        if page.title:
            self.titles += 1
            if _same_title(result.title, page.title):
                self.titles_exact += 1
                self.titles_acceptable += 1
            elif any(_same_title(result.title, alt) for alt in page.title_alt):
                self.titles_acceptable += 1
            else:
                self.misses.append(f"{page.id}: title {result.title!r}")
        if page.date:
            self.dates += 1
            if result.date == page.date:
                self.dates_right += 1
            else:
                self.misses.append(f"{page.id}: date {result.date} (gold {page.date})")

    @property
    def snippet_prf(self) -> tuple[float, float, float] | None:
        if not self.tp + self.fn + self.fp:
            return None
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return precision, recall, _f1(precision, recall)

    @property
    def token_prf(self) -> tuple[float, float, float] | None:
        if not self.token_precisions:
            return None
        precision = sum(self.token_precisions) / len(self.token_precisions)
        recall = sum(self.token_recalls) / len(self.token_recalls)
        return precision, recall, _f1(precision, recall)

    @property
    def body_prf(self) -> tuple[float, float, float] | None:
        """The set's headline body score: token-level when the set has full bodies."""
        return self.token_prf or self.snippet_prf

    @property
    def title_accuracy(self) -> float | None:
        return self.titles_exact / self.titles if self.titles else None

    @property
    def date_accuracy(self) -> float | None:
        return self.dates_right / self.dates if self.dates else None


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
