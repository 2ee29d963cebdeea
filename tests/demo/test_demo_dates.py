"""The seven date forms of the demo papers, as pure functions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nashra.demo.dates import DateStyle, published_text

ALGIERS = ZoneInfo("Africa/Algiers")
WEDNESDAY = datetime(2020, 7, 22, 10, 30, tzinfo=ALGIERS)
EARLY_SUNDAY = datetime(2021, 8, 1, 9, 5, tzinfo=ALGIERS)


@pytest.mark.parametrize(
    ("style", "wednesday", "early_sunday"),
    [
        ("dmy_spaced", "22 - 07 - 2020", "01 - 08 - 2021"),
        ("weekday_maghreb", "الأربعاء 22 جويلية 2020", "الأحد 1 أوت 2021"),
        ("day_month_mashriq", "22 يوليو 2020", "1 أغسطس 2021"),
        ("arabic_indic", "٢٢/٠٧/٢٠٢٠", "٠١/٠٨/٢٠٢١"),
        ("ymd_hm", "2020/07/22 10:30", "2021/08/01 09:05"),
        ("maghreb_at_time", "22 جويلية 2020 على الساعة 10:30", "1 أوت 2021 على الساعة 09:05"),
        ("french_long", "mercredi 22 juillet 2020 à 10h30", "dimanche 1 août 2021 à 9h05"),
    ],
)
def test_date_style_writes_the_papers_form(
    style: DateStyle, wednesday: str, early_sunday: str
) -> None:
    assert published_text(style, WEDNESDAY) == wednesday
    assert published_text(style, EARLY_SUNDAY) == early_sunday
