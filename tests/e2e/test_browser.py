"""The reader in a real browser (Debian's Chromium through Playwright), on the demo press."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from nashra.demo import DemoPress
from nashra.fetch import Fetcher
from nashra.pipeline import crawl_once
from nashra.settings import Settings
from nashra.store import Store
from nashra.web import create_app
from tests.conftest import skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY_TIMEOUT = 60  # seconds for the press, the crawl and the server to come up


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def reader_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo press crawled into SQLite and the reader served by uvicorn, in a thread."""
    tmp = tmp_path_factory.mktemp("browser")
    port = free_port()
    settings = Settings(
        database_url=f"sqlite:///{tmp / 'nashra.db'}",
        data_dir=tmp,
        secret_key="b" * 32,
        allow_private_hosts=True,
        per_host_delay=0.0,
        port=port,
    )
    ready = threading.Event()
    failure: list[BaseException] = []
    holder: dict[str, uvicorn.Server] = {}

    async def serve() -> None:
        store = Store.open(settings.database_url)
        async with DemoPress(base_date=date(2020, 7, 17)) as press, Fetcher(settings) as fetcher:
            for paper in press.papers:
                store.upsert_source(paper.to_source())
            await crawl_once(store, fetcher, settings)
            app = create_app(store, settings, fetcher=fetcher)
            config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
            server = uvicorn.Server(config)
            server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
            holder["server"] = server
            serving = asyncio.create_task(server.serve())
            while not server.started:  # noqa: ASYNC110 - uvicorn exposes only a flag
                await asyncio.sleep(0.05)
            ready.set()
            await serving
        store.close()

    def run() -> None:
        try:
            asyncio.run(serve())
        except BaseException as error:  # reported to the test thread below
            failure.append(error)
            ready.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(READY_TIMEOUT), "the reader did not start"
    if failure:
        raise failure[0]
    yield f"http://127.0.0.1:{port}"
    holder["server"].should_exit = True
    thread.join(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        skip_or_fail("Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.mark.browser
def test_home_page_renders_rtl_with_a_moving_ticker(
    browser: object, reader_url: str, tmp_path: Path
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(reader_url + "/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator(".ticker-list a").count() >= 30
    assert page.locator(".ticker-list").is_visible()
    direction = page.evaluate("getComputedStyle(document.querySelector('.card-title')).direction")
    assert direction == "rtl"
    page.screenshot(path=str(tmp_path / "home.png"))
    page.close()


@pytest.mark.browser
def test_reader_opens_an_article_with_its_image_and_source_line(
    browser: object, reader_url: str
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(reader_url + "/")
    card = page.locator(".card").filter(has=page.locator(".card-img")).first
    title = card.locator(".card-title a").inner_text()
    card.locator(".card-title a").click()
    page.wait_for_load_state()
    assert page.locator("h1.article-title").inner_text() == title
    line = page.locator(".published-line").inner_text()
    assert line.startswith("نشر في ")
    assert " يوم " in line
    original = page.locator(".original-link a")
    assert original.inner_text() == "انقر هنا لقراءة الخبر من مصدره"
    assert original.get_attribute("href").startswith("http://127.0.0.1")
    image = page.locator(".article-figure img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.article-figure img').complete")
    assert page.evaluate("document.querySelector('.article-figure img').naturalWidth") > 0
    assert page.locator(".article-figure figcaption").first.inner_text()
    page.close()
