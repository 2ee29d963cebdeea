"""decode_xml and prepare_xml: the bytes-to-text steps before any XML parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from nashra.discover.xmlsafe import decode_xml, prepare_xml

ARABIC = "خبر عاجل من الجزائر العاصمة"


def _doc(declared: str | None, title: str = ARABIC) -> str:
    declaration = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    return f"{declaration}<rss><channel><title>{title}</title></channel></rss>"


@pytest.mark.parametrize(
    ("declared", "codec"),
    [
        ("UTF-8", "utf-8"),
        ("windows-1256", "cp1256"),
        ("ISO-8859-6", "iso-8859-6"),
        ("UTF-8", "cp1256"),  # mislabeled, Arabic CMS default
        (None, "cp1256"),  # undeclared
        ("ISO-8859-1", "cp1256"),  # mislabeled as Latin-1: mojibake repaired
    ],
)
def test_arabic_title_is_decoded(declared: str | None, codec: str) -> None:
    assert ARABIC in decode_xml(_doc(declared).encode(codec))


def test_mostly_utf8_with_one_bad_byte_stays_utf8() -> None:
    content = _doc("UTF-8", ARABIC * 5).encode() + b"\x92"
    text = decode_xml(content)
    assert ARABIC in text
    assert text.count("\ufffd") == 1


def test_unknown_declared_encoding_falls_back_to_utf8() -> None:
    assert ARABIC in decode_xml(_doc("x-no-such-charset").encode())


@pytest.mark.shared
def test_undeclared_windows1256_fixture_decodes_to_arabic(shared_data: Path) -> None:
    fixture = shared_data / "feeds" / "chromium-encoding-test_windows-1256.no-charset.html"
    text = decode_xml(fixture.read_bytes())
    assert "ÃÚáä" not in text
    assert sum("\u0600" <= c <= "\u06ff" for c in text) > 100


def test_prepared_document_is_utf8_with_one_declaration() -> None:
    prepared = prepare_xml(decode_xml(_doc("windows-1256").encode("cp1256")))
    assert prepared.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert prepared.count(b"<?xml ") == 1
    assert ARABIC.encode() in prepared


def test_doctype_and_its_internal_subset_are_removed() -> None:
    text = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "]>"><!ENTITY b "x">]><rss>&a;</rss>'
    prepared = prepare_xml(text)
    assert b"DOCTYPE" not in prepared
    assert b"ENTITY" not in prepared
    assert prepared.endswith(b"<rss>&amp;a;</rss>")


def test_doctype_text_inside_cdata_is_left_alone() -> None:
    text = "<rss><![CDATA[<!DOCTYPE html>]]></rss>"
    assert prepare_xml(text).endswith(b"<rss><![CDATA[<!DOCTYPE html>]]></rss>")


@pytest.mark.parametrize(
    ("fragment", "repaired"),
    [
        ("a&nbsp;b", "a&#160;b"),
        ("&eacute;t&eacute;", "&#233;t&#233;"),
        ("?x=1&y=2", "?x=1&amp;y=2"),
        ("a & b", "a &amp; b"),
        ("&amp; &lt; &#1575; &#x627;", "&amp; &lt; &#1575; &#x627;"),
        ("&unknownentity;", "&amp;unknownentity;"),
        ("&#0;&#x1F;ok", "ok"),
        ("<![CDATA[a & b &nbsp;]]>", "<![CDATA[a & b &nbsp;]]>"),
    ],
)
def test_references_xml_does_not_define_are_repaired(fragment: str, repaired: str) -> None:
    assert prepare_xml(f"<rss>{fragment}</rss>").endswith(f"<rss>{repaired}</rss>".encode())
