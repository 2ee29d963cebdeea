"""Turning fetched HTML or XML bytes into text: which encoding, decided as browsers do, tuned
for Arabic sites.

Cascade of `detect_encoding`, first answer wins:
1. Byte-order mark (UTF-8, UTF-16 LE/BE).
2. The `charset` of the HTTP Content-Type header.
3. The `encoding` of an XML declaration at the very start (feeds, XHTML). It comes before
   the meta prescan because a feed's escaped HTML can carry a `<meta charset>` of its own.
4. `<meta charset>` or `<meta http-equiv=Content-Type content="...; charset=...">` in the
   first `META_PRESCAN_BYTES` bytes (comments skipped).
5. Detection: pure ASCII or valid UTF-8 is UTF-8; otherwise charset-normalizer restricted
   to `DETECTION_CANDIDATES` (the encodings Arabic and French Maghreb sites use), run on the
   text between tags so markup does not drown the signal; `FALLBACK_ENCODING` if it gives
   up.

A declaration (steps 2–4) is second-guessed in two ways, both because Arabic sites get it
wrong in practice:
- it names a legacy encoding but the bytes are valid UTF-8 containing non-ASCII: UTF-8 wins
  (a CMS emitting UTF-8 behind a stale `windows-1256` header — legacy Arabic text is almost
  never valid UTF-8 by chance);
- it says UTF-8 but more than `UTF8_TOLERATED_ERROR_RATIO` of the non-ASCII sequences are
  invalid: the declaration is ignored and the cascade goes on; it says ISO-8859-6 but the
  bytes use positions ISO-8859-6 leaves unassigned: windows-1256, its Windows sibling.
Labels are resolved with the WHATWG Encoding Standard's label table for the encodings that
matter here (so `latin1`/`us-ascii` mean windows-1252, `arabic` means ISO-8859-6), else with
Python's codec registry; UTF-7 and unknown labels are ignored, and UTF-16 named inside the
document (not by a BOM or header) means UTF-8, as in browsers. Decoding never fails:
undecodable bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

from charset_normalizer import from_bytes

META_PRESCAN_BYTES: Final = 4096  # WHATWG scans 1024; CMSs often put scripts before the meta
XML_DECLARATION_BYTES: Final = 1024  # the declaration is the first thing in the document
DETECTION_SAMPLE_BYTES: Final = 256 * 2**10  # enough text to decide; detection is the slow step
UTF8_TOLERATED_ERROR_RATIO: Final = 0.01  # a stray bad byte in a UTF-8 page is still UTF-8
# What Arabic and French-language Maghreb sites are written in (charset-normalizer names).
DETECTION_CANDIDATES: Final = ("utf_8", "cp1256", "iso8859_6", "cp1252")
FALLBACK_ENCODING: Final = "windows-1256"  # the browser default for an Arabic locale

BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
)

# Canonical name -> WHATWG labels, for the encodings nashra meets; others go to `codecs`.
WHATWG_LABELS: Final[dict[str, tuple[str, ...]]] = {
    "utf-8": ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8",
              "x-unicode20utf8"),
    "windows-1256": ("cp1256", "windows-1256", "x-cp1256"),
    "iso-8859-6": ("arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic",
                   "ecma-114", "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127",
                   "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"),
    "windows-1252": ("ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819",
                     "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1",
                     "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
                     "x-cp1252"),
    "utf-16le": ("csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff",
                 "utf-16", "utf-16le"),
    "utf-16be": ("unicodefffe", "utf-16be"),
}  # fmt: skip
LABEL_TO_NAME: Final = {label: name for name, labels in WHATWG_LABELS.items() for label in labels}
PYTHON_CODECS: Final = {
    "utf-8": "utf-8",
    "windows-1256": "cp1256",
    "iso-8859-6": "iso8859-6",
    "windows-1252": "cp1252",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
}
DETECTED_NAMES: Final = {
    "utf_8": "utf-8",
    "ascii": "utf-8",
    "cp1256": "windows-1256",
    "iso8859_6": "iso-8859-6",
    "cp1252": "windows-1252",
}
REFUSED_CODECS: Final = frozenset({"utf-7"})  # WHATWG forbids it: script injection vector
UTF16_NAMES: Final = frozenset({"utf-16le", "utf-16be"})
# A declared label that cannot decode the bytes strictly -> the encoding really used.
MISLABEL_FALLBACKS: Final = {"iso-8859-6": "windows-1256"}

HEADER_CHARSET: Final = re.compile(r"charset\s*=\s*[\"']?\s*([^\"';\s]+)", re.IGNORECASE)
XML_DECLARATION: Final = re.compile(
    rb"^\s*<\?xml\s[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.IGNORECASE
)
META_CHARSET: Final = re.compile(
    rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE
)
HTML_COMMENT: Final = re.compile(rb"<!--.*?-->", re.DOTALL)
NON_TEXT: Final = re.compile(
    rb"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def decode_html_bytes(data: bytes, content_type_header: str | None = None) -> tuple[str, str]:
    """Decode an HTML or XML document; returns (text, encoding name). Never raises."""
    encoding = detect_encoding(data, content_type_header)
    for bom, name in BOMS:
        if data.startswith(bom) and name == encoding:
            data = data[len(bom) :]
            break
    return data.decode(python_codec(encoding), errors="replace"), encoding


def python_codec(encoding: str) -> str:
    return PYTHON_CODECS.get(encoding, encoding)


def resolve_label(label: str) -> str | None:
    """Canonical encoding name for a charset label, or None when it is unknown or refused."""
    cleaned = label.strip().strip("\"'").strip().lower()
    if not cleaned:
        return None
    if cleaned in LABEL_TO_NAME:
        return LABEL_TO_NAME[cleaned]
    try:
        name = codecs.lookup(cleaned).name
    except LookupError:
        return None
    if name in REFUSED_CODECS:
        return None
    return next((canon for canon, codec in PYTHON_CODECS.items() if codec == name), name)


def detect_encoding(data: bytes, content_type_header: str | None = None) -> str:
    """The encoding `decode_html_bytes` will use (see the module docstring's cascade)."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    if content_type_header:
        match = HEADER_CHARSET.search(content_type_header)
        if match:
            chosen = _trusted(resolve_label(match.group(1)), data, in_document=False)
            if chosen:
                return chosen
    for declared in _document_declarations(data):
        chosen = _trusted(resolve_label(declared), data, in_document=True)
        if chosen:
            return chosen
    return _detect(data)


def _document_declarations(data: bytes) -> list[str]:
    labels: list[str] = []
    xml = XML_DECLARATION.match(data[:XML_DECLARATION_BYTES])
    if xml:
        labels.append(xml.group(1).decode("ascii"))
    head = HTML_COMMENT.sub(b"", data[:META_PRESCAN_BYTES])
    meta = META_CHARSET.search(head)
    if meta:
        labels.append(meta.group(1).decode("ascii"))
    return labels


def _trusted(declared: str | None, data: bytes, *, in_document: bool) -> str | None:
    """The encoding to use for a declaration, after checking it against the bytes."""
    if declared is None:
        return None
    if declared in UTF16_NAMES:
        # A document that could state its own encoding in ASCII is not UTF-16.
        return "utf-8" if in_document else declared
    if declared == "utf-8":
        return "utf-8" if _mostly_utf8(data) else None
    if not data.isascii() and _is_utf8(data):
        return "utf-8"
    fallback = MISLABEL_FALLBACKS.get(declared)
    if fallback and not _decodes(data, declared):
        return fallback
    return declared


def _detect(data: bytes) -> str:
    if data.isascii() or _mostly_utf8(data):
        return "utf-8"
    sample = NON_TEXT.sub(b" ", data[:DETECTION_SAMPLE_BYTES])
    if sample.isascii():
        sample = data[:DETECTION_SAMPLE_BYTES]
    best = from_bytes(sample, cp_isolation=list(DETECTION_CANDIDATES)).best()
    if best is None:
        return FALLBACK_ENCODING
    return DETECTED_NAMES.get(best.encoding, FALLBACK_ENCODING)


def _is_utf8(data: bytes) -> bool:
    return _decodes(data, "utf-8")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(python_codec(encoding))
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8, or so close that the few bad bytes are damage, not another encoding."""
    if _is_utf8(data):
        return True
    text = data.decode("utf-8", errors="replace")
    errors = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii > 0 and errors / non_ascii <= UTF8_TOLERATED_ERROR_RATIO
