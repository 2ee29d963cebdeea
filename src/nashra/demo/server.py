"""A small HTTP/1.1 server on asyncio for the demo press, one listening socket per paper.

Why not uvicorn: its `Config` reconfigures the process-wide `uvicorn.*` loggers and its
`serve()` takes over SIGINT/SIGTERM, and the demo press runs in the same process as
nashra's own web server (`nashra demo`) and inside tests that start and stop it many times.
This server touches no global state, logs nothing, starts at once and stops at once.
HTTP parsing is h11's (the sans-I/O parser under httpx); keep-alive and HEAD work, request
bodies are read and ignored (the press only answers GET and HEAD).

Error codes:
- `demo.address_in_use`: the papers' addresses could not all be bound to one port.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import h11

from nashra.errors import NashraError

READ_CHUNK = 64 * 1024
MAX_HEADER_BYTES = 32 * 1024  # ample for any crawler's request; larger is an attack
IDLE_TIMEOUT = 30.0  # idle keep-alive connections are closed, as real servers do
BIND_ATTEMPTS = 10  # a free port on the first address is usually free on the others too
LISTEN_BACKLOG = 128
SERVER_HEADER = "nashra-demo-press"


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # as sent: path and query, still percent-encoded
    headers: dict[str, str]  # lower-case names


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)


Handler = Callable[[Request], Awaitable[Response]]


def bind_same_port(hosts: Sequence[str], port: int = 0) -> list[socket.socket]:
    """Listening-ready TCP sockets on every host, all on one port.

    With `port=0` the first host picks a free port and the others take the same one; when
    another process holds it on a later host, all are closed and the pick is retried.
    """
    attempts = BIND_ATTEMPTS if port == 0 else 1
    last_error: OSError | None = None
    for _ in range(attempts):
        sockets: list[socket.socket] = []
        chosen = port
        try:
            for host in hosts:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sockets.append(sock)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((host, chosen))
                chosen = sock.getsockname()[1]
                sock.setblocking(False)
            return sockets
        except OSError as exc:
            for sock in sockets:
                sock.close()
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise NashraError(
                    f"cannot bind the demo press to {', '.join(hosts)}: {exc.strerror}",
                    code="demo.address_in_use",
                ) from exc
            last_error = exc
    raise NashraError(
        f"no port free on all of {', '.join(hosts)}"
        + (f" (port {port} is taken)" if port else "")
        + (f": {last_error.strerror}" if last_error is not None else ""),
        code="demo.address_in_use",
    )


class LoopbackServer:
    """Serves each socket with its own handler until `stop()`."""

    def __init__(self, bindings: Sequence[tuple[socket.socket, Handler]]) -> None:
        self._bindings = list(bindings)
        self._servers: list[asyncio.Server] = []
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        for sock, handler in self._bindings:
            server = await asyncio.start_server(
                self._client(handler), sock=sock, backlog=LISTEN_BACKLOG
            )
            self._servers.append(server)

    async def stop(self) -> None:
        for server in self._servers:
            server.close()
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.gather(*self._connections, return_exceptions=True)
        for server in self._servers:
            await server.wait_closed()
        self._servers.clear()

    def _client(
        self, handler: Handler
    ) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            if task is not None:
                self._connections.add(task)
            try:
                await _serve_connection(reader, writer, handler)
            except asyncio.CancelledError:
                # stop() cancels open connections; ending quietly keeps asyncio's stream
                # callback from logging the cancellation as an error.
                return
            finally:
                if task is not None:
                    self._connections.discard(task)
                writer.close()

        return serve


async def _next_event(conn: h11.Connection, reader: asyncio.StreamReader) -> object:
    while True:
        event = conn.next_event()
        if event is not h11.NEED_DATA:
            return event
        async with asyncio.timeout(IDLE_TIMEOUT):
            data = await reader.read(READ_CHUNK)
        conn.receive_data(data)


async def _serve_connection(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, handler: Handler
) -> None:
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEADER_BYTES)
    try:
        while True:
            event = await _next_event(conn, reader)
            if not isinstance(event, h11.Request):
                return
            while not isinstance(body_event := await _next_event(conn, reader), h11.EndOfMessage):
                if not isinstance(body_event, h11.Data):
                    return
            request = Request(
                method=event.method.decode("ascii", "replace").upper(),
                target=event.target.decode("ascii", "replace"),
                headers={
                    name.decode("latin-1").lower(): value.decode("latin-1")
                    for name, value in event.headers
                },
            )
            response = await handler(request)
            writer.write(_encode(conn, request, response))
            await writer.drain()
            if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                return
            conn.start_next_cycle()
    except h11.RemoteProtocolError:
        with contextlib.suppress(h11.LocalProtocolError, ConnectionError):
            writer.write(
                conn.send(h11.Response(status_code=400, headers=[("content-length", "0")])) or b""
            )
            writer.write(conn.send(h11.EndOfMessage()) or b"")
            await writer.drain()
    except (ConnectionError, TimeoutError):
        return


def _encode(conn: h11.Connection, request: Request, response: Response) -> bytes:
    headers = [
        ("server", SERVER_HEADER),
        ("content-length", str(len(response.body))),
        *response.headers,
    ]
    chunks = [conn.send(h11.Response(status_code=response.status, headers=headers))]
    if request.method != "HEAD" and response.body:
        chunks.append(conn.send(h11.Data(data=response.body)))
    chunks.append(conn.send(h11.EndOfMessage()))
    return b"".join(chunk or b"" for chunk in chunks)
