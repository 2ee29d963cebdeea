"""Publication dates: text forms, URLs, the page cascade and the real Arabic gold pages."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from hijridate import Hijri

from nashra.errors import ExtractionError
from nashra.extract.dates import (
    FUTURE_TOLERANCE,
    MIN_YEAR,
    FoundDate,
    date_from_url,
    find_published_date,
    parse_date_text,
)

ALGIERS = ZoneInfo("Africa/Algiers")
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
URL = "https://www.el-massa.com/dz/article/12345"


def parse(text: str) -> FoundDate:
    found = parse_date_text(text, now=NOW)
    assert found is not None, text
    return found


def page(
    body: str, head: str = "", title: str = "وزير الري يشهد توقيع عقد دراسة"
) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        f"<html><head><title>{title} - المساء</title>{head}</head><body>{body}</body></html>"
    )


# --- parse_date_text: the table of real-world forms -------------------------------------------

FORMS = [
    # Maghreb month names, weekday, time after a dash
    (
        "نشر في : الأربعاء 22 جويلية 2020 - 10:30",
        "الأربعاء 22 جويلية 2020 - 10:30",
        (2020, 7, 22, 10, 30),
    ),
    ("22 جويليه 2020", "22 جويليه 2020", (2020, 7, 22)),
    ("نشر يوم الأربعاء 22 جويلية 2020", "الأربعاء 22 جويلية 2020", (2020, 7, 22)),
    ("الجمعة 8 فيفري 2019", "الجمعة 8 فيفري 2019", (2019, 2, 8)),
    ("15 أفريل 2021", "15 أفريل 2021", (2021, 4, 15)),
    ("3 ماي 2021", "3 ماي 2021", (2021, 5, 3)),
    ("1 جوان 2022", "1 جوان 2022", (2022, 6, 1)),
    ("20 أوت 2019", "20 أوت 2019", (2019, 8, 20)),
    ("20 اوت 2019", "20 اوت 2019", (2019, 8, 20)),
    ("الفاتح من نوفمبر 2019", "الفاتح من نوفمبر 2019", (2019, 11, 1)),
    ("غرة مارس 2017", "غرة مارس 2017", (2017, 3, 1)),
    ("12 جانفي 2021", "12 جانفي 2021", (2021, 1, 12)),
    # Mashriq month names, 12-hour clock with ص / مساءً
    ("الإثنين، 24 أغسطس 2020 09:23 ص", "الإثنين، 24 أغسطس 2020 09:23 ص", (2020, 8, 24, 9, 23)),
    ("03 يونيو 2020م", "03 يونيو 2020م", (2020, 6, 3)),
    ("5 إبريل 2020", "5 إبريل 2020", (2020, 4, 5)),
    ("5 أبريل 2020", "5 أبريل 2020", (2020, 4, 5)),
    ("9 فبراير 2020", "9 فبراير 2020", (2020, 2, 9)),
    ("10 مايو 2020", "10 مايو 2020", (2020, 5, 10)),
    ("10 يوليو 2020 الساعة 4:15 مساءً", "10 يوليو 2020 الساعة 4:15 مساءً", (2020, 7, 10, 16, 15)),
    ("ديسمبر 25, 2020", "ديسمبر 25, 2020", (2020, 12, 25)),
    # Levant and combined forms
    (
        "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً",
        "الجمعة 24 نيسان / أبريل 2020 09:22 مساءً",
        (2020, 4, 24, 21, 22),
    ),
    ("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00", "الأربعاء، 28 آب/اغسطس 2013", (2013, 8, 28)),
    ("22 تموز/يوليو 2020", "22 تموز/يوليو 2020", (2020, 7, 22)),
    ("يوليو/تموز 22 2020", "يوليو/تموز 22 2020", (2020, 7, 22)),
    ("17 مارس/ آذار 2020", "17 مارس/ آذار 2020", (2020, 3, 17)),
    ("22 كانون الثاني 2020", "22 كانون الثاني 2020", (2020, 1, 22)),
    ("3 تشرين الأول 2019", "3 تشرين الأول 2019", (2019, 10, 3)),
    ("2 أيار 2021", "2 أيار 2021", (2021, 5, 2)),
    ("14 شباط 2021", "14 شباط 2021", (2021, 2, 14)),
    ("1 أيلول 2021", "1 أيلول 2021", (2021, 9, 1)),
    # French and English
    (
        "Publié le mercredi 22 juillet 2020 à 10h30",
        "mercredi 22 juillet 2020 à 10h30",
        (2020, 7, 22, 10, 30),
    ),
    ("1er février 2021", "1er février 2021", (2021, 2, 1)),
    ("5 fevrier 2021", "5 fevrier 2021", (2021, 2, 5)),
    ("le 5 juil. 2020 à 18h05", "5 juil. 2020 à 18h05", (2020, 7, 5, 18, 5)),
    ("12 sept. 2019", "12 sept. 2019", (2019, 9, 12)),
    ("15 août 2018", "15 août 2018", (2018, 8, 15)),
    ("3 décembre 2017", "3 décembre 2017", (2017, 12, 3)),
    ("September 3rd, 2019 at 4:05 pm", "September 3rd, 2019 at 4:05 pm", (2019, 9, 3, 16, 5)),
    ("Feb. 19 2020", "Feb. 19 2020", (2020, 2, 19)),
    ("Monday, 6 January 2020", "Monday, 6 January 2020", (2020, 1, 6)),
    ("24. August 2019 um 03:36", "24. August 2019 um 03:36", (2019, 8, 24, 3, 36)),
    ("Di., 25.01.2022 - 14:45", "Di., 25.01.2022 - 14:45", (2022, 1, 25, 14, 45)),
    # numbers, in every digit set
    ("كتب: أحمد. س | 22 - 07 - 2020", "22 - 07 - 2020", (2020, 7, 22)),
    ("22/07/2020", "22/07/2020", (2020, 7, 22)),
    ("22.07.2020", "22.07.2020", (2020, 7, 22)),
    ("٢٢/٠٧/٢٠٢٠", "٢٢/٠٧/٢٠٢٠", (2020, 7, 22)),
    ("۲۲/۰۷/۲۰۲۰", "۲۲/۰۷/۲۰۲۰", (2020, 7, 22)),
    ("٢٢ جويلية ٢٠٢٠ - ١٠:٣٠", "٢٢ جويلية ٢٠٢٠ - ١٠:٣٠", (2020, 7, 22, 10, 30)),
    ("2020/07/22 10:30", "2020/07/22 10:30", (2020, 7, 22, 10, 30)),
    ("2020-07-22", "2020-07-22", (2020, 7, 22)),
    ("2026-01-08 | 12:42", "2026-01-08 | 12:42", (2026, 1, 8, 12, 42)),
    ("10:30 - 22/07/2020", "10:30 - 22/07/2020", (2020, 7, 22, 10, 30)),
    ("2020/12/25 - 1:59 صباحًا", "2020/12/25 - 1:59 صباحًا", (2020, 12, 25, 1, 59)),
    ("20 - 07 - 2020 | 10:30 م", "20 - 07 - 2020 | 10:30 م", (2020, 7, 20, 22, 30)),
]


@pytest.mark.parametrize(("text", "shown", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_real_world_form_is_read_with_its_text(
    text: str, shown: str, expected: tuple[int, ...]
) -> None:
    year, month, day, *clock = expected
    hour, minute = clock or (0, 0)
    found = parse(text)
    assert found.text == shown
    assert found.value == datetime(year, month, day, hour, minute, tzinfo=ALGIERS)
    assert found.has_time is bool(clock)
    assert found.value.utcoffset() is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-02-18T12:53:40+00:00", datetime(2020, 2, 18, 12, 53, 40, tzinfo=UTC)),
        (
            "2020-06-03T03:01+0400",
            datetime(2020, 6, 3, 3, 1, tzinfo=timezone(timedelta(hours=4))),
        ),
        ("2020-08-24T09:23:13Z", datetime(2020, 8, 24, 9, 23, 13, tzinfo=UTC)),
        ("GMT 17:27 17.03.2020", datetime(2020, 3, 17, 17, 27, tzinfo=UTC)),
        (
            "28/08/2013 - 14:00 (GMT+0400)",
            datetime(2013, 8, 28, 14, 0, tzinfo=timezone(timedelta(hours=4))),
        ),
        ("Tue, 18 Feb 2020 12:53:40 +0000", datetime(2020, 2, 18, 12, 53, 40, tzinfo=UTC)),
    ],
)
def test_explicit_offset_is_kept(text: str, expected: datetime) -> None:
    found = parse(text)
    assert found.value == expected
    assert found.value.utcoffset() == expected.utcoffset()


def test_naive_date_is_read_in_the_given_time_zone() -> None:
    found = parse_date_text("22/07/2020 10:30", tz="Asia/Beirut", now=NOW)
    assert found is not None
    assert found.value == datetime(2020, 7, 22, 10, 30, tzinfo=ZoneInfo("Asia/Beirut"))


def test_day_first_when_both_numbers_could_be_a_month() -> None:
    assert parse("05/07/2020").value.date() == date(2020, 7, 5)


def test_month_first_only_when_day_first_is_impossible() -> None:
    found = parse("07/22/2020")
    assert found.value.date() == date(2020, 7, 22)
    assert found.confidence < parse("22/07/2020").confidence


def test_impossible_numbers_are_not_a_date() -> None:
    assert parse_date_text("31/31/2020", now=NOW) is None
    assert parse_date_text("30 فيفري 2020", now=NOW) is None


def test_two_digit_years_are_not_read() -> None:
    assert parse_date_text("22/07/20", now=NOW) is None


def test_named_month_is_surer_than_ambiguous_numbers() -> None:
    assert parse("5 جويلية 2020").confidence > parse("05/07/2020").confidence


def test_last_updated_date_loses_to_the_publication_date() -> None:
    found = parse("آخر تحديث: 23 جويلية 2020 | نشر في 22 جويلية 2020")
    assert found.value.date() == date(2020, 7, 22)


def test_last_updated_date_alone_is_read_with_low_confidence() -> None:
    updated = parse("آخر تحديث: 23 جويلية 2020")
    assert updated.value.date() == date(2020, 7, 23)
    assert updated.confidence < parse("23 جويلية 2020").confidence


def test_first_of_two_dates_is_the_one() -> None:
    found = parse("GMT 17:27 17.03.2020 (محدثة GMT 17:49 17.03.2020)")
    assert found.text == "GMT 17:27 17.03.2020"


def test_text_without_a_date_gives_none() -> None:
    assert parse_date_text("اليوم السابع: وزير الري يشهد توقيع عقد", now=NOW) is None
    assert parse_date_text("", now=NOW) is None


def test_year_alone_is_not_a_date() -> None:
    assert parse_date_text("© 2020 جميع الحقوق محفوظة", now=NOW) is None


# --- plausibility -------------------------------------------------------------------------


def test_date_beyond_the_future_tolerance_is_rejected() -> None:
    tomorrow_and_more = (NOW + FUTURE_TOLERANCE + timedelta(days=1)).astimezone(ALGIERS)
    assert parse_date_text(tomorrow_and_more.strftime("%d/%m/%Y"), now=NOW) is None


def test_date_within_the_future_tolerance_is_kept() -> None:
    tomorrow = (NOW + timedelta(hours=12)).astimezone(ALGIERS)
    found = parse_date_text(tomorrow.strftime("%d/%m/%Y"), now=NOW)
    assert found is not None


def test_date_before_1990_is_rejected() -> None:
    assert MIN_YEAR == 1990
    assert parse_date_text("12 juin 1985", now=NOW) is None
    assert parse_date_text("31/12/1989", now=NOW) is None
    assert parse_date_text("01/01/1990", now=NOW) is not None


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_date_text("22/07/2020", now=datetime(2020, 7, 23))


def test_unknown_time_zone_raises_a_coded_error() -> None:
    with pytest.raises(ExtractionError) as caught:
        parse_date_text("22/07/2020", tz="Africa/Nowhere", now=NOW)
    assert caught.value.code == "extract.bad_timezone"


# --- Hijri ----------------------------------------------------------------------------------


def test_hijri_new_year_converts_like_hijridate() -> None:
    found = parse("1 محرم 1442 هـ")
    expected = Hijri(1442, 1, 1).to_gregorian()
    assert found.value.date() == date(expected.year, expected.month, expected.day)
    assert found.value.date() == date(2020, 8, 20)


@pytest.mark.parametrize(
    "text", ["15 ذو الحجة 1441 هـ", "1441/12/15 هـ", "15/12/1441 هـ", "15 ذي الحجة 1441"]
)
def test_hijri_forms_convert_to_the_same_day(text: str) -> None:
    found = parse(text)
    assert found.value.date() == date(2020, 8, 5)
    assert found.text == text


def test_numeric_hijri_date_needs_its_suffix() -> None:
    assert parse_date_text("1441/12/15", now=NOW) is None


def test_gregorian_date_comes_first_when_both_are_written() -> None:
    found = parse("الأربعاء 22 جويلية 2020 الموافق لـ 1 ذو الحجة 1441 هـ")
    assert found.value.date() == date(2020, 7, 22)


def test_impossible_hijri_day_is_not_a_date() -> None:
    assert parse_date_text("30 ذو الحجة 1441 هـ", now=NOW) is None


# --- relative forms --------------------------------------------------------------------------

RELATIVE_NOW = datetime(2020, 7, 22, 15, 0, tzinfo=ALGIERS)


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("منذ 3 ساعات", datetime(2020, 7, 22, 12, 0, tzinfo=ALGIERS), True),
        ("منذ ساعتين", datetime(2020, 7, 22, 13, 0, tzinfo=ALGIERS), True),
        ("منذ ساعة", datetime(2020, 7, 22, 14, 0, tzinfo=ALGIERS), True),
        ("منذ دقيقة", datetime(2020, 7, 22, 14, 59, tzinfo=ALGIERS), True),
        ("منذ 5 دقائق", datetime(2020, 7, 22, 14, 55, tzinfo=ALGIERS), True),
        ("قبل يومين", datetime(2020, 7, 20, tzinfo=ALGIERS), False),
        ("قبل 3 أيام", datetime(2020, 7, 19, tzinfo=ALGIERS), False),
        ("أمس", datetime(2020, 7, 21, tzinfo=ALGIERS), False),
        ("أمس 10:30", datetime(2020, 7, 21, 10, 30, tzinfo=ALGIERS), True),
        ("اليوم 10:30", datetime(2020, 7, 22, 10, 30, tzinfo=ALGIERS), True),
        ("il y a 2 heures", datetime(2020, 7, 22, 13, 0, tzinfo=ALGIERS), True),
        ("hier", datetime(2020, 7, 21, tzinfo=ALGIERS), False),
        ("3 hours ago", datetime(2020, 7, 22, 12, 0, tzinfo=ALGIERS), True),
    ],
)
def test_relative_form_counts_back_from_now(text: str, expected: datetime, has_time: bool) -> None:
    found = parse_date_text(text, now=RELATIVE_NOW)
    assert found is not None
    assert found.value == expected
    assert found.has_time is has_time
    assert found.text == text
    assert found.confidence < 0.5


def test_relative_form_needs_now() -> None:
    assert parse_date_text("منذ 3 ساعات") is None


def test_today_without_a_time_is_not_a_date() -> None:
    assert parse_date_text("اليوم السابع", now=RELATIVE_NOW) is None


# --- URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected", "month_only"),
    [
        ("https://www.youm7.com/story/2020/8/24/وزير-الرى/4943459", date(2020, 8, 24), False),
        ("https://www.el-massa.com/dz/2020/07/22/article", date(2020, 7, 22), False),
        ("https://www.albayan.ae/news/2020-06-03-1.3874341", date(2020, 6, 3), False),
        ("https://www.aps.dz/ar/20200722/article.html", date(2020, 7, 22), False),
        ("https://weisser-ring.de/media-news/meldungen/29-10-2021", date(2021, 10, 29), False),
        ("https://blog.example.org/2020/07/some-post.html", date(2020, 7, 1), True),
    ],
)
def test_date_from_url(url: str, expected: date, month_only: bool) -> None:
    found = date_from_url(url)
    assert found is not None
    assert found.value.date() == expected
    assert found.origin == "url"
    assert found.has_time is False
    assert (found.confidence < 0.5) is month_only


def test_url_without_a_date() -> None:
    assert date_from_url("https://www.elkhabar.com/press/article/175432/") is None


def test_url_identifier_that_is_not_a_date_is_ignored() -> None:
    assert date_from_url("https://example.dz/article/20209999/") is None


# --- find_published_date ------------------------------------------------------------------------

HEADLINE = "<h1>وزير الري يشهد توقيع عقد دراسة</h1>"


def test_jsonld_inside_graph_gives_the_value_and_the_byline_the_text() -> None:
    head = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "datePublished": "2010-01-01T00:00:00+00:00"},
        {"@type": "NewsArticle", "headline": "x", "datePublished": "2020-07-22T09:30:00+00:00",
         "dateModified": "2020-07-25T08:00:00+00:00"}]}</script>"""
    body = f"{HEADLINE}<div class='byline'>نشر في : الأربعاء 22 جويلية 2020 - 10:30</div><p>نص</p>"
    found = find_published_date(page(body, head), URL, now=NOW)
    assert found is not None
    assert found.origin == "jsonld"
    assert found.value == datetime(2020, 7, 22, 9, 30, tzinfo=UTC)
    assert found.text == "الأربعاء 22 جويلية 2020 - 10:30"
    assert found.has_time


