"""The publication date as each demo paper prints it.

Real Algerian papers write the same moment in many ways; the demo press reproduces seven
of them so date extraction is tested against every form:

- `dmy_spaced`       22 - 07 - 2020
- `weekday_maghreb`  الأربعاء 22 جويلية 2020      (Maghreb month names, weekday)
- `day_month_mashriq` 22 يوليو 2020               (Mashriq month names)
- `arabic_indic`     ٢٢/٠٧/٢٠٢٠                   (Arabic-Indic digits)
- `ymd_hm`           2020/07/22 10:30
- `maghreb_at_time`  22 جويلية 2020 على الساعة 10:30
- `french_long`      mercredi 22 juillet 2020 à 10h30
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

DateStyle = Literal[
    "dmy_spaced",
    "weekday_maghreb",
    "day_month_mashriq",
    "arabic_indic",
    "ymd_hm",
    "maghreb_at_time",
    "french_long",
]

MAGHREB_MONTHS = (
    "جانفي",
    "فيفري",
    "مارس",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
MASHRIQ_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# Monday first, as datetime.weekday() counts.
ARABIC_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
FRENCH_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def published_text(style: DateStyle, when: datetime) -> str:
    """`when` (local time of the paper) written the way `style` prints it."""
    day, month, year = when.day, when.month, when.year
    if style == "dmy_spaced":
        return f"{day:02d} - {month:02d} - {year}"
    if style == "weekday_maghreb":
        return f"{ARABIC_WEEKDAYS[when.weekday()]} {day} {MAGHREB_MONTHS[month - 1]} {year}"
    if style == "day_month_mashriq":
        return f"{day} {MASHRIQ_MONTHS[month - 1]} {year}"
    if style == "arabic_indic":
        return f"{day:02d}/{month:02d}/{year}".translate(_ARABIC_INDIC)
    if style == "ymd_hm":
        return f"{year}/{month:02d}/{day:02d} {when.hour:02d}:{when.minute:02d}"
    if style == "maghreb_at_time":
        return (
            f"{day} {MAGHREB_MONTHS[month - 1]} {year} على الساعة {when.hour:02d}:{when.minute:02d}"
        )
    weekday = FRENCH_WEEKDAYS[when.weekday()]
    return f"{weekday} {day} {FRENCH_MONTHS[month - 1]} {year} à {when.hour}h{when.minute:02d}"
