"""Fixtures for the demo press tests: a press on the test content, an HTTP client.

The press tests serve the small hand-written content in `content/` (not the real demo
content, which has its own tests), with the base date of the brief's examples so the
dates on the pages are the documented ones: day 5 is Wednesday 22 July 2020.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from nashra.demo import DemoPress

FIXTURE_CONTENT = Path(__file__).resolve().parent / "content"
BASE_DATE = date(2020, 7, 17)
HTTP_TIMEOUT = 10.0  # generous: only bounds a test against a hung server


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    # Session-scoped (the root conftest's is per test) so one press can serve a module.
    return "asyncio"


@pytest.fixture(scope="module")
async def press(anyio_backend: str) -> AsyncIterator[DemoPress]:
    async with DemoPress(base_date=BASE_DATE, content_dir=FIXTURE_CONTENT) as running:
        yield running


@pytest.fixture
async def client(anyio_backend: str) -> AsyncIterator[httpx.AsyncClient]:
    # trust_env=False: a proxy from the environment must never see loopback traffic.
    async with httpx.AsyncClient(trust_env=False, timeout=HTTP_TIMEOUT) as http:
        yield http
