"""The `nashra` command as a user runs it: real processes, real ports, real files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

DEMO_READY_SECONDS = 90  # the bound for `make demo` on 2 cores
NASHRA = [sys.executable, "-m", "nashra"]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def environment(tmp: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NASHRA_")}
    env.update(
        NASHRA_DATABASE_URL=f"sqlite:///{tmp / 'nashra.db'}",
        NASHRA_DATA_DIR=str(tmp / "data"),
        NASHRA_PORT=str(free_port()),
    )
    env.update(extra)
    return env


def run(tmp: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NASHRA, *args],
        env=environment(tmp, **extra),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def demo_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    env = environment(tmp_path)
    press_port = str(free_port("127.0.0.11"))
    process = subprocess.Popen(
        [*NASHRA, "demo", "--press-port", press_port],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process, f"http://127.0.0.1:{env['NASHRA_PORT']}", tmp_path
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for_reader(base: str, process: subprocess.Popen[str]) -> httpx.Response:
    deadline = time.monotonic() + DEMO_READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"nashra demo exited early:\n{output}")
        try:
            return httpx.get(base + "/healthz", timeout=2, trust_env=False)
        except httpx.TransportError:
            time.sleep(0.3)
    pytest.fail(f"the reader did not answer within {DEMO_READY_SECONDS} s")


def test_nashra_demo_crawls_the_press_and_serves_the_reader(
    demo_process: tuple[subprocess.Popen[str], str, Path],
) -> None:
    process, base, _tmp = demo_process
    health = wait_for_reader(base, process).json()
    assert health["articles"] >= 70
    home = httpx.get(base + "/", trust_env=False)
    assert home.status_code == 200
    assert "آخر الأخبار" in home.text
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=20)
    assert process.returncode in (0, 130)  # 130: interrupted by Ctrl-C, by convention
    assert "Traceback" not in output
    summary = [line for line in output.splitlines() if "new articles" in line]
    assert summary, output
    assert " 0 errors" in summary[0]


def test_invalid_setting_stops_start_up_with_one_clear_line(tmp_path: Path) -> None:
    result = run(tmp_path, "sources", "list", NASHRA_PORT="eighty")
    assert result.returncode == 1
    assert "config.invalid" in result.stderr
    assert "NASHRA_PORT must be an integer" in result.stderr
    assert "Traceback" not in result.stderr


def test_removing_an_unknown_source_prints_a_coded_error(tmp_path: Path) -> None:
    result = run(tmp_path, "sources", "remove", "ghost")
    assert result.returncode == 1
    assert "not_found" in result.stderr
