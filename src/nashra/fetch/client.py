"""The one httpx client factory: every HTTP request nashra makes goes through `make_client`.

The client it builds:
- connects only through `GuardedBackend` (SSRF guard at connect time, on every connection);
- ignores proxy and certificate environment variables (`trust_env=False`): a proxy would
  make the connection the guard checks be the proxy's, not the target's;
- follows no redirects itself: the fetcher follows them one hop at a time so every hop is
  re-checked (httpx would follow them through the same guarded transport too);
- identifies itself as `nashra/<version> (+<settings.user_agent_contact>)`;
- speaks HTTP/1.1, with miniflux's timeouts: `CONNECT_TIMEOUT` to connect and
  `TOTAL_TIMEOUT` for a whole fetch (the fetcher enforces the total; httpx's own read
  timeout is per read, so it cannot stop a server trickling a byte at a time).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Final

import httpcore
import httpx

from nashra import __version__
from nashra.fetch.backend import GuardedBackend, Resolver
from nashra.settings import Settings

CONNECT_TIMEOUT: Final = 10.0  # seconds; miniflux's dial timeout
TOTAL_TIMEOUT: Final = 20.0  # seconds for a whole fetch, redirects included; miniflux's
KEEPALIVE_EXPIRY: Final = 30.0  # seconds an idle pooled connection is kept for the next hit


@dataclass(frozen=True)
class Timeouts:
    """Connect and total timeouts in seconds (tests shrink them)."""

    connect: float = CONNECT_TIMEOUT
    total: float = TOTAL_TIMEOUT


def user_agent(settings: Settings) -> str:
    return f"nashra/{__version__} (+{settings.user_agent_contact})"


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool rebuilt on a `GuardedBackend`.

    `httpx.AsyncHTTPTransport` takes no network backend, so the pool it made is replaced by
    an identical one that connects through the guard.
    """

    def __init__(
        self,
        backend: GuardedBackend,
        *,
        limits: httpx.Limits,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(trust_env=False, limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=backend,
        )


def make_client(
    settings: Settings,
    *,
    resolver: Resolver | None = None,
    timeouts: Timeouts | None = None,
    network_backend: httpcore.AsyncNetworkBackend | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> httpx.AsyncClient:
    """An httpx client whose every connection passes the SSRF guard.

    `resolver` replaces DNS (tests); `network_backend` is what the guard connects through
    after checking (tests record or redirect connections there); `ssl_context` replaces
    the certifi trust store (tests with a self-signed certificate).
    """
    chosen = timeouts or Timeouts()
    backend = GuardedBackend(
        resolver=resolver,
        allow_loopback=settings.allow_private_hosts,
        inner=network_backend,
    )
    pool_limits = httpx.Limits(
        max_connections=settings.global_concurrency,
        max_keepalive_connections=settings.global_concurrency,
        keepalive_expiry=KEEPALIVE_EXPIRY,
    )
    return httpx.AsyncClient(
        transport=GuardedTransport(backend, limits=pool_limits, ssl_context=ssl_context),
        timeout=httpx.Timeout(chosen.total, connect=chosen.connect),
        headers={"User-Agent": user_agent(settings)},
        follow_redirects=False,
        trust_env=False,
    )
