"""Untrusted XML bytes into text a parser can read safely and correctly.

Feeds and sitemaps arrive from servers nashra does not control. Before any XML parser sees
a feed, it goes through here:

`decode_xml` -- bytes to text; the cascade:
  1. a byte order mark (UTF-8, UTF-16, UTF-32) decides;
  2. UTF-16 without a mark is recognised from `<` and `?` interleaved with NULs;
  3. the encoding named by the XML declaration, if Python knows it and the bytes decode
     under it strictly; then UTF-8 strictly;
  4. bytes that are UTF-8 except for a few bad sequences (a truncated character, one stray
     windows-1252 quote) stay UTF-8 with U+FFFD for the bad ones (`UTF8_MAJORITY`);
  5. windows-1256 when it turns the bytes into mostly Arabic letters: the Arabic CMS
     default, served declared as UTF-8 or not declared at all. charset-normalizer is not
     asked first because on a feed of short Arabic titles in ASCII markup it guesses other
     code pages (measured: `ő»— ŕ«ŐŠ` for `خبر عاجل`);
  6. otherwise charset-normalizer's best guess, else UTF-8 with replacement characters.
  A document declared Latin-1 / windows-1252 whose accented words are mostly made only of
  `À-ÿ` letters is windows-1256 mis-declared (Arabic read as Latin: `ÎÈÑ ÚÇÌá`); it is
  re-read as windows-1256 when that yields Arabic.

`prepare_xml` -- text to well-formed-as-possible UTF-8 bytes:
  1. leading junk before the XML declaration (blank lines or a PHP notice printed before
     `<?xml`, the WordPress classic) is dropped, and the declaration rewritten to UTF-8;
  2. the DOCTYPE, with its internal subset, is removed: feeds have no use for DTDs, and
     without entity declarations there is nothing to expand (billion laughs) and nothing
     external to load (XXE). The parsers are also configured not to resolve entities or
     touch the network, so a DOCTYPE this scan misses is still inert;
  3. references XML does not define are repaired outside CDATA sections and comments:
     HTML named entities (`&nbsp;`, `&eacute;`) become numeric references, unknown names
     and bare ampersands (`?a=1&b=2`) become `&amp;`, numeric references to characters XML
     forbids are dropped; raw control characters XML forbids are removed everywhere.
     lxml's recovering parser would otherwise cut the text at the first such reference
     (`a&nbsp;b` read as `a`, `?x=1&y=2` as `?x=1=2`).

`safe_parser` -- the lxml parser settings every nashra XML read uses: entities not resolved,
no network, no DTD loading, libxml2's size and depth limits kept (`huge_tree=False`).
"""

from __future__ import annotations

import codecs
import html.entities
import re

import charset_normalizer
from lxml import etree

