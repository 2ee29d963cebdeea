"""Text of a page to an lxml tree, refusing what is not an HTML page.

Limits come first so that a hostile or broken input costs bounded time and memory: the
size is checked before parsing, binary content is recognised by its magic bytes or NUL
bytes, and libxml2's HTML parser (recovering, no network, no entities) builds the tree.
libxml2 caps the nesting depth itself, so 5,000 nested `<div>`s parse into a shallow tree
instead of a deep recursion.

Error codes raised here (see the package docstring for the whole list):
`extract.empty`, `extract.not_html`, `extract.too_large`.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from nashra.errors import ExtractionError

# Same cap as the fetcher's body limit (miniflux uses 15 MiB too): larger pages are not
# articles, and parsing them would cost hundreds of MiB.
MAX_HTML_CHARS = 15 * 2**20
# A binary file betrays itself in its first bytes.
SNIFF_BYTES = 1024
BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"ID3",
    b"\x7fELF",
    b"MZ",
)
# Media types that are never an article page, whatever the bytes look like.
NOT_HTML_TYPES = re.compile(r"^\s*(image|audio|video|font)/|^\s*application/(pdf|zip|octet-stream)")
_TAG = re.compile(r"<[a-zA-Z!/]")

_PARSER = lxml.html.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    collect_ids=False,
    default_doctype=False,
)


def check_bytes(data: bytes, content_type: str | None) -> None:
    """Refuse empty, oversized or binary input before any decoding."""
    if not data.strip():
        raise ExtractionError("the page is empty", code="extract.empty")
    if len(data) > MAX_HTML_CHARS:
        raise ExtractionError(
            f"the page is {len(data)} bytes, more than the {MAX_HTML_CHARS} an article may be",
            code="extract.too_large",
        )
    if content_type and NOT_HTML_TYPES.search(content_type):
        raise ExtractionError(f"content type {content_type!r} is not HTML", code="extract.not_html")
    head = data[:SNIFF_BYTES]
    if head.startswith(BINARY_MAGIC):
        raise ExtractionError("the file is binary, not HTML", code="extract.not_html")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError("the file is binary, not HTML", code="extract.not_html")


def parse_html(text: str) -> lxml.html.HtmlElement:
    """The page's tree (`<html>` root); raises an `ExtractionError` for non-pages."""
    if not text.strip():
        raise ExtractionError("the page is empty", code="extract.empty")
    if len(text) > MAX_HTML_CHARS:
        raise ExtractionError(
            f"the page is {len(text)} characters, more than the {MAX_HTML_CHARS} allowed",
            code="extract.too_large",
        )
    if "\x00" in text[:SNIFF_BYTES]:
        raise ExtractionError("the file is binary, not HTML", code="extract.not_html")
    if not _TAG.search(text, 0, 65536):
        raise ExtractionError("the file holds no HTML markup", code="extract.not_html")
    # An XML declaration with an encoding cannot be parsed from a str by lxml.
    if text.lstrip().startswith("<?xml"):
        text = text[text.find("?>") + 2 :]
    try:
        doc = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError(f"the page cannot be parsed: {error}", code="extract.empty") from None
    if doc is None or not isinstance(doc, lxml.html.HtmlElement):
        raise ExtractionError("the page has no document", code="extract.empty")
    return doc
