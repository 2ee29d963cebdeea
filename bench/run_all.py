"""Run every benchmark of bench/ in turn (`make bench`); each prints its own table."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCHMARKS = ("feeds.py", "dates.py", "extract.py", "crawl.py")


def main() -> int:
    here = Path(__file__).parent
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== bench/{name}", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(here / name)], check=False)
        print(f"=== bench/{name}: exit {result.returncode}, {time.monotonic() - started:.0f} s")
        if result.returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