LEADING_JUNK_CHARS = 1024  # PHP notices before `<?xml` are short; further in is not a feed
DECLARATION_SCAN_BYTES = 1024  # the XML declaration is the first thing in the document
DOCTYPE_SCAN_BYTES = 8192  # a prolog is the declaration, a few PIs and comments, the DOCTYPE
UTF8_MAJORITY = 10  # valid non-ASCII chars per bad byte above which text is "UTF-8 with typos"
MOJIBAKE_MIN_WORDS = 3  # fewer all-accented words than this could be names or noise
MOJIBAKE_SHARE = 0.5  # most accented words are all-accented only when they are mojibake
ARABIC_SHARE = 0.5  # windows-1256 fits when most non-ASCII letters it yields are Arabic
UTF8_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_WESTERN_SINGLE_BYTE = frozenset({"iso8859-1", "cp1252", "iso8859-15"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_DOCTYPE_BYTES = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_CDATA_OR_COMMENT = re.compile(r"(<!\[CDATA\[.*?\]\]>|<!--.*?-->)", re.DOTALL)
# An "&" that does not start one of the five XML entities (numeric references are checked
# too: `&#0;` is as fatal to a strict parser as `&nbsp;`).
_NEEDS_REPAIR = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)")
_REFERENCE = re.compile(
    r"&(?:#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});|([A-Za-z][A-Za-z0-9]{0,31});)?"
)
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _is_xml_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _codec_name(label: bytes) -> str | None:
    try:
        return codecs.lookup(label.decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _is_arabic(char: str) -> bool:
    # Arabic, Arabic Supplement, Arabic Presentation Forms A and B.
    return (
        "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" or "\ufb50" <= char <= "\ufeff"
    )


def _looks_like_arabic_mojibake(text: str) -> bool:
    """Arabic windows-1256 bytes read as Latin-1: words made only of `À-ÿ` letters.

    French words carry one accent among ASCII letters (`été`, `où`); mojibake words have
    nothing but upper-half letters (`ÎÈÑ ÚÇÌá`).
    """
    accented_words = [w for w in _LETTER_RUN.findall(text) if not w.isascii()]
    mojibake = [w for w in accented_words if len(w) > 1 and all(c >= "\u00c0" for c in w)]
    return len(mojibake) >= MOJIBAKE_MIN_WORDS and (
        len(mojibake) > MOJIBAKE_SHARE * len(accented_words)
    )


def _is_mostly_arabic(text: str) -> bool:
    """Most non-ASCII letters of `text` are Arabic (French accents in windows-1256 are not)."""
    letters = [c for c in text if not c.isascii() and c.isalpha()]
    return bool(letters) and sum(map(_is_arabic, letters)) > ARABIC_SHARE * len(letters)


def decode_xml(content: bytes) -> str:
    """The text of an XML (or JSON) document; see the module docstring for the cascade."""
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(codec, errors="replace")
    if content[:4] == b"<\x00?\x00":
        return content.decode("utf-16-le", errors="replace")
    if content[:4] == b"\x00<\x00?":
        return content.decode("utf-16-be", errors="replace")
    candidates: list[str] = []
    declared = _DECLARED_ENCODING.match(content[:DECLARATION_SCAN_BYTES])
    declared_codec = _codec_name(declared[1]) if declared else None
    # A UTF-16/32 document was recognised above; such a label on these bytes is wrong.
    if declared_codec is not None and not declared_codec.startswith(("utf-16", "utf-32")):
        candidates.append(declared_codec)
    candidates.append("utf-8")
    for codec in candidates:
        try:
            text = content.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec in _WESTERN_SINGLE_BYTE and _looks_like_arabic_mojibake(text):
            arabic = content.decode("cp1256", errors="replace")
            if _is_mostly_arabic(arabic):
                return arabic
        return text
    utf8 = content.decode("utf-8", errors="replace")
    bad = utf8.count("\ufffd")
    if sum(1 for c in utf8 if not c.isascii()) - bad >= UTF8_MAJORITY * bad:
        return utf8
    arabic = content.decode("cp1256", errors="replace")
    if _is_mostly_arabic(arabic):
        return arabic
    best = charset_normalizer.from_bytes(content).best()
    return str(best) if best is not None else utf8


def _strip_leading_junk(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return stripped
    start = stripped.find("<?xml", 0, LEADING_JUNK_CHARS)
    if start < 0:
        start = stripped.find("<", 0, LEADING_JUNK_CHARS)
    return stripped[start:] if start >= 0 else stripped


def _doctype_end(text: str, start: int) -> int:
    """Index just past the DOCTYPE starting at `start` (its internal subset included)."""
    quote = ""
    in_subset = False
    index = start + len("<!DOCTYPE")
    while index < len(text):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "[":
            in_subset = True
        elif char == "]":
            in_subset = False
        elif char == ">" and not in_subset:
            return index + 1
        index += 1
    return len(text)


def _strip_doctype(text: str) -> str:
    match = _DOCTYPE.search(text)
    if match is None:
        return text
    root = text.find("<", 0, match.start())
    # Only a DOCTYPE in the prolog counts; "<!DOCTYPE" inside CDATA is text.
    while root >= 0:
        if not text.startswith(("<?", "<!--"), root):
            return text
        root = text.find("<", root + 1, match.start())
    return text[: match.start()] + text[_doctype_end(text, match.start()) :]


def strip_doctype_bytes(content: bytes) -> bytes:
    """`content` without its DOCTYPE, for ASCII-compatible encodings (see `prepare_xml`)."""
    if _DOCTYPE_BYTES.search(content, 0, DOCTYPE_SCAN_BYTES) is None:
        return content
    # Latin-1 maps bytes to code points one to one, so the round trip is lossless.
    return _strip_doctype(content.decode("latin-1")).encode("latin-1")


def _repair_reference(match: re.Match[str]) -> str:
    decimal, hexadecimal, name = match.groups()
    if decimal is not None or hexadecimal is not None:
        code = int(decimal) if decimal is not None else int(hexadecimal, 16)
        return match.group(0) if _is_xml_char(code) else ""
    if name is None:
        return "&amp;"
    if name in _XML_ENTITIES:
        return match.group(0)
    replacement = html.entities.html5.get(name + ";")
    if replacement is None:
        return "&amp;" + name + ";"
    return "".join(f"&#{ord(c)};" for c in replacement)


def _repair_references(text: str) -> str:
    if _NEEDS_REPAIR.search(text) is None:
        return text
    pieces = _CDATA_OR_COMMENT.split(text)
    for index in range(0, len(pieces), 2):
        pieces[index] = _REFERENCE.sub(_repair_reference, pieces[index])
    return "".join(pieces)


def prepare_xml(text: str) -> bytes:
    """UTF-8 bytes of `text` with junk, DTD and bad references handled (module docstring)."""
    text = _FORBIDDEN_CHARS.sub("", _strip_leading_junk(text))
    text = _XML_DECLARATION.sub("", text, count=1).lstrip()
    text = _repair_references(_strip_doctype(text))
    return (UTF8_DECLARATION + text).encode("utf-8", errors="replace")


def safe_parser(*, recover: bool) -> etree.XMLParser:
    """An lxml parser that never resolves entities, loads DTDs or opens connections."""
    return etree.XMLParser(
        recover=recover,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        collect_ids=False,
    )