def test_jsonld_list_and_types_list_are_read() -> None:
    head = """<script type="application/ld+json">[{"@type": ["NewsArticle"],
        "datePublished": "2020-07-22"}]</script>"""
    found = find_published_date(page(HEADLINE, head), URL, now=NOW)
    assert found is not None
    assert (found.origin, found.value.date()) == ("jsonld", date(2020, 7, 22))


def test_malformed_jsonld_is_skipped() -> None:
    head = """<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": </script>
        <script type="application/ld+json">{"@type": "NewsArticle",
        "datePublished": "2020-07-21T08:00:00+01:00"}</script>"""
    found = find_published_date(page(HEADLINE, head), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 21)


def test_modification_date_is_not_taken_over_the_publication_date() -> None:
    head = """<meta property="article:modified_time" content="2020-07-25T10:00:00+01:00">
        <meta property="og:updated_time" content="2020-07-25T10:00:00+01:00">
        <meta property="article:published_time" content="2020-07-22T10:00:00+01:00">"""
    body = f"""{HEADLINE}<time class="date modified" itemprop="dateModified"
        datetime="2020-07-25T10:00:00+01:00">25 جويلية 2020</time>
        <p>نص المقال</p>"""
    found = find_published_date(page(body, head), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)


def test_jsonld_modification_date_alone_is_not_a_publication_date() -> None:
    head = """<script type="application/ld+json">{"@type": "NewsArticle",
        "dateModified": "2020-07-25T10:00:00+01:00"}</script>"""
    body = f"{HEADLINE}<p>كتب: أحمد. س | 22 - 07 - 2020</p>"
    found = find_published_date(page(body, head), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)


