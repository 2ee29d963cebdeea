"""HTML pages parsed for link discovery: the tree and the base its links resolve against.

The fetcher has already decoded the page, so the text is encoded back to UTF-8 and given
to lxml's HTML parser with that encoding stated (a leftover `<meta charset>` or XML
declaration cannot make it re-decode the page). No network, no DTD.
"""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

from nashra.discover.urls import try_canonicalize_url

_HTML_PARSER = etree.HTMLParser(
    encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True
)


def parse_html(html: str) -> etree._Element | None:
    """The document element of `html`, or None for an empty or unreadable page."""
    if not html.strip():
        return None
    try:
        return etree.fromstring(html.encode("utf-8", errors="replace"), parser=_HTML_PARSER)
    except etree.XMLSyntaxError:
        return None


def document_base(root: etree._Element, page_url: str) -> str:
    """The page's first `<base href>` resolved against its URL, else the URL itself.

    Resolved but not canonicalized: canonical form drops a trailing slash, and
    `/ar/` and `/ar` resolve `x` to different URLs.
    """
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            try:
                resolved = urljoin(page_url, href)
            except ValueError:
                break
            if try_canonicalize_url(resolved) is not None:
                return resolved
            break
    return page_url
