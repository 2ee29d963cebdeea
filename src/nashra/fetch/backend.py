"""The httpcore network backend that applies the SSRF guard at connect time.

httpcore asks its network backend for a TCP stream to (host, port) whenever it needs a new
connection: for the first request, for every redirect hop to a new origin, and after a
pooled connection expired. `GuardedBackend.connect_tcp` is therefore the one place every
connection passes through. It:

1. reads the host as a literal address when it is one (WHATWG rules, so `0x7f000001` is
   127.0.0.1), else resolves it with the injected resolver;
2. checks EVERY resolved address with `guard.is_blocked_address` and refuses the whole host
   if any is blocked (a name that also resolves to 10.0.0.1 is not trusted);
3. connects to the checked addresses themselves, in order, never to the name again, so DNS
   cannot answer differently between the check and the connection (no rebinding window).

TLS is unaffected: httpcore calls `start_tls` on the returned stream with
`server_hostname` set to the URL's host name, so SNI and certificate checks use the name.

Error codes: `fetch.blocked_address` (`BlockedAddressError`), `fetch.dns` (the name does not
resolve), `fetch.bad_url` (invalid numeric host). Resolution that outlasts the connect
timeout raises `httpcore.ConnectTimeout`, which the fetcher reports as `fetch.timeout`.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Iterable

import httpcore

from nashra.errors import BlockedAddressError, FetchError
from nashra.fetch.guard import check_address, parse_host_literal

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""host, port -> the IP addresses (text) the host resolves to."""

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system (`loop.getaddrinfo`), keeping its order."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {host!r}: {exc}", code="fetch.dns") from None
    addresses: list[str] = []
    for _family, _type, _proto, _canonname, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore backend that only connects to addresses the guard allows.

    `inner` makes the actual connections (default: httpcore's AnyIO backend); tests put a
    recording or redirecting backend there, at the network boundary.
    """

    def __init__(
        self,
        *,
        resolver: Resolver | None = None,
        allow_loopback: bool = False,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._resolver: Resolver = resolver or system_resolver
        self._allow_loopback = allow_loopback
        self._inner: httpcore.AsyncNetworkBackend = inner or httpcore.AnyIOBackend()

    async def resolve_checked(self, host: str, port: int) -> list[str]:
        """The addresses `host` stands for, after checking every one of them."""
        literal = parse_host_literal(host)
        addresses = [str(literal)] if literal is not None else await self._resolver(host, port)
        if not addresses:
            raise FetchError(f"{host!r} resolves to no address", code="fetch.dns")
        for address in addresses:
            check_address(address, allow_loopback=self._allow_loopback, host=host)
        return addresses

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        try:
            async with asyncio.timeout(timeout):
                addresses = await self.resolve_checked(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host!r} timed out") from None
        last_error: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            remaining = None if deadline is None else max(deadline - loop.time(), 0.0)
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=remaining,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None  # addresses is never empty here
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError("unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
