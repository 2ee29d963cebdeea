"""Article extraction: any news page (Arabic first) to one clean `Article`.

`extract_article(html, url)` is the only entry point the pipeline needs; `nashra extract`
(`cli.py`) is the same function on a file or a URL.

The cascade, in order (each step is one module):

1. **Input** (`document.py`): refuse empty, binary (magic bytes, NUL bytes, non-HTML media
   types), oversized (> `MAX_HTML_CHARS`) input; bytes are decoded by the fetcher's charset
   rules (`nashra.fetch.charset`: header, BOM, meta, detection); libxml2 parses.
2. **Declared metadata** (`metadata.py`): JSON-LD (NewsArticle and kin, `@graph`), Open
   Graph, `<meta>`, `<link rel=canonical>`, `<html lang dir>`.
3. **Header** of the article, read on the untouched page and cross-checked with the
   declarations: the headline (`title.py`: the visible `<h1>` agreeing with the declared
   titles, else a declared title without its site-name suffix), the kicker/subtitle,
   section and lead image (`header.py`), the author and the dateline texts (`byline.py`),
   the ❊ highlights declared as a list (`body.find_highlights`) and the publication date
   (`dates.py`, usable on its own).
4. **Body** (`clean.py` then `body.py`): site rules (`rules.py`, TOML selectors) when a
   paper has them; boilerplate removal; the container found by readability-style scoring,
   replaced by a self-declared body element (`itemprop=articleBody`, `entry-content`...)
   when they agree; siblings that read like body text join; the container read as blocks
   in page order (paragraphs, headings, lists, quotes, images with captions); the blocks
   filtered (link-heavy boxes, "read also", the repeated headline, byline and dateline,
   share and copyright lines); ❊ lines become highlights.
5. **Rescue** (`rescue.py`): when nashra's body is shorter than `RESCUE_BELOW_CHARS`, or
   covers less than `RESCUE_COVERAGE` of the page's prose (paragraphs with few links),
   trafilatura reads the page; its body wins only when `RESCUE_GROWTH` times longer. A
   JSON-LD articleBody much longer than what was read replaces it first (text kept in a
   script, teaser pages). Pages with site rules for their body are never rescued.
6. **Output**: every field is plain text (`text.py`: whitespace collapsed, controls and
   bidi overrides removed, ZWNJ/RLM kept); display HTML for the body is rendered from the
   blocks and sanitized by nh3 as the very last step (`sanitize.py`).

Error codes (all raised as `ExtractionError`):

- `extract.empty` — no bytes, only whitespace, or nothing libxml2 can parse;
- `extract.not_html` — a binary file or a non-HTML media type;
- `extract.too_large` — more than `document.MAX_HTML_CHARS` bytes/characters;
- `extract.no_article` — no body text (a listing or home page, an empty template);
- `extract.no_title` — no headline anywhere (no `<h1>`, no declared title);
- `extract.bad_rules` — a site rules file that cannot be read (at load time);
- `extract.bad_timezone` — an unknown timezone name (from `dates.py`);
- `extract.unreadable` — `nashra extract` cannot read the file it was given (`cli.py`).

Class-name and line vocabularies live in `names.py` and `lines.py`; the scoring of the
shared ground-truth sets used by `bench/extract.py` and `tests/eval/` in `evaluation.py`.
"""

from typing import TYPE_CHECKING, Any

from nashra.extract.rules import RuleBook, SiteRules, load_rules

if TYPE_CHECKING:
    from nashra.extract.article import extract_article


def __getattr__(name: str) -> Any:
    # The extractor (and trafilatura, its rescue) is imported on first use only, so the
    # commands and modules that need just the rules start fast.
    if name == "extract_article":
        from nashra.extract.article import extract_article

        return extract_article
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["RuleBook", "SiteRules", "extract_article", "load_rules"]
