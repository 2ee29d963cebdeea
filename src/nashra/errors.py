"""The error tree: every failure nashra reports carries a stable, documented code.

Codes are dotted strings (`fetch.timeout`, `feed.parse`, ...). They are stored against a
source's feed, returned by the API and printed by the CLI, so they never change meaning.
"""

from __future__ import annotations


class NashraError(Exception):
    """Base of every error nashra raises on purpose."""

    code: str = "nashra.error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class ConfigError(NashraError):
    """An invalid setting; start-up stops with one clear line."""

    code = "config.invalid"


class FetchError(NashraError):
    """Fetching a URL failed: timeout, refused address, too large, bad status..."""

    code = "fetch.error"


class BlockedAddressError(FetchError):
    """The URL resolves to an address nashra must not connect to (SSRF guard)."""

    code = "fetch.blocked_address"


class DiscoveryError(NashraError):
    """A feed, sitemap or section page could not be read."""

    code = "feed.parse"


class ExtractionError(NashraError):
    """A page could not be turned into an article."""

    code = "extract.no_article"


class StoreError(NashraError):
    """The database refused an operation."""

    code = "store.error"


class NotFoundError(NashraError):
    """A requested object does not exist."""

    code = "not_found"


class QueryError(NashraError):
    """A search or list query is malformed."""

    code = "query.invalid"