def test_visible_update_line_loses_to_the_publication_line() -> None:
    body = f"""{HEADLINE}<div class="meta">آخر تحديث: 25 جويلية 2020</div>
        <div class="meta">نشر في 22 جويلية 2020</div><p>نص</p>"""
    found = find_published_date(page(body), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)
    assert found.text == "22 جويلية 2020"


@pytest.mark.parametrize(
    "footer",
    [
        "<footer><p>© جميع الحقوق محفوظة 22/07/2023</p></footer>",
        "<div class='copyright'>© El Massa, mis en ligne le 22/07/2023</div>",
        "<div id='site-footer'><p>جميع الحقوق محفوظة - 22 جويلية 2023</p></div>",
    ],
)
def test_copyright_footer_is_ignored(footer: str) -> None:
    body = f"{HEADLINE}<p>افتتح والي الولاية المشروع الجديد.</p>{footer}"
    assert find_published_date(page(body), URL, now=NOW) is None


def test_copyright_footer_does_not_hide_the_url_date() -> None:
    body = f"""{HEADLINE}<p>افتتح والي الولاية المشروع الجديد.</p>
        <footer><p>© جميع الحقوق محفوظة 22/07/2023</p></footer>"""
    url = "https://www.el-massa.com/dz/2020/07/22/article"
    found = find_published_date(page(body), url, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)
    assert found.origin == "url"


