"""Content-Encoding decoding with a cap on the decoded size."""

from __future__ import annotations

import gzip
import zlib

import brotli  # type: ignore[import-untyped]
import pytest

from nashra.errors import FetchError
from nashra.fetch import gunzip
from nashra.fetch.body import DECODE_STEP_BYTES, decoder_for

TEXT = ("نشرة الأخبار " * 2000).encode()


def decode_all(encoding: str | None, data: bytes, chunk: int = 1000) -> bytes:
    decoder = decoder_for(encoding)
    pieces = []
    for start in range(0, len(data), chunk):
        pieces.extend(decoder.decode(data[start : start + chunk]))
    pieces.extend(decoder.flush())
    return b"".join(pieces)


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        ("gzip", gzip.compress(TEXT)),
        ("x-gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", raw_deflate(TEXT)),
        ("br", brotli.compress(TEXT)),
        ("identity", TEXT),
        (None, TEXT),
        ("gzip, br", brotli.compress(gzip.compress(TEXT))),
        ("br, gzip", gzip.compress(brotli.compress(TEXT))),
    ],
)
def test_content_encodings_are_undone(encoding: str | None, encoded: bytes) -> None:
    assert decode_all(encoding, encoded) == TEXT


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        ("gzip", gzip.compress(bytes(50 * DECODE_STEP_BYTES))),
        ("br", brotli.compress(bytes(50 * DECODE_STEP_BYTES))),
        ("gzip, br", brotli.compress(gzip.compress(bytes(50 * DECODE_STEP_BYTES)))),
    ],
)
def test_no_decoding_step_outgrows_the_step_size(encoding: str, encoded: bytes) -> None:
    decoder = decoder_for(encoding)
    pieces = [*decoder.decode(encoded), *decoder.flush()]
    # brotli stops growing its output buffer past the limit, overshooting by one block.
    assert max(len(piece) for piece in pieces) <= 2 * DECODE_STEP_BYTES
    assert sum(len(piece) for piece in pieces) == 50 * DECODE_STEP_BYTES


def test_unknown_content_encoding_is_refused() -> None:
    with pytest.raises(FetchError) as caught:
        decoder_for("compress")
    assert caught.value.code == "fetch.bad_encoding"


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_corrupt_compressed_body_is_refused(encoding: str) -> None:
    with pytest.raises(FetchError) as caught:
        decode_all(
            encoding, b"\x1f\x8b\x08\x00" + b"\xff" * 64 if encoding == "gzip" else b"\xff" * 64
        )
    assert caught.value.code == "fetch.bad_encoding"


def test_gunzip_inflates_a_sitemap_file() -> None:
    assert gunzip(gzip.compress(TEXT)) == TEXT


def test_gunzip_refuses_more_than_the_cap() -> None:
    with pytest.raises(FetchError) as caught:
        gunzip(gzip.compress(bytes(2**20)), max_bytes=2**16)
    assert caught.value.code == "fetch.too_large"
