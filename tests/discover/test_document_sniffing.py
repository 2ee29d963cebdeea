"""sniff_document: the kind of a body from its first bytes, whatever its Content-Type."""

from __future__ import annotations

from pathlib import Path

import pytest

from nashra.discover import sniff_document

RSS = b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel></channel></rss>'

CASES = [
    ("rss", RSS, "rss"),
    (
        "rss with stylesheet PIs and comments",
        b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="/rss.xslt" ?>\n'
        b'<!-- generated -->\n<rss version="2.0">',
        "rss",
    ),
    (
        "rss 0.91 with Netscape DOCTYPE",
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">',
        "rss",
    ),
    (
        "DOCTYPE with internal subset",
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b"><!ENTITY c "d">]><rss>',
        "rss",
    ),
    ("atom", b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>', "atom"),
    ("atom with prefix", b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">', "atom"),
    (
        "rss 1.0",
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
        b'syntax-ns#" xmlns="http://purl.org/rss/1.0/">',
        "rdf",
    ),
    ("json feed", b'  {"version": "https://jsonfeed.org/version/1.1", "items": []}', "json"),
    ("other json", b'{"status": "ok"}', "unknown"),
    ("sitemap", b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', "sitemap"),
    ("sitemap index", b"<?xml version='1.0'?><sitemapindex>", "sitemapindex"),
    ("html5", b'<!DOCTYPE html>\n<html lang="ar">', "html"),
    ("html without doctype", b"\n<html><head><title>x</title>", "html"),
    ("html fragment", b"<div>not a page</div>", "html"),
    ("utf-8 bom", b"\xef\xbb\xbf" + RSS, "rss"),
    ("utf-16 bom", '\ufeff<?xml version="1.0"?><feed>'.encode("utf-16-le"), "atom"),
    ("utf-16 without bom", '<?xml version="1.0"?><rss>'.encode("utf-16-be"), "rss"),
    (
        "blank lines and a notice before the declaration",
        b"\n\nNotice: undefined index on line 3\n" + RSS,
        "rss",
    ),
    ("empty", b"", "unknown"),
    ("plain text", b"hello", "unknown"),
    ("pdf", b"%PDF-1.4\n%\xe2\xe3", "unknown"),
    ("other xml", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">', "unknown"),
]


@pytest.mark.parametrize(
    ("content", "kind"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_kind(content: bytes, kind: str) -> None:
    assert sniff_document(content) == kind


@pytest.mark.shared
def test_real_feeds_and_html_fixtures_are_told_apart(shared_data: Path) -> None:
    feeds = shared_data / "feeds"
    assert sniff_document((feeds / "nabd-sharqi.com_feed.rss2.xml").read_bytes()) == "rss"
    assert sniff_document((feeds / "nabd-sharqi.com_atom.atom.xml").read_bytes()) == "atom"
    assert sniff_document((feeds / "bbc.co.uk-urdu_rss.rss2.xml").read_bytes()) == "rss"
    for fixture in feeds.glob("chromium-encoding-test_*.html"):
        assert sniff_document(fixture.read_bytes()) == "html"