def test_related_and_most_read_boxes_are_ignored() -> None:
    body = f"""{HEADLINE}
        <div class="related-posts"><a href="/a">خبر آخر</a>
            <span class="date">19 جويلية 2020</span></div>
        <div class="most-read"><span class="date">18 جويلية 2020</span></div>
        <p>افتتح والي الولاية المشروع.</p><div class="post-date">22 جويلية 2020</div>"""
    found = find_published_date(page(body), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)


def test_comment_dates_are_ignored() -> None:
    body = f"""{HEADLINE}<div class="comments"><span class="time">منذ 3 ساعات</span>
        <span>20/11/2026</span></div><div class="date">22 - 07 - 2020</div>"""
    found = find_published_date(page(body), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)


def test_metadata_instant_takes_the_offset_of_the_visible_clock() -> None:
    head = '<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">'
    body = f"{HEADLINE}<div class='jeg_meta_date'>2020/12/25 - 1:59 صباحًا</div><p>نص</p>"
    found = find_published_date(page(body, head), URL, now=NOW)
    assert found is not None
    assert found.value == datetime(2020, 12, 24, 23, 59, 50, tzinfo=UTC)
    assert found.value.utcoffset() == timedelta(hours=2)  # the paper's clock: Cairo time
    assert found.value.date() == date(2020, 12, 25)
    assert found.text == "2020/12/25 - 1:59 صباحًا"
    assert found.origin == "meta"


