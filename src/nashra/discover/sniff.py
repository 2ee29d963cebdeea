"""What kind of document a body is, from its first bytes, whatever the Content-Type said.

Servers label feeds `text/html`, sitemaps `text/plain` and error pages `application/rss+xml`,
so the discovery step looks at the body. The cascade, on the first `SNIFF_BYTES`:

1. a byte order mark is skipped (UTF-16/32 bodies are decoded for the look);
2. `{` first: JSON; it is a JSON Feed when `jsonfeed.org/version` appears, else `unknown`;
3. markup: blank lines and a short junk prefix before `<?xml` are skipped, then the XML
   declaration, comments, processing instructions (`<?xml-stylesheet?>`) and the DOCTYPE
   (`<!DOCTYPE html>` means HTML); the first element decides: `rss` -> rss, `feed` -> atom,
   `rdf:RDF` -> rdf (RSS 1.0), `urlset` -> sitemap, `sitemapindex` -> sitemapindex, an HTML
   element -> html;
4. anything else is `unknown`.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

DocumentKind = Literal["rss", "atom", "json", "rdf", "sitemap", "sitemapindex", "html", "unknown"]

SNIFF_BYTES = 8192  # prologs (stylesheet PIs, comments, a DOCTYPE) fit well within 8 KB
LEADING_JUNK_CHARS = 1024  # a PHP notice printed before `<?xml` is shorter than this

_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ROOT_KINDS: dict[str, DocumentKind] = {
    "rss": "rss",
    "feed": "atom",
    "rdf": "rdf",
    "urlset": "sitemap",
    "sitemapindex": "sitemapindex",
}
HTML_ROOTS = frozenset(
    {"html", "head", "body", "div", "p", "br", "b", "meta", "script", "title", "table", "a"}
)
_PROLOG_ITEM = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)
_DOCTYPE = re.compile(r"\s*<!DOCTYPE\s+([A-Za-z_:][\w.:-]*)", re.IGNORECASE)
_ELEMENT = re.compile(r"\s*<([A-Za-z_][\w.:-]*)")


def _prefix_text(content: bytes) -> str:
    head = content[:SNIFF_BYTES]
    for bom, codec in _UNICODE_BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="replace")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="replace")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="replace")
    # Markup and the names that matter are ASCII in every encoding feeds use.
    return head.decode("latin-1")


def _skip_prolog(text: str) -> str:
    position = 0
    while match := _PROLOG_ITEM.match(text, position):
        position = match.end()
    doctype = _DOCTYPE.match(text, position)
    if doctype is None:
        return text[position:]
    if doctype[1].lower() == "html":
        return "<html>"
    end = text.find(">", doctype.end())
    subset = text.find("[", doctype.end(), end if end >= 0 else len(text))
    if subset >= 0:
        close = text.find("]", subset)
        end = text.find(">", close) if close >= 0 else -1
    if end < 0:
        return ""
    position = end + 1
    while match := _PROLOG_ITEM.match(text, position):
        position = match.end()
    return text[position:]


def sniff_document(content: bytes) -> DocumentKind:
    """The kind of document `content` is; see the module docstring."""
    text = _prefix_text(content).lstrip()
    if text.startswith("{"):
        return "json" if "jsonfeed.org/version" in text else "unknown"
    if not text.startswith("<"):
        start = text.find("<?xml", 0, LEADING_JUNK_CHARS)
        if start < 0:
            return "unknown"
        text = text[start:]
    element = _ELEMENT.match(_skip_prolog(text))
    if element is None:
        return "unknown"
    name = element[1].lower()
    local = name.rpartition(":")[2]
    if local in _ROOT_KINDS:
        return _ROOT_KINDS[local]
    return "html" if name in HTML_ROOTS else "unknown"
