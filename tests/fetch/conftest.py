"""Fixtures of the fetch tests, and the safety net that keeps them on the loopback.

The autouse `loopback_only` fixture patches the socket layer for every test in this folder:
a TCP connect to anything outside 127.0.0.0/8 and ::1, or a DNS lookup of a name, is
refused before it leaves the machine and fails the test. The SSRF guard is meant to stop
such connections first; this net makes sure a broken guard cannot reach a real network.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nashra.fetch import Timeouts
from nashra.settings import Settings

from .servers import is_loopback

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
# Small enough that hanging-server tests end quickly, large enough for a loaded machine.
TEST_TIMEOUTS = Timeouts(connect=1.0, total=2.0)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Refuse and record every non-loopback connect and every name lookup."""
    violations: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def allowed(address: Any) -> bool:
        return isinstance(address, str | bytes) or is_loopback(str(address[0]))

    def connect(self: socket.socket, address: Any) -> None:
        if not allowed(address):
            violations.append(address)
            raise PermissionError(f"test safety net: connect to {address!r} refused")
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not allowed(address):
            violations.append(address)
            raise PermissionError(f"test safety net: connect to {address!r} refused")
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        text = host.decode() if isinstance(host, bytes) else host
        if text is not None and not is_loopback(text):
            violations.append(text)
            raise socket.gaierror(socket.EAI_NONAME, f"test safety net: no DNS for {text!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield violations
    assert not violations, f"a test tried to leave the loopback: {violations}"


@pytest.fixture
def settings() -> Settings:
    """Loopback allowed (like the demo), no per-host delay so tests do not wait."""
    return Settings(allow_private_hosts=True, per_host_delay=0.0)


@pytest.fixture
def strict_settings() -> Settings:
    """Production guard: no private or loopback address at all."""
    return Settings(allow_private_hosts=False, per_host_delay=0.0)


def shared_file(*parts: str) -> Path:
    """A file of the shared data set; skips when absent, fails instead when CI=true."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        message = f"shared data file missing: {Path(*parts)}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
