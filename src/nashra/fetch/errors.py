"""Fetch errors that carry more than a code: the HTTP status, the server's Retry-After.

Every fetch failure is a `nashra.errors.FetchError` (or `BlockedAddressError`); the two
classes here add the attributes a caller needs to act on a status without parsing messages.
Codes raised with them: `fetch.not_found`, `fetch.http_error`, `fetch.server_error`
(`HTTPStatusError`) and `fetch.rate_limited` (`RateLimitedError`).
"""

from __future__ import annotations

from nashra.errors import FetchError


class HTTPStatusError(FetchError):
    """The server answered with an error status; `status` is that status."""

    code = "fetch.http_error"

    def __init__(self, message: str, *, status: int, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.status = status


class RateLimitedError(HTTPStatusError):
    """The host asked us to come back later (429, or 503 with Retry-After).

    `retry_after` is the number of seconds to wait before asking that host again; `status`
    is 0 when the refusal came from nashra's own memory of an earlier answer rather than a
    fresh response.
    """

    code = "fetch.rate_limited"

    def __init__(self, message: str, *, retry_after: float, status: int) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after