def test_date_only_byline_after_a_late_utc_timestamp_keeps_the_paper_day() -> None:
    head = '<meta property="article:published_time" content="2020-07-21T21:30:00+00:00">'
    body = f"{HEADLINE}<div class='date'>22 - 07 - 2020</div><p>نص</p>"
    found = find_published_date(page(body, head), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)
    assert found.value == datetime(2020, 7, 21, 21, 30, tzinfo=UTC)
    assert found.text == "22 - 07 - 2020"


def test_dateline_wins_when_the_page_never_shows_the_metadata_day() -> None:
    head = '<meta property="article:published_time" content="2020-07-29T10:00:00+01:00">'
    body = f"{HEADLINE}<div class='byline'>كتب: أحمد. س | 22 - 07 - 2020</div><p>نص</p>"
    agreeing = find_published_date(page(body.replace("22 - 07", "29 - 07"), head), URL, now=NOW)
    found = find_published_date(page(body, head), URL, now=NOW)
    assert found is not None
    assert agreeing is not None
    assert found.value.date() == date(2020, 7, 22)
    assert found.text == "22 - 07 - 2020"
    assert found.confidence < agreeing.confidence


def test_metadata_wins_when_another_visible_date_shows_its_day() -> None:
    head = '<meta property="article:published_time" content="2020-07-22T10:00:00+01:00">'
    body = f"""{HEADLINE}<p class="kicker">مهرجان 15 جويلية 2020 في الولاية</p>
        <div class="byline">الأربعاء 22 جويلية 2020</div><p>نص</p>"""
    found = find_published_date(page(body, head), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)
    assert found.text == "الأربعاء 22 جويلية 2020"


