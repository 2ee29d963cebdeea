"""parse_datetime: feed and sitemap timestamps as UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nashra.discover.dates import parse_datetime

CASES = [
    (
        "rfc 822 with offset",
        "Wed, 11 Nov 2015 00:00:00 +0100",
        datetime(2015, 11, 10, 23, tzinfo=UTC),
    ),
    ("rfc 822 GMT", "Fri, 05 Jan 2018 16:51:00 GMT", datetime(2018, 1, 5, 16, 51, tzinfo=UTC)),
    ("iso with offset", "2015-11-11T00:00:00+01:00", datetime(2015, 11, 10, 23, tzinfo=UTC)),
    ("iso zulu", "2026-11-20T10:00:00Z", datetime(2026, 11, 20, 10, tzinfo=UTC)),
    ("iso without zone is utc", "2026-11-20T10:00:00", datetime(2026, 11, 20, 10, tzinfo=UTC)),
    ("w3c date", "2026-11-20", datetime(2026, 11, 20, tzinfo=UTC)),
    ("w3c year-month", "2026-11", datetime(2026, 11, 1, tzinfo=UTC)),
    ("w3c year", "2026", datetime(2026, 1, 1, tzinfo=UTC)),
    (
        "fractional seconds",
        "2026-11-20T10:00:00.123+01:00",
        datetime(2026, 11, 20, 9, 0, 0, 123000, tzinfo=UTC),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_timestamp(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text", [None, "", "   ", "الأربعاء 20 نوفمبر 2026", "garbage 12", "2026-13-45", "x" * 500]
)
def test_unreadable_is_none(text: str | None) -> None:
    assert parse_datetime(text) is None
