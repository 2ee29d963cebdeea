"""Judging a response before its body is used: status, content type, caching headers.

Like miniflux's `response_handler.go`, every way an answer can be unusable becomes one
stable error code. Status cascade (`raise_for_status`), first match wins:
2xx ok (304 is handled by the fetcher as "not modified"); 429 -> `fetch.rate_limited`
(Retry-After, else `DEFAULT_RETRY_AFTER`); 503 with a Retry-After -> `fetch.rate_limited`;
404 and 410 -> `fetch.not_found`; other 4xx -> `fetch.http_error`; 5xx ->
`fetch.server_error`; anything else (1xx, 3xx that is not a redirect) -> `fetch.http_error`.
Status errors are `HTTPStatusError`s carrying `status`; rate limits are `RateLimitedError`s
carrying `retry_after` seconds.

Content types accepted per kind of fetch (`check_content_type`, else `fetch.bad_content_type`):
- page: text/html, application/xhtml+xml, or no Content-Type at all (the extractor sniffs);
- feed: any XML or JSON type (`*/xml`, `*+xml`, `*/json`, `*+json`), gzip (sitemap.xml.gz),
  and — because real feeds are served that way by misconfigured servers and the feed
  parser is the better judge — text/html, text/plain, application/octet-stream and none;
- image: image/* except image/svg+xml (SVG can carry scripts and is served back by the
  image proxy);
- robots: anything (robots.txt is read as text whatever it is labelled).
"""

from __future__ import annotations

import email.utils
import math
import re
import time
from collections.abc import Mapping
from typing import Final, Literal

from nashra.errors import FetchError
from nashra.fetch.errors import HTTPStatusError, RateLimitedError

Kind = Literal["page", "feed", "image", "robots"]

REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
DEFAULT_RETRY_AFTER: Final = 60.0  # a 429 without Retry-After: try that host again in a minute
MAX_RETRY_AFTER: Final = 24 * 3600.0  # a longer wait is a misconfiguration; check daily anyway

PAGE_TYPES: Final = frozenset({"text/html", "application/xhtml+xml", ""})
FEED_EXTRA_TYPES: Final = frozenset(
    {
        "",
        "text/html",
        "text/plain",
        "application/octet-stream",
        "application/gzip",
        "application/x-gzip",
    }
)
BLOCKED_IMAGE_TYPES: Final = frozenset({"image/svg+xml"})

MAX_AGE_PATTERN: Final = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)\"?", re.IGNORECASE)

DEFAULT_ACCEPT: Final[Mapping[Kind, str]] = {
    "page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    "feed": (
        "application/rss+xml,application/atom+xml,application/feed+json,"
        "application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,*/*;q=0.5"
    ),
    "image": "image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8",
    "robots": "text/plain,*/*;q=0.5",
}


def media_type(content_type: str | None) -> str:
    """`text/html; charset=utf-8` -> `text/html` (lower-case; "" when absent)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def content_type_accepted(kind: Kind, media: str) -> bool:
    if kind == "robots":
        return True
    if kind == "page":
        return media in PAGE_TYPES
    if kind == "image":
        return media.startswith("image/") and media not in BLOCKED_IMAGE_TYPES
    subtype = media.partition("/")[2]
    return (
        media in FEED_EXTRA_TYPES
        or subtype in ("xml", "json")
        or subtype.endswith(("+xml", "+json"))
    )


def check_content_type(kind: Kind, media: str, url: str) -> None:
    if not content_type_accepted(kind, media):
        raise FetchError(
            f"{url} is {media or 'untyped'}, not a {kind}", code="fetch.bad_content_type"
        )


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP date), bounded."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        seconds = float(text)
    else:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def parse_max_age(cache_control: str | None) -> float | None:
    """The max-age of a Cache-Control header, in seconds (None when absent)."""
    match = MAX_AGE_PATTERN.search(cache_control or "")
    if match is None:
        return None
    seconds = float(match.group(1))
    return seconds if math.isfinite(seconds) else None


def raise_for_status(status: int, headers: Mapping[str, str], url: str) -> None:
    """Raise the error a non-success status means; return for 2xx."""
    if 200 <= status < 300:
        return
    retry_after = parse_retry_after(headers.get("retry-after"))
    if status == 429:
        wait = DEFAULT_RETRY_AFTER if retry_after is None else retry_after
        raise RateLimitedError(
            f"{url} answered 429, retry in {wait:.0f} s", retry_after=wait, status=status
        )
    if status == 503 and retry_after is not None:
        raise RateLimitedError(
            f"{url} answered 503, retry in {retry_after:.0f} s",
            retry_after=retry_after,
            status=status,
        )
    if status in (404, 410):
        raise HTTPStatusError(f"{url} answered {status}", status=status, code="fetch.not_found")
    if 500 <= status < 600:
        raise HTTPStatusError(f"{url} answered {status}", status=status, code="fetch.server_error")
    raise HTTPStatusError(f"{url} answered {status}", status=status, code="fetch.http_error")
