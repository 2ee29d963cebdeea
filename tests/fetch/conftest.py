"""Fixtures of the fetch tests (the loopback safety net is in the root conftest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nashra.fetch import Timeouts
from nashra.settings import Settings

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
# Small enough that hanging-server tests end quickly, large enough for a loaded machine.
TEST_TIMEOUTS = Timeouts(connect=1.0, total=2.0)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


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