def test_far_date_does_not_overrule_the_metadata() -> None:
    head = '<meta property="article:published_time" content="2020-07-22T10:00:00+01:00">'
    filler = "<p>" + "افتتح والي الولاية المشروع الجديد بحضور السلطات المحلية. " * 12 + "</p>"
    body = f"{HEADLINE}{filler}<p>وسيتم تدشين المشروع يوم 15 سبتمبر 2020.</p>"
    found = find_published_date(page(body, head), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)
    assert found.origin == "meta"


def test_caller_byline_is_used_before_the_page() -> None:
    body = f"{HEADLINE}<p>نص</p><div class='date'>19 - 07 - 2020</div>"
    found = find_published_date(
        page(body), URL, now=NOW, byline_texts=["نشر في : الأربعاء 22 جويلية 2020 - 10:30"]
    )
    assert found is not None
    assert found.value == datetime(2020, 7, 22, 10, 30, tzinfo=ALGIERS)
    assert found.origin == "byline"


def test_relative_date_element_counts_back_from_now() -> None:
    body = f"{HEADLINE}<p>نص المقال</p><span class='time'>منذ 3 ساعات</span>"
    found = find_published_date(page(body), URL, now=RELATIVE_NOW)
    assert found is not None
    assert found.value == datetime(2020, 7, 22, 12, 0, tzinfo=ALGIERS)
    assert found.confidence < 0.5


