"""Quality gate of the article extractor on the shared ground-truth sets.

Each set is pinned by the SHA-256 of its `gold.jsonl` (which lists every page's own
SHA-256 for the Arabic and trafilatura sets): a changed corpus fails the gate until the
minimums below are measured again on it, instead of silently comparing other numbers.
The minimums sit just under the scores measured when they were set (see
docs/extraction.md for the benchmark they come from): any regression fails. Scoring is
`nashra.extract.evaluation`, the code `bench/extract.py` prints its table with.

Skips when ../shared/data is absent; fails instead under CI=true (tests/conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from nashra.errors import ExtractionError
from nashra.extract import extract_article
from nashra.extract.evaluation import Extraction, Scores, corpus_hash, load_set


@dataclass(frozen=True)
class Gate:
    corpus_sha256: str
    body_f1: float  # token-level for full-text gold, pooled snippets otherwise
    title_accuracy: float | None = None
    date_accuracy: float | None = None


GATES = {
    # measured: body F1 0.9998, title 1.000, date 1.000 (trafilatura 2.3.1: 0.967, 0.462, 0.462)
    "arabic": Gate(
        corpus_sha256="b677a842e3a9d20c399a4c93616897f765c4ddb5eb78a1ef4a3ce283adcd4a54",
        body_f1=0.985,
        title_accuracy=0.98,
        date_accuracy=0.95,
    ),
    # measured: snippet F1 0.918, title 0.775, date 0.880 (trafilatura 2.3.1: 0.926, 0.576, 0.865)
    "trafilatura": Gate(
        corpus_sha256="700960d7866ed80017ad4d955d9f6d3f0fd2184141a27f183c5fd04cfa1f24bc",
        body_f1=0.914,
        title_accuracy=0.76,
        date_accuracy=0.86,
    ),
    # measured: token F1 0.973 (trafilatura 2.3.1: 0.961)
    "scrapinghub": Gate(
        corpus_sha256="d0d14f9d5eb5b8b8749c48fb1a9d6dceccf2d62cbf66e137036537f3208cc7a8",
        body_f1=0.965,
    ),
}


def _score(root: Path, name: str) -> Scores:
    scores = Scores()
    for page in load_set(root, name):
        try:
            article = extract_article(page.html, page.url or "http://example.invalid/")
        except ExtractionError:
            scores.add(page, None)
            continue
        day = article.published_at.date().isoformat() if article.published_at else None
        scores.add(page, Extraction(title=article.title, body=article.text, date=day))
    return scores


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(GATES))
def test_extraction_quality_stays_above_its_gate(shared_data: Path, name: str) -> None:
    root = shared_data / "extraction"
    gate = GATES[name]
    assert corpus_hash(root, name) == gate.corpus_sha256, (
        f"the {name} corpus changed: measure it again (bench/extract.py) and update GATES"
    )
    scores = _score(root, name)
    body = scores.body_prf
    assert body is not None
    assert body[2] >= gate.body_f1, scores.misses[:20]
    if gate.title_accuracy is not None:
        assert scores.title_accuracy is not None
        assert scores.title_accuracy >= gate.title_accuracy, scores.misses[:20]
    if gate.date_accuracy is not None:
        assert scores.date_accuracy is not None
        assert scores.date_accuracy >= gate.date_accuracy, scores.misses[:20]
