"""The real demo content meets the rules of the foundation issue.

These read `src/nashra/demo/content/*.toml` as shipped: at least 6 papers, at least 60
Arabic and 10 French articles over at least 5 days, bodies of at least 120 words, at least
10 events told by 2–4 papers, both spellings of تهاقرت/تاهقارت, the wire story printed
word for word by two papers, and no sentence of 7+ words shared by two articles except the
wire copies.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pytest

from nashra.demo.content import ContentArticle, DemoContent, load_content
from nashra.demo.papers import PAPER_SLUGS, paper_spec

MIN_PAPERS = 6
MIN_ARABIC_ARTICLES = 60
MIN_FRENCH_ARTICLES = 10
MIN_DAYS = 5
MIN_BODY_WORDS = 120
MIN_SHARED_EVENTS = 10
EVENT_PAPERS = range(2, 5)  # an event is "shared" when 2 to 4 papers tell it
MIN_SHARED_SENTENCE_WORDS = 7
SPELLINGS = ("تهاقرت", "تاهقارت")
# A sentence ends at . ! ? ؟ followed by a space (so 61.4 stays whole) or a line end.
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|\n+")
_WORD = re.compile(r"\w+", re.UNICODE)


@pytest.fixture(scope="module")
def content() -> DemoContent:
    return load_content(known_papers=PAPER_SLUGS)


def language(article: ContentArticle) -> str:
    return paper_spec(article.paper).language


def whole_text(article: ContentArticle) -> str:
    return "\n".join(
        [article.title, article.kicker or "", *article.highlights, *article.body]
        + [image.caption for image in article.images]
    )


def test_content_is_nfc_utf8(content: DemoContent) -> None:
    for article in content.articles:
        text = whole_text(article)
        assert unicodedata.normalize("NFC", text) == text, article.id


def test_at_least_six_papers_have_articles(content: DemoContent) -> None:
    assert len(content.papers) >= MIN_PAPERS


def test_enough_arabic_and_french_articles(content: DemoContent) -> None:
    arabic = [a for a in content.articles if language(a) == "ar"]
    french = [a for a in content.articles if language(a) == "fr"]
    assert len(arabic) >= MIN_ARABIC_ARTICLES
    assert len(french) >= MIN_FRENCH_ARTICLES


def test_articles_spread_over_at_least_five_days(content: DemoContent) -> None:
    assert len({a.day for a in content.articles}) >= MIN_DAYS


def test_every_body_has_at_least_120_words(content: DemoContent) -> None:
    short = {
        a.id: n
        for a in content.articles
        if (n := sum(len(p.split()) for p in a.paragraphs)) < MIN_BODY_WORDS
    }
    assert short == {}


def test_at_least_ten_events_are_told_by_two_to_four_papers(content: DemoContent) -> None:
    papers_by_event: dict[str, set[str]] = defaultdict(set)
    for article in content.articles:
        if article.event:
            papers_by_event[article.event].add(article.paper)
    shared = [e for e, papers in papers_by_event.items() if len(papers) in EVENT_PAPERS]
    assert len(shared) >= MIN_SHARED_EVENTS, dict(papers_by_event)


def test_both_spellings_of_the_desert_town_appear(content: DemoContent) -> None:
    texts = [whole_text(a) for a in content.articles]
    for spelling in SPELLINGS:
        assert any(spelling in text for text in texts), spelling


def test_wire_story_is_printed_word_for_word_by_two_papers(content: DemoContent) -> None:
    assert content.wire is not None
    reprints = [a for a in content.articles if a.wire_id == content.wire.article.id]
    assert len({a.paper for a in reprints}) == 2
    for reprint in reprints:
        assert reprint.title == content.wire.article.title
        assert reprint.body == content.wire.article.body
        assert reprint.author == content.wire.agency


def sentences(article: ContentArticle) -> set[str]:
    found = set()
    for chunk in _SENTENCE_END.split(whole_text(article)):
        words = _WORD.findall(chunk)
        if len(words) >= MIN_SHARED_SENTENCE_WORDS:
            found.add(" ".join(words))
    return found


def test_no_long_sentence_is_shared_by_two_articles_except_wire_copies(
    content: DemoContent,
) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for article in content.articles:
        origin = article.wire_id or article.id  # wire copies count as one article
        for sentence in sentences(article):
            owners[sentence].add(origin)
    shared = {s: sorted(ids) for s, ids in owners.items() if len(ids) > 1}
    assert shared == {}