def test_relative_words_in_running_text_are_not_dates() -> None:
    body = f"{HEADLINE}<p>أعلنت الوزارة أمس عن المشروع. Klicken Sie hier.</p>"
    assert find_published_date(page(body), URL, now=RELATIVE_NOW) is None


def test_dateline_above_the_headline_is_found() -> None:
    body = f"""<div class="cat"><a href="/s">رياضة</a>
        <span class="dat_ev">2017/03/02 07:59</span></div>
        {HEADLINE}<p>تدور الخميس 02 مارس 2017 مقابلات الجولة الأولى من بطولة الرابطة المحترفة الأولى
        لكرة القدم وفق البرنامج التالي</p>"""
    found = find_published_date(page(body), URL, now=NOW)
    assert found is not None
    assert found.text == "2017/03/02 07:59"
    assert found.value == datetime(2017, 3, 2, 7, 59, tzinfo=ALGIERS)


def test_time_element_gives_its_visible_text() -> None:
    body = f"""{HEADLINE}<div class="publish-date">التاريخ:
        <time class="date published" datetime="2020-06-03T03:01+0400">03 يونيو 2020</time></div>"""
    found = find_published_date(page(body), URL, now=NOW)
    assert found is not None
    assert found.value == datetime(2020, 6, 3, 3, 1, tzinfo=timezone(timedelta(hours=4)))
    assert found.text == "03 يونيو 2020"


def test_future_metadata_is_ignored() -> None:
    head = '<meta property="article:published_time" content="2030-01-01T10:00:00+01:00">'
    body = f"{HEADLINE}<div class='date'>22 - 07 - 2020</div>"
    found = find_published_date(page(body, head), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)


def test_url_date_picks_the_visible_date_of_that_day() -> None:
    body = f"""{HEADLINE}<div class="comment-count">تعليق 20/07/2020</div>
        <p>نشر 18/07/2020 ثم 22/07/2020</p>"""
    url = "https://www.el-massa.com/dz/2020/07/22/article"
    found = find_published_date(page(body), url, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)
    assert found.text == "22/07/2020"


def test_month_only_url_picks_a_body_date_of_that_month() -> None:
    body = f"""{HEADLINE}<p>قال المدير إن المشروع انطلق في 3 مارس 2019 وانتهى بعد سنة.</p>
        <p>{"نص " * 200}</p><p>وصدر البيان يوم 16 أكتوبر 2019.</p>"""
    url = "https://blog.example.org/2019/10/project.html"
    found = find_published_date(page(body), url, now=NOW)
    assert found is not None
    assert found.value.date() == date(2019, 10, 16)


