"""Plain-text clean-up shared by every extracted field.

Every text field of an `Article` is plain text: whitespace runs (including U+00A0 and the
other Unicode spaces) collapse to one space, control characters go, and the bidi
embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069) are removed because
they can reorder what a reader sees. The joiners U+200C (ZWNJ) and U+200D (ZWJ) and the
marks U+200E/U+200F (LRM/RLM) are kept: they carry spelling and punctuation direction in
Arabic and Persian text.
"""

from __future__ import annotations

import re

# U+202A LRE, U+202B RLE, U+202C PDF, U+202D LRO, U+202E RLO, U+2066-U+2069 isolates.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0/C1 controls except tab/newline (those are whitespace), plus U+FEFF (BOM / ZWNBSP).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
# Python's \s covers U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000 but not U+200B.
WHITESPACE = re.compile(r"\s+")


def clean_text(value: str | None) -> str:
    """One line of plain text: controls and bidi overrides removed, whitespace collapsed."""
    if not value:
        return ""
    value = BIDI_CONTROLS.sub("", value)
    value = CONTROL_CHARACTERS.sub("", value)
    return WHITESPACE.sub(" ", value).strip()


def collapse_whitespace(value: str) -> str:
    """Whitespace runs to one space (the comparison rule of the evaluation sets)."""
    return WHITESPACE.sub(" ", value).strip()
