"""`nashra extract`: a file or a URL to one article, as JSON or as a summary."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from nashra.extract.cli import extract_command
from nashra.settings import Settings

PAGE = """<html lang="ar"><head><meta charset="utf-8"><title>حريق في غابة بني زيان | المسار</title>
<meta property="og:site_name" content="المسار"></head><body><article>
<h1>حريق في غابة بني زيان</h1><p class="byline">بقلم: سمير. م</p>
<p>شب حريق مهول في غابة بني زيان مساء أمس، وأتى على عشرات الهكتارات من الأشجار قبل أن تتمكن
فرق الحماية المدنية من محاصرته بعد ساعات من العمل المتواصل.</p>
<h2>تعزيزات من الولايات المجاورة</h2>
<p>وتلقت الفرق تعزيزات من ثلاث ولايات مجاورة، فيما تواصل لجنة تقنية إحصاء الخسائر.</p>
</article></body></html>"""


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("extract")(extract_command)
    app.command("noop")(lambda: None)  # two commands: typer keeps the sub-command name
    return app


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture
def server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            body = PAGE.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/2020/07/22/fire.html"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_json_output_is_the_article_contract(page_file: Path) -> None:
    result = CliRunner().invoke(
        _app(), ["extract", str(page_file), "--url", "https://x.dz/a", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "حريق في غابة بني زيان"
    assert data["url"] == "https://x.dz/a"
    assert data["author"] == "سمير. م"
    assert data["source_name"] == "المسار"
    assert [block["type"] for block in data["blocks"]] == ["paragraph", "heading", "paragraph"]


def test_summary_output_is_readable(page_file: Path) -> None:
    result = CliRunner().invoke(_app(), ["extract", str(page_file)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("حريق في غابة بني زيان\n")
    assert "## تعزيزات من الولايات المجاورة" in result.stdout
    assert "author: سمير. م" in result.stdout


def test_url_is_fetched_through_the_guarded_fetcher(server: str) -> None:
    result = CliRunner().invoke(
        _app(), ["extract", server, "--json"], obj=Settings(allow_private_hosts=True)
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["url"] == server


def test_loopback_url_is_refused_without_private_hosts(server: str) -> None:
    result = CliRunner().invoke(_app(), ["extract", server], obj=Settings())
    assert result.exit_code == 1
    assert "[fetch.blocked_address]" in result.stderr


def test_error_prints_one_line_with_its_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = CliRunner().invoke(_app(), ["extract", str(empty)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "[extract.empty] the page is empty"


def test_missing_file_is_an_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["extract", str(tmp_path / "nope.html")])
    assert result.exit_code == 1
    assert result.stderr.startswith("[extract.unreadable]")