def test_body_text_is_the_last_resort() -> None:
    body = f"<h1>عنوان المقال الطويل بما يكفي</h1><p>{'نص ' * 200} في 22 جويلية 2020.</p>"
    found = find_published_date(page(body, title="عنوان المقال الطويل بما يكفي"), URL, now=NOW)
    assert found is not None
    assert found.value.date() == date(2020, 7, 22)
    assert found.origin == "text"
    assert found.confidence <= 0.5


def test_page_without_any_date_gives_none() -> None:
    assert find_published_date(page(f"{HEADLINE}<p>نص بلا تاريخ</p>"), URL, now=NOW) is None


def test_confidence_stays_between_zero_and_one() -> None:
    head = """<script type="application/ld+json">{"@type": "NewsArticle",
        "datePublished": "2020-07-22T09:30:00+01:00"}</script>"""
    body = f"{HEADLINE}<div class='byline'>22 جويلية 2020 - 09:30</div>"
    found = find_published_date(page(body, head), URL, now=NOW)
    assert found is not None
    assert 0.9 < found.confidence < 1.0


# --- the real Arabic gold pages -----------------------------------------------------------------

MIN_ARABIC_RIGHT = 12  # of 13: htmldate gets 7 of them


@pytest.mark.shared
def test_arabic_gold_pages_dates(shared_data: Path) -> None:
    folder = shared_data / "extraction" / "arabic"
    records = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    assert len(records) == 13
    right, misses = 0, []
    for record in records:
        with gzip.open(folder / record["file"]) as handle:
            doc = lxml.html.document_fromstring(handle.read())
        found = find_published_date(doc, record["url"], now=NOW)
        day = None if found is None else found.value.date().isoformat()
        if day == record["date"]:
            right += 1
            assert found is not None
            assert found.text.strip(), record["id"]
        else:
            misses.append(f"{record['id']}: gold {record['date']}, got {day}")
    assert right >= MIN_ARABIC_RIGHT, misses


@pytest.mark.shared
def test_arabic_gold_pages_text_is_the_dateline_as_shown(shared_data: Path) -> None:
    folder = shared_data / "extraction" / "arabic"
    shown_exactly = {"youm7-4943459", "albayan-1.3874341", "elbaladtv-yousra", "lbcgroup-898682"}
    for line in (folder / "gold.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        if record["id"] not in shown_exactly:
            continue
        with gzip.open(folder / record["file"]) as handle:
            doc = lxml.html.document_fromstring(handle.read())
        found = find_published_date(doc, record["url"], now=NOW)
        assert found is not None
        assert found.text == record["date_shown"], record["id"]


def test_hatom_updated_class_on_the_only_date_is_read() -> None:
    body = f"""{HEADLINE}<p class="byline">بقلم سمية. ب <span class="entry-date">
        <time class="updated" datetime="2023-11-06T15:25:00+01:00">6 نوفمبر 2023، 15:25</time>
        </span></p><p>نص</p>"""
    found = find_published_date(page(body), URL, now=NOW)
    assert found is not None
    assert found.value == datetime(2023, 11, 6, 15, 25, tzinfo=timezone(timedelta(hours=1)))
    assert found.text == "6 نوفمبر 2023، 15:25"


def test_unix_time_in_metadata_is_read() -> None:
    head = '<meta name="pubdate" content="1595410200">'
    found = find_published_date(page(HEADLINE, head), URL, now=NOW)
    assert found is not None
    assert found.value == datetime(2020, 7, 22, 9, 30, tzinfo=UTC)
    assert found.origin == "meta"


def test_relative_date_element_needs_now() -> None:
    body = f"{HEADLINE}<p>نص المقال</p><span class='time'>منذ 3 ساعات</span>"
    assert find_published_date(page(body), URL) is None
