"""Fetching the web politely and safely: one guarded httpx client, robots.txt, politeness,
size and time limits, and charset decoding.

Modules, one job each: `guard` (which addresses and URLs are allowed), `backend` (the
connect-time SSRF check), `client` (the httpx client factory and timeouts), `body`
(decoding and capping response bodies), `responses` (status, content type, cache headers),
`charset` (bytes to text), `politeness` (concurrency, delays, backoff), `robots`
(robots.txt), `fetcher` (`Fetcher.get` tying them together), `errors` (errors with
attributes). Error codes are listed in `fetcher`'s docstring.
"""

from nashra.fetch.backend import GuardedBackend, Resolver, system_resolver
from nashra.fetch.body import MAX_BODY_BYTES, gunzip
from nashra.fetch.charset import decode_html_bytes, detect_encoding
from nashra.fetch.client import CONNECT_TIMEOUT, TOTAL_TIMEOUT, Timeouts, make_client, user_agent
from nashra.fetch.errors import HTTPStatusError, RateLimitedError
from nashra.fetch.fetcher import MAX_REDIRECTS, Fetcher, FetchResult
from nashra.fetch.guard import is_blocked_address, normalize_url
from nashra.fetch.politeness import Politeness, backoff_delay
from nashra.fetch.responses import Kind
from nashra.fetch.robots import USER_AGENT_TOKEN, RobotsCache

__all__ = [
    "CONNECT_TIMEOUT",
    "MAX_BODY_BYTES",
    "MAX_REDIRECTS",
    "TOTAL_TIMEOUT",
    "USER_AGENT_TOKEN",
    "FetchResult",
    "Fetcher",
    "GuardedBackend",
    "HTTPStatusError",
    "Kind",
    "Politeness",
    "RateLimitedError",
    "Resolver",
    "RobotsCache",
    "Timeouts",
    "backoff_delay",
    "decode_html_bytes",
    "detect_encoding",
    "gunzip",
    "is_blocked_address",
    "make_client",
    "normalize_url",
    "system_resolver",
    "user_agent",
]
