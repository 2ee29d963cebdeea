"""TLS through the guarded backend: the connection goes to the checked IP, while SNI and
certificate verification still use the host name."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest

from nashra.errors import FetchError
from nashra.fetch import Fetcher
from nashra.settings import Settings

from .conftest import TEST_TIMEOUTS
from .servers import LoopbackOnlyBackend, RawServer, RecordingResolver, static

pytestmark = pytest.mark.anyio

PAGE = b"<html><body><p>secure</p></body></html>"


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for news.example (and nothing else)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def tls_server(certificate: tuple[Path, Path]) -> RawServer:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return RawServer({"/": static(PAGE)}, tls=context)


def trusting(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


async def test_https_connects_to_the_checked_ip_and_verifies_the_name(
    settings: Settings, certificate: tuple[Path, Path]
) -> None:
    backend = LoopbackOnlyBackend()
    resolver = RecordingResolver({"news.example": ["127.0.0.1"]})
    async with (
        tls_server(certificate) as srv,
        Fetcher(
            settings,
            resolver=resolver,
            network_backend=backend,
            ssl_context=trusting(certificate),
            timeout=TEST_TIMEOUTS,
        ) as client,
    ):
        result = await client.get(srv.url("/", host="news.example"), respect_robots=False)
    assert result.content == PAGE
    assert backend.addresses == ["127.0.0.1"]


async def test_certificate_for_another_name_is_a_tls_error(
    settings: Settings, certificate: tuple[Path, Path]
) -> None:
    async with (
        tls_server(certificate) as srv,
        Fetcher(settings, ssl_context=trusting(certificate), timeout=TEST_TIMEOUTS) as client,
    ):
        with pytest.raises(FetchError) as caught:
            await client.get(srv.url("/"), respect_robots=False)
    assert caught.value.code == "fetch.tls"
