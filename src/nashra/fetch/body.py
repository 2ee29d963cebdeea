"""Reading a response body: Content-Encoding undone while streaming, capped after decoding.

httpx's own decoders inflate a whole network chunk in one call: one 64 KiB chunk of a gzip
bomb becomes 64 MiB, of a brotli bomb far more, before any limit is looked at. nashra asks httpx
for the raw bytes (`aiter_raw`) and decodes them itself, never letting one decompression
step produce more than `DECODE_STEP_BYTES` (brotli grows its output buffer in blocks and
may overshoot that by one block); the running total of DECODED bytes is checked
after every step and the read stops as soon as it passes the cap. Memory stays bounded by
the cap plus one step, whatever the compression ratio.

Supported encodings: gzip (x-gzip), deflate (zlib-wrapped, or raw as some servers send
it), br, identity, and any chain of them (`Content-Encoding: gzip, br`).

Error codes: `fetch.too_large` (more than the cap once decoded), `fetch.bad_encoding`
(an encoding nashra did not ask for, or a corrupt compressed stream).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Final, Protocol

import brotli
import httpx

from nashra.errors import FetchError

MAX_BODY_BYTES: Final = 15 * 2**20  # same cap as miniflux; larger pages are not articles
DECODE_STEP_BYTES: Final = 64 * 2**10  # most output one decompression step may produce
ACCEPT_ENCODING: Final = "gzip, deflate, br"  # exactly what `decoder_for` can undo


class Decoder(Protocol):
    def decode(self, data: bytes) -> Iterator[bytes]: ...

    def flush(self) -> Iterator[bytes]: ...


class IdentityDecoder:
    def decode(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def flush(self) -> Iterator[bytes]:
        yield from ()


class ZlibDecoder:
    """gzip (`wbits=16 + MAX_WBITS`) or deflate; falls back to raw deflate when asked."""

    def __init__(self, wbits: int, *, raw_fallback: bool = False) -> None:
        self._inflater = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback
        self._started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        if not self._started and data:
            self._started = True
            if self._raw_fallback and not _looks_like_zlib(data):
                # Some servers label raw deflate as "deflate"; browsers accept both.
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        pending = data
        while True:
            try:
                out = self._inflater.decompress(pending, DECODE_STEP_BYTES)
            except zlib.error as exc:
                raise FetchError(
                    f"corrupt compressed body: {exc}", code="fetch.bad_encoding"
                ) from None
            if out:
                yield out
            pending = self._inflater.unconsumed_tail
            # A full step may leave output inside zlib even when all input was consumed.
            if not pending and len(out) < DECODE_STEP_BYTES:
                return

    def flush(self) -> Iterator[bytes]:
        yield from self.decode(b"")


class BrotliDecoder:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes) -> Iterator[bytes]:
        try:
            out: bytes = self._decompressor.process(data, output_buffer_limit=DECODE_STEP_BYTES)
            # can_accept_more_data() turns true while output is still pending, so drain
            # until a step yields nothing.
            while out:
                yield out
                if self._decompressor.is_finished():
                    return
                out = self._decompressor.process(b"", output_buffer_limit=DECODE_STEP_BYTES)
        except brotli.error as exc:
            raise FetchError(f"corrupt brotli body: {exc}", code="fetch.bad_encoding") from None

    def flush(self) -> Iterator[bytes]:
        yield from self.decode(b"")


class ChainDecoder:
    """Several encodings, undone in the reverse of the order they were applied."""

    def __init__(self, decoders: list[Decoder]) -> None:
        self._decoders = decoders

    def decode(self, data: bytes) -> Iterator[bytes]:
        yield from self._from(0, iter((data,)))

    def flush(self) -> Iterator[bytes]:
        for stage, decoder in enumerate(self._decoders):
            yield from self._from(stage + 1, decoder.flush())

    def _from(self, stage: int, pieces: Iterator[bytes]) -> Iterator[bytes]:
        """Feed `pieces` to decoder `stage` and everything after it."""
        if stage == len(self._decoders):
            yield from pieces
            return
        for piece in pieces:
            yield from self._from(stage + 1, self._decoders[stage].decode(piece))


def _looks_like_zlib(data: bytes) -> bool:
    """RFC 1950 header: deflate method, and the first two bytes divisible by 31."""
    if len(data) < 2:
        return True
    return data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def decoder_for(content_encoding: str | None) -> Decoder:
    """The decoder undoing a Content-Encoding header value (`fetch.bad_encoding` if unknown)."""
    names = [name.strip().lower() for name in (content_encoding or "").split(",") if name.strip()]
    decoders: list[Decoder] = []
    for name in reversed(names):
        if name in ("gzip", "x-gzip"):
            decoders.append(ZlibDecoder(16 + zlib.MAX_WBITS))
        elif name == "deflate":
            decoders.append(ZlibDecoder(zlib.MAX_WBITS, raw_fallback=True))
        elif name == "br":
            decoders.append(BrotliDecoder())
        elif name != "identity":
            raise FetchError(f"unsupported Content-Encoding {name!r}", code="fetch.bad_encoding")
    if not decoders:
        return IdentityDecoder()
    if len(decoders) == 1:
        return decoders[0]
    return ChainDecoder(decoders)


class CappedBuffer:
    """Collects decoded pieces, raising `fetch.too_large` (or truncating) past the cap."""

    def __init__(self, max_bytes: int, *, truncate: bool, url: str) -> None:
        self._max_bytes = max_bytes
        self._truncate = truncate
        self._url = url
        self._pieces: list[bytes] = []
        self._size = 0
        self.full = False

    def add(self, piece: bytes) -> None:
        room = self._max_bytes - self._size
        if len(piece) > room:
            if not self._truncate:
                raise FetchError(
                    f"body of {self._url} is larger than {self._max_bytes} bytes once decoded",
                    code="fetch.too_large",
                )
            piece = piece[:room]
            self.full = True
        self._pieces.append(piece)
        self._size += len(piece)

    def value(self) -> bytes:
        return b"".join(self._pieces)


async def read_body(
    response: httpx.Response, *, max_bytes: int = MAX_BODY_BYTES, truncate: bool = False
) -> bytes:
    """The decoded body of a streamed response, at most `max_bytes` long.

    With `truncate`, a longer body is cut at the cap instead of raising `fetch.too_large`
    (robots.txt: only the first part is read, as Google does).
    """
    url = str(response.request.url)
    decoder = decoder_for(response.headers.get("content-encoding"))
    declared = response.headers.get("content-length", "")
    if (
        isinstance(decoder, IdentityDecoder)
        and declared.isdigit()
        and int(declared) > max_bytes
        and not truncate
    ):
        raise FetchError(
            f"body of {url} declares {declared} bytes, more than {max_bytes}",
            code="fetch.too_large",
        )
    buffer = CappedBuffer(max_bytes, truncate=truncate, url=url)
    async for raw in response.aiter_raw():
        for piece in decoder.decode(raw):
            buffer.add(piece)
            if buffer.full:
                return buffer.value()
    for piece in decoder.flush():
        buffer.add(piece)
        if buffer.full:
            break
    return buffer.value()


def gunzip(data: bytes, *, max_bytes: int = MAX_BODY_BYTES, url: str = "body") -> bytes:
    """Inflate a gzip file (e.g. a `sitemap.xml.gz` body) under the same decoded-size cap."""
    decoder = ZlibDecoder(16 + zlib.MAX_WBITS)
    buffer = CappedBuffer(max_bytes, truncate=False, url=url)
    for piece in decoder.decode(data):
        buffer.add(piece)
    for piece in decoder.flush():
        buffer.add(piece)
    return buffer.value()
