"""Timestamps of feeds and sitemaps as timezone-aware UTC datetimes.

Feeds and sitemaps state dates in two families: ISO 8601 / W3C datetime (Atom, JSON Feed,
sitemaps, RSS 1.0 `dc:date`) and RFC 822 (RSS 2.0 `pubDate`, and sitemaps that copy it).
The cascade: ISO 8601 (with the W3C reduced forms `YYYY` and `YYYY-MM`), then RFC 822.
A date without a zone is taken as UTC (nothing better is known here; the extractor reads
the page's own date later). Anything else is None: a wrong date is worse than none.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

MAX_DATE_CHARS = 64  # the longest real timestamp is ~40 characters; longer is junk
_REDUCED = re.compile(r"^(\d{4})(?:-(\d{2}))?$")  # W3C datetime "YYYY" and "YYYY-MM"


def to_utc(value: datetime) -> datetime:
    """`value` in UTC; a naive value is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_datetime(text: str | None) -> datetime | None:
    """A timestamp from an ISO 8601, W3C or RFC 822 string, in UTC; None if unreadable."""
    if not text:
        return None
    value = text.strip()
    if not value or len(value) > MAX_DATE_CHARS:
        return None
    reduced = _REDUCED.match(value)
    try:
        if reduced:
            return datetime(int(reduced[1]), int(reduced[2] or 1), 1, tzinfo=UTC)
        return to_utc(datetime.fromisoformat(value))
    except (ValueError, OverflowError):
        pass
    try:
        return to_utc(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
