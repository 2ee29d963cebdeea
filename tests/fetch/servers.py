"""Raw asyncio HTTP servers on 127.0.0.1 that misbehave on purpose, and network fakes.

Raw sockets rather than a web framework because the behaviours under test (never
answering, trickling, endless or bomb bodies) live below what frameworks let a handler do.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import ssl
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import TracebackType

import httpcore

# A public address nothing ever connects to: `LoopbackOnlyBackend` maps it to 127.0.0.1, so
# a test can play a public news site while the guard still refuses loopback.
PUBLIC_TEST_IP = "93.184.215.14"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]


Handler = Callable[[Request, asyncio.StreamWriter], Awaitable[None]]


def response(
    status: int = 200,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    *,
    content_length: bool = True,
) -> bytes:
    lines = [f"HTTP/1.1 {status} Status"]
    all_headers = {"Connection": "close", **(headers or {})}
    if content_length:
        all_headers.setdefault("Content-Length", str(len(body)))
    lines += [f"{name}: {value}" for name, value in all_headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def static(
    body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200, **extra: str
) -> Handler:
    """A handler answering every request with the same response."""
    headers = {"Content-Type": content_type, **{k.replace("_", "-"): v for k, v in extra.items()}}

    async def handle(request: Request, writer: asyncio.StreamWriter) -> None:
        writer.write(response(status, body, headers))
        await writer.drain()

    return handle


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return Request(method, path, headers)


@dataclass
class RawServer:
    """An HTTP/1.1 server on 127.0.0.1:<random port> dispatching on the request path.

    Unknown paths (robots.txt included) get a 404. Every request is recorded.
    """

    routes: dict[str, Handler]
    tls: ssl.SSLContext | None = None
    requests: list[Request] = field(default_factory=list)
    port: int = 0
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0, ssl=self.tls)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # type: ignore[arg-type]
        try:
            request = await _read_request(reader)
            if request is None:
                return
            self.requests.append(request)
            handler = self.routes.get(request.path.split("?", 1)[0], _not_found)
            with contextlib.suppress(ConnectionError):
                await handler(request, writer)
        finally:
            self._tasks.discard(task)  # type: ignore[arg-type]
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()


async def _not_found(request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(response(404, b"not found", {"Content-Type": "text/plain"}))
    await writer.drain()


def is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback and not (
        isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None
    )


class RecordingResolver:
    """A DNS stand-in: fixed answers per name, every question recorded."""

    def __init__(self, answers: Mapping[str, list[str]]) -> None:
        self.answers = dict(answers)
        self.questions: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.questions.append(host)
        return list(self.answers.get(host, []))


class LoopbackOnlyBackend(httpcore.AsyncNetworkBackend):
    """The network boundary of guard tests: records every address the guard lets through,
    connects `PUBLIC_TEST_IP` to 127.0.0.1, and refuses anything else non-loopback."""

    def __init__(self) -> None:
        self.addresses: list[str] = []
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[
            tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
        ]
        | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.addresses.append(host)
        if host == PUBLIC_TEST_IP:
            host = "127.0.0.1"
        elif not is_loopback(host):
            raise httpcore.ConnectError(f"test backend refuses to connect to {host}")
        return await self._inner.connect_tcp(
            host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
