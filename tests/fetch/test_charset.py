"""decode_html_bytes: the encoding cascade on real and generated Arabic pages."""

from __future__ import annotations

import codecs

import pytest

from nashra.fetch import decode_html_bytes

from .conftest import shared_file

ARABIC = "أشرف والي الولاية على تدشين المستشفى الجديد بحضور السلطات المحلية"
FRENCH = "Le wali a inauguré l'hôpital de la ville, où élèves et médecins étaient présents."
CHROMIUM_SENTENCE = "أعلنت كتائب الشهيد عز الدين القسام الذراع العسكري لحركة"


def page(body: str, head: str = "", title: str = "نشرة") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head>"
        f"<body><p>{body}</p></body></html>"
    )


def test_windows1256_page_without_charset_decodes() -> None:
    data = shared_file("feeds", "chromium-encoding-test_windows-1256.no-charset.html").read_bytes()
    text, encoding = decode_html_bytes(data)
    assert encoding == "windows-1256"
    assert CHROMIUM_SENTENCE in text
    assert "Ã" not in text


def test_iso8859_6_page_without_charset_decodes() -> None:
    data = shared_file("feeds", "chromium-encoding-test_iso-8859-6.no-charset.html").read_bytes()
    text, encoding = decode_html_bytes(data, "text/html")
    assert encoding == "iso-8859-6"
    assert CHROMIUM_SENTENCE in text


def test_windows1256_bytes_labelled_iso8859_6_decode_as_windows1256() -> None:
    data = shared_file("feeds", "chromium-encoding-test_windows-1256.no-charset.html").read_bytes()
    text, encoding = decode_html_bytes(data, "text/html; charset=ISO-8859-6")
    assert encoding == "windows-1256"
    assert CHROMIUM_SENTENCE in text


def test_header_charset_windows1256_decodes() -> None:
    html = page(ARABIC)
    text, encoding = decode_html_bytes(html.encode("cp1256"), "text/html; charset=windows-1256")
    assert (text, encoding) == (html, "windows-1256")


def test_utf8_mislabelled_windows1256_by_header_decodes_as_utf8() -> None:
    html = page(ARABIC)
    text, encoding = decode_html_bytes(html.encode(), "text/html; charset=windows-1256")
    assert (text, encoding) == (html, "utf-8")


def test_utf8_mislabelled_windows1256_by_meta_decodes_as_utf8() -> None:
    html = page(ARABIC, '<meta charset="windows-1256">')
    assert decode_html_bytes(html.encode()) == (html, "utf-8")


def test_meta_charset_is_used_without_header() -> None:
    html = page(ARABIC, '<meta charset="windows-1256">')
    assert decode_html_bytes(html.encode("cp1256"), "text/html") == (html, "windows-1256")


def test_http_equiv_content_type_is_used_without_header() -> None:
    html = page(
        ARABIC, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    )
    assert decode_html_bytes(html.encode("cp1256")) == (html, "windows-1256")


def test_meta_inside_a_comment_is_ignored() -> None:
    html = page(ARABIC, '<!-- <meta charset="iso-8859-6"> --><meta charset="windows-1256">')
    assert decode_html_bytes(html.encode("cp1256"))[1] == "windows-1256"


def test_header_declaration_wins_over_meta() -> None:
    html = page(ARABIC, '<meta charset="iso-8859-6">')
    data = html.encode("cp1256")
    assert decode_html_bytes(data, "text/html; charset=windows-1256") == (html, "windows-1256")


def test_bom_wins_over_header() -> None:
    html = page(ARABIC)
    text, encoding = decode_html_bytes(
        codecs.BOM_UTF8 + html.encode(), "text/html; charset=windows-1256"
    )
    assert (text, encoding) == (html, "utf-8")


def test_utf16_bom_is_honoured() -> None:
    html = page(ARABIC)
    assert decode_html_bytes(codecs.BOM_UTF16_LE + html.encode("utf-16-le")) == (html, "utf-16le")


def test_xml_declaration_gives_a_feeds_encoding() -> None:
    feed = (
        '<?xml version="1.0" encoding="windows-1256"?>'
        f"<rss><channel><title>{ARABIC}</title></channel></rss>"
    )
    assert decode_html_bytes(feed.encode("cp1256"), "application/rss+xml") == (
        feed,
        "windows-1256",
    )


def test_header_claiming_utf8_over_windows1256_bytes_is_not_believed() -> None:
    html = page(ARABIC * 5)
    text, encoding = decode_html_bytes(html.encode("cp1256"), "text/html; charset=utf-8")
    assert encoding == "windows-1256"
    assert ARABIC in text


def test_utf8_page_with_one_broken_byte_stays_utf8() -> None:
    data = page(ARABIC * 20).encode() + b"\xff" + page(ARABIC).encode()
    text, encoding = decode_html_bytes(data, "text/html; charset=utf-8")
    assert encoding == "utf-8"
    assert ARABIC in text


def test_latin1_label_means_windows1252_as_in_browsers() -> None:
    data = "<p>l’été – déjà</p>".encode("cp1252")
    assert decode_html_bytes(data, "text/html; charset=ISO-8859-1") == (
        "<p>l’été – déjà</p>",
        "windows-1252",
    )


def test_utf7_label_is_ignored() -> None:
    html = page(ARABIC)
    assert decode_html_bytes(html.encode(), "text/html; charset=utf-7") == (html, "utf-8")


def test_unknown_label_falls_through_to_detection() -> None:
    html = page(ARABIC * 5)
    text, encoding = decode_html_bytes(html.encode("cp1256"), "text/html; charset=x-martian")
    assert encoding == "windows-1256"
    assert ARABIC in text


def test_undeclared_utf8_is_utf8() -> None:
    html = page(ARABIC)
    assert decode_html_bytes(html.encode()) == (html, "utf-8")


@pytest.mark.parametrize("codec", ["cp1256", "iso8859_6"])
def test_undeclared_arabic_legacy_page_decodes(codec: str) -> None:
    html = page(" ".join([ARABIC] * 8))
    text, _encoding = decode_html_bytes(html.encode(codec))
    assert text == html


def test_undeclared_french_page_decodes() -> None:
    html = page(" ".join([FRENCH] * 4), title="Actualités")
    text, _encoding = decode_html_bytes(html.encode("cp1252"))
    assert FRENCH in text


def test_undecodable_bytes_never_raise() -> None:
    text, encoding = decode_html_bytes(bytes(range(256)) * 4, "text/html; charset=utf-8")
    assert isinstance(text, str)
    assert encoding
