"""Publication dates of news articles: from free text, from URLs and from whole pages.

nashra shows «نشر في <paper> يوم <text>»: the date exactly as the paper wrote it. Every
result therefore keeps the text next to the timezone-aware value.

Text forms understood by `parse_date_text` (one date per call: the first one that is not
a "last updated" date):

* month names of the Maghreb (جانفي … ديسمبر, أفريل, جويلية/جويليه, أوت), of the Mashriq
  (يناير … ديسمبر, مايو, يونيو, يوليو, أغسطس), of Morocco (يوليوز, غشت, شتنبر, نونبر, دجنبر),
  of the Levant (كانون الثاني … كانون الأول, شباط, آذار, نيسان …) and combined forms
  («يوليو/تموز», «نيسان / أبريل»); French, English and German month names and
  abbreviations (German because much of the reference benchmark is German);
  «غرة»/«الفاتح» for the first day of a month;
* an optional weekday before the date (Arabic, French, English, German) and an optional
  time after it (or before it, as in «GMT 17:27 17.03.2020»): ص/م, صباحا/مساء, AM/PM,
  `10h30`, `um 10:30 Uhr`, GMT/UTC and numeric offsets;
* Western, Arabic-Indic (٠-٩) and Persian (۰-۹) digits: `22 - 07 - 2020`, `22/07/2020`,
  `22.07.2020`, `2020/07/22 10:30`, `2020-07-22`, ISO 8601 with an offset;
* Hijri dates («15 ذو الحجة 1441 هـ», «1441/12/15 هـ»), converted with `hijridate`
  (Umm al-Qura calendar); a numeric Hijri date needs its هـ;
* relative forms (منذ 3 ساعات، منذ ساعتين، قبل يومين، أمس، اليوم 10:30، il y a 2 heures,
  hier, 3 hours ago), only when the caller passes `now`, with low confidence.

Day and month order: Arab and French papers write the day first, so `05/07/2020` is
5 July. Month-first (`07/22/2020`) is read only when day-first is impossible (the second
number is above 12). Year-first numbers are always year-month-day. Two-digit years are not
read: `22/07/20` is too often something else.

Rejected: dates before `MIN_YEAR` and dates later than `now + FUTURE_TOLERANCE`. A date
without an explicit offset is a wall-clock time in `tz`; a date without a time is midnight
in `tz` (`has_time` is then false).

`find_published_date` gathers two kinds of evidence and the URL.

Machine-readable, first found wins:

1. ``jsonld`` — `datePublished` (else `dateCreated`) of an object whose type ends in
   Article or Posting (NewsArticle, BlogPosting …), also inside `@graph`, lists and nested
   objects; failing that, of another content object (WebPage, HowTo …), weight 0.9.
   Malformed JSON is skipped. Weight 1.0.
2. ``meta`` — `article:published_time`, `og:published_time`, `itemprop=datePublished`;
   then `parsely-pub-date`, `sailthru.date`, `DC.date.issued`, `dcterms.created`; then
   `pubdate`, `publishdate`; then plain `date`. Modification tags are never read.
   Weight 0.95.
3. ``time`` — `<time datetime>` (and Blogger's `<abbr class="published" title>`) outside
   boilerplate: a published or `itemprop=datePublished` one, else the first. Modification
   ones never. Weight 0.9.

Visible, most credible first (origin ``byline``):

4. the caller's byline texts (weight 0.9, always a dateline);
5. the dates of the visible text within `AFTER_HEADLINE_CHARS` after the headline and
   `BEFORE_HEADLINE_CHARS` before it, nearest first (distances above the headline count
   `BEFORE_DISTANCE_FACTOR` times). The headline is the longest `<h1>`-`<h3>` that repeats
   the page's `<title>`/`og:title` ("trusted"), else the first `<h1>`. A date in the first
   `DATELINE_CHARS` below a trusted headline is the article's dateline (weight 0.8); the
   others weigh 0.8 above the headline, 0.65 farther below;
6. elements whose class/id says date, time, publish, byline, meta, تاريخ, dateline
   (weight 0.65): in the article's area (the `<article>`/`<main>` holding the headline,
   else `ARTICLE_AREA_LEVELS` above it) when metadata was found, in the whole page when
   not. Relative forms count there only if they make most of the element.

Then ``url`` (`date_from_url`) and ``text``: the first date of the visible text after the
headline (weight 0.5).

Boxes whose tag or class/id says footer, comment, related, sidebar, widget, most-read,
share, menu, nav, ticker, copyright … are never read, unless they hold the headline (a
`<body class="has-sidebar">` still holds the article) or, for footers, sit inside an
`<article>` (Drupal's "submitted" footer carries the article's date). Dates preceded by
"last updated" words (آخر تحديث، محدثة، mis à jour, updated, aktualisiert …) lose to any
other date; so do elements whose class/itemprop says modified (not a bare hAtom
`updated`, which themes put on the one date they show).

Decision:

* metadata and the first visible date on the same local day — in the metadata's own
  offset, in `tz`, in the offset that makes the visible clock time equal the metadata
  instant (`2020-12-24T23:59:50Z` shown as `2020/12/25 - 1:59 صباحًا` is that instant at
  +02:00), or in an offset within `LOCAL_OFFSET_SLACK` of `tz` (a date-only byline the day
  after a late-evening UTC timestamp): value from the metadata, re-expressed in that
  offset; text from the visible date; confidence + `AGREEMENT_BONUS`.
* they disagree, but another visible date (up to `MAX_COMPARED_DATES`) shows the
  metadata's day: the first one was something else (an event, a neighbour, the site's
  "today" line); value from the metadata, text from that date.
* they disagree and the page never shows the metadata's day: the dateline wins when the
  first visible date is one (the caller's byline, or close under a trusted headline),
  else the metadata wins; confidence - `DISAGREEMENT_PENALTY` either way. A CMS field
  can be wrong (a re-save, a crawl time, UTC), the paper's own dateline is what readers
  and the reference annotations go by; on the benchmark pages this rule beats both
  "metadata always" and "dateline always".
* metadata only: the metadata, its raw string as text.
* no metadata, a date in the URL: the first visible date on the URL's day (within its
  month, for a month-only URL), else the URL's day; for a month-only URL, the first body
  date of that month, else the month. The URL is set at publication, whereas the first
  date near the headline is sometimes a comment's or a neighbour's.
* no metadata, no URL date: the first visible date, else the body text.

Confidence = weight of the place x confidence of the form (named months and ISO
timestamps are surer than `05/07/2020`), adjusted as above, capped at `MAX_CONFIDENCE`.

Speed (the whole cascade is meant to cost about a millisecond): one pass over the tree
collects the few tags the metadata steps read; the visible text is walked outward from the
headline only as far as the windows need; date patterns are tried only around four-digit
numbers; visible dates are computed lazily, so the costly class search runs only when the
cheaper evidence did not settle the question.

Error codes: ``extract.bad_timezone`` (an unknown `tz` name).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from itertools import islice
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import lxml.html
from hijridate import Hijri
from lxml import etree

from nashra.errors import ExtractionError

__all__ = ["FoundDate", "date_from_url", "find_published_date", "parse_date_text"]


@dataclass(frozen=True)
class FoundDate:
    """A date found on a page, with the text the page used for it."""

    value: datetime  # timezone-aware
    text: str  # the date exactly as the page wrote it
    confidence: float  # 0..1
    origin: str  # "jsonld" | "meta" | "time" | "byline" | "url" | "text"
    has_time: bool


# --- tuned numbers -------------------------------------------------------------------------

MIN_YEAR = 1990  # no online news archive of the papers nashra reads goes further back
FUTURE_TOLERANCE = timedelta(days=1)  # a paper east of `tz` may already be on tomorrow's date
LOCAL_OFFSET_SLACK = timedelta(hours=4)  # Arab papers sit between UTC+0 and UTC+4, Algiers +1
OFFSET_STEP = timedelta(minutes=15)  # every real UTC offset is a multiple of 15 minutes
CLOCK_MATCH_TOLERANCE = timedelta(minutes=3)  # bylines drop seconds, metadata keeps them
MAX_UTC_OFFSET = timedelta(hours=14)  # the widest offset in use (Kiribati)
CONTEXT_CHARS = 40  # "آخر تحديث:" and the like sit right before the date they qualify
WEEKDAY_CHARS = 20  # «الأربعاء، » / "Wednesday, " right before the date
DATE_CHARS_BEFORE_YEAR = 48  # «الفاتح من شهر كانون الثاني / يناير 2020» fits
DATE_CHARS_AFTER_YEAR = 16  # «2020 / 07 / 22», «1441/12/15 هجرية»

# Confidence of a form, before the weight of where it was found.
ISO_CONFIDENCE = 0.95  # machine-written, with time and offset
NAMED_MONTH_CONFIDENCE = 0.9  # a month name leaves no day/month doubt
YMD_CONFIDENCE = 0.9  # year first is always year-month-day
DMY_CONFIDENCE = 0.85  # day first, unambiguous (day > 12 or day == month)
AMBIGUOUS_DMY_CONFIDENCE = 0.75  # both parts <= 12: read day first, as Arab/French papers do
MONTH_FIRST_CONFIDENCE = 0.6  # only possible reading, but an unusual one here
HIJRI_CONFIDENCE = 0.8  # Umm al-Qura tables can differ from local sighting by a day
RELATIVE_HOURS_CONFIDENCE = 0.45  # "منذ 3 ساعات": right day unless read long after
RELATIVE_DAYS_CONFIDENCE = 0.35  # "قبل يومين": depends on when the page was cached
UPDATED_FACTOR = 0.5  # a "last updated" date stands in for the publication date badly

# Weight of the place a date was found in.
JSONLD_WEIGHT = 1.0  # the publisher's own structured claim about this article
OTHER_JSONLD_WEIGHT = 0.9  # a WebPage's or HowTo's date: the page's, usually the article's
META_WEIGHT = 0.95  # same claim, sometimes site-wide templates (plain `date`)
TIME_WEIGHT = 0.9  # machine-readable but sometimes in a neighbouring box
BYLINE_WEIGHT = 0.9  # the caller located the byline
NEAR_HEADLINE_WEIGHT = 0.8  # dateline next to the headline
DATE_CLASS_WEIGHT = 0.65  # a date-looking element somewhere in the article area
TEXT_WEIGHT = 0.5  # first date of the body: often the event's date, not the article's
URL_DAY_CONFIDENCE = 0.7  # set by the CMS at creation; the day may be UTC's
URL_COMPACT_CONFIDENCE = 0.6  # /20200722/ could also be an identifier
URL_MONTH_CONFIDENCE = 0.3  # only the month is known
AGREEMENT_BONUS = 0.05  # two independent sources agreeing on the day
DISAGREEMENT_PENALTY = 0.2  # metadata contradicted by the page's own dateline
MAX_CONFIDENCE = 0.99  # a heuristic is never certain

# How far from the headline a dateline may sit (characters of visible text).
BEFORE_HEADLINE_CHARS = 300  # kicker + category line above the title
BEFORE_DISTANCE_FACTOR = 2  # datelines sit below the title more often than above it
AFTER_HEADLINE_CHARS = 600  # subtitle, highlights and author line below the title
# Within this many characters below a trusted headline a date is the article's dateline: on
# the benchmark pages it beats contradicting metadata there, and loses to it further down.
DATELINE_CHARS = 300
BODY_SCAN_CHARS = 5000  # the opening of the body; later dates are about other things
MAX_DATE_CLASS_ELEMENTS = 60  # date-class candidates to try before giving up
ARTICLE_AREA_LEVELS = 4  # headline -> header -> article wrapper -> column: the article's area
MAX_DATE_CLASS_TEXT = 200  # longer elements are containers, not datelines
MAX_MACHINE_TEXT = 100  # a metadata date longer than this is some other text
EPOCH_SECONDS_DIGITS = 10  # Unix time in seconds, 2001-2286
EPOCH_MS_DIGITS = 13  # Unix time in milliseconds (JavaScript), same span
RELATIVE_MIN_SHARE = 0.5  # "hier"/"أمس" count only when they are most of a date element
MIN_HEADLINE_CHARS = 10  # shorter headings are section labels ("Opinion", "News")
MAX_JSONLD_DEPTH = 6  # articles sit at most a few levels deep (@graph, mainEntity)
MAX_COMPARED_DATES = 12  # visible dates compared with the URL's or the metadata's date


# --- text normalisation (one character for one character, so offsets stay valid) ----------

_FOLD_MAP: dict[int, str] = {
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic digits
    **{0x06F0 + i: str(i) for i in range(10)},  # Persian (extended Arabic-Indic) digits
    ord("أ"): "ا",
    ord("إ"): "ا",
    ord("آ"): "ا",
    ord("ٱ"): "ا",
    ord("ى"): "ي",
    ord("ة"): "ه",
    ord("٫"): ".",  # Arabic decimal separator used as a date separator
    ord("٬"): ",",
    ord("\u2010"): "-",
    ord("\u2011"): "-",
    ord("\u2012"): "-",
    ord("\u2013"): "-",
    ord("\u2014"): "-",
    ord("\u2212"): "-",
    **{c: " " for c in (0x00A0, 0x2007, 0x2009, 0x202F, 0x200B, 0x200E, 0x200F, 0x061C)},
    **{c: " " for c in range(0x202A, 0x202F)},  # bidi embeddings and overrides
    **{c: " " for c in range(0x2066, 0x206A)},  # bidi isolates
}


def _fold(text: str) -> str:
    return text.translate(_FOLD_MAP)


def _alternation(words: Sequence[str]) -> str:
    folded = sorted({_fold(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded)


_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: (
        "جانفي",
        "يناير",
        "كانون الثاني",
        "janvier",
        "janv.",
        "january",
        "jan.",
        "januar",
        "jänner",
    ),
    2: (
        "فيفري",
        "فبراير",
        "فيبراير",
        "شباط",
        "février",
        "fevrier",
        "févr.",
        "fevr.",
        "févr",
        "fév.",
        "fev.",
        "february",
        "feb.",
        "februar",
    ),
    3: ("مارس", "آذار", "mars", "march", "mar.", "märz", "mär.", "mrz."),
    4: ("أفريل", "أبريل", "إبريل", "نيسان", "avril", "avr.", "april", "apr."),
    5: ("ماي", "مايو", "أيار", "mai", "may"),
    6: ("جوان", "يونيو", "يونيه", "حزيران", "juin", "june", "jun.", "juni"),
    7: (
        "جويلية",
        "جويليه",
        "يوليو",
        "يوليه",
        "يوليوز",
        "تموز",
        "juillet",
        "juil.",
        "juil",
        "july",
        "jul.",
        "juli",
    ),
    8: ("أوت", "أغسطس", "أغشت", "غشت", "آب", "août", "aout", "august", "aug."),
    9: (
        "سبتمبر",
        "شتنبر",
        "أيلول",
        "septembre",
        "sept.",
        "sept",
        "sep.",
        "september",
    ),
    10: ("أكتوبر", "تشرين الأول", "تشرين أول", "octobre", "oct.", "october", "oktober", "okt."),
    11: ("نوفمبر", "نونبر", "تشرين الثاني", "تشرين ثاني", "novembre", "nov.", "november"),
    12: (
        "ديسمبر",
        "دجنبر",
        "كانون الأول",
        "كانون أول",
        "décembre",
        "decembre",
        "déc.",
        "dec.",
        "december",
        "dezember",
        "dez.",
    ),
}
_MONTHS: dict[str, int] = {
    re.sub(r"\s+", " ", _fold(w).lower().rstrip(".")): n
    for n, words in _MONTH_WORDS.items()
    for w in words
}

_HIJRI_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("محرم",),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع الاول", "ربيع أول"),
    4: ("ربيع الثاني", "ربيع الآخر", "ربيع ثاني", "ربيع آخر"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى الاولى", "جمادى أولى"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى الثاني", "جمادى ثاني"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة", "ذو القعده"),
    12: ("ذو الحجة", "ذي الحجة", "ذو الحجه"),
}
_HIJRI_MONTHS: dict[str, int] = {
    re.sub(r"\s+", " ", _fold(w)): n for n, words in _HIJRI_MONTH_WORDS.items() for w in words
}

_WEEKDAYS = (
    "الأحد",
    "الاثنين",
    "الإثنين",
    "الأثنين",
    "الثلاثاء",
    "الأربعاء",
    "الإربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "mo.",
    "di.",
    "mi.",
    "do.",
    "fr.",
    "sa.",
    "so.",
)

_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_MONTH = rf"(?:{_alternation(list(_MONTHS))})\.?{_NOT_LETTER_AFTER}"
_HIJRI_MONTH = rf"(?:{_alternation(list(_HIJRI_MONTHS))}){_NOT_LETTER_AFTER}"
_HIJRI_SUFFIX = rf"(?:\s*(?:هجريه|هجري|هـ|ه){_NOT_LETTER_AFTER})"
_FIRST_DAY = _alternation(["غرة", "الفاتح"])
_NUM_BEFORE = r"(?<![\d.:/])(?<!\d-)"
_DIGIT_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"(?<!\d)\d{4}(?!\d)")

_DATE_RE = re.compile(
    rf"""
    (?P<hn>{_NOT_LETTER_BEFORE}(?<!\d)(?P<hn_d>\d{{1,2}})\s*(?:من\s+)?(?P<hn_m>{_HIJRI_MONTH})
        \s*(?P<hn_y>1[34]\d\d)(?!\d){_HIJRI_SUFFIX}?)
    | (?P<hy>{_NUM_BEFORE}(?P<hy_y>1[34]\d\d)\s*(?P<hy_s>[-/.])\s*(?P<hy_m>\d{{1,2}})
        \s*(?P=hy_s)\s*(?P<hy_d>\d{{1,2}})(?!\d){_HIJRI_SUFFIX})
    | (?P<hd>{_NUM_BEFORE}(?P<hd_d>\d{{1,2}})\s*(?P<hd_s>[-/.])\s*(?P<hd_m>\d{{1,2}})
        \s*(?P=hd_s)\s*(?P<hd_y>1[34]\d\d)(?!\d){_HIJRI_SUFFIX})
    | (?P<nd>(?:(?<!\d)(?P<nd_d>\d{{1,2}})(?:er|st|nd|rd|th|º)?
              |{_NOT_LETTER_BEFORE}(?P<nd_first>{_FIRST_DAY}))
        \s*(?:[-/.,،]\s*)?(?:(?:من|de)\s+)?(?:شهر\s+)?
        (?P<nd_m>{_MONTH})(?:\s*[/(]\s*{_MONTH}\s*\)?)?
        \s*[-/.,،]?\s*(?:(?:سنه|عام)\s+)?(?P<nd_y>\d{{4}})(?!\d)(?:\s?م{_NOT_LETTER_AFTER})?)
    | (?P<nm>{_NOT_LETTER_BEFORE}(?P<nm_m>{_MONTH})(?:\s*[/(]\s*{_MONTH}\s*\)?)?
        \s*(?P<nm_d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<nm_y>\d{{4}})(?!\d))
    | (?P<ymd>{_NUM_BEFORE}(?P<ymd_y>\d{{4}})\s*(?P<ymd_s>[-/.])\s*(?P<ymd_m>\d{{1,2}})
        \s*(?P=ymd_s)\s*(?P<ymd_d>\d{{1,2}})(?!\d))
    | (?P<dmy>{_NUM_BEFORE}(?P<dmy_d>\d{{1,2}})\s*(?P<dmy_s>[-/.])\s*(?P<dmy_m>\d{{1,2}})
        \s*(?P=dmy_s)\s*(?P<dmy_y>\d{{4}})(?!\d))
    """,
    re.IGNORECASE | re.VERBOSE,
)

_HARAKAT = r"[\u064B-\u0652]*"  # tanwin and short vowels, as in صباحًا, مساءً
_AMPM = rf"(?P<ampm>ص(?:باح{_HARAKAT}ا?{_HARAKAT})?|م(?:ساء{_HARAKAT}ا?{_HARAKAT})?|[ap]\.?\s?m\.?)"
_TIME_CORE = (
    r"(?P<H>\d{1,2})\s?[:h]\s?(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?(?!\d)"
    rf"(?:\s*{_AMPM}{_NOT_LETTER_AFTER})?(?:\s*uhr{_NOT_LETTER_AFTER})?"
)
_TZ = (
    r"(?:\s*\(?\s*(?:(?P<tzn>GMT|UTC|Z)\s*(?P<tzo>[+-]\s?\d{1,2}(?::?\d{2})?)?"
    r"|(?P<tzo2>[+-]\d{2}:?\d{2}))(?!\d)\s*\)?)?"
)
_TIME_AFTER_RE = re.compile(
    r"\s*(?:[-|,،@]|T|à|at|um|"
    + _alternation(["على الساعة", "في الساعة", "الساعة", "على"])
    + r")?\s*"
    + _TIME_CORE
    + _TZ,
    re.IGNORECASE,
)
_TIME_BEFORE_RE = re.compile(
    r"(?:(?P<tzb>GMT|UTC)\s*)?" + _TIME_CORE + r"(?:\s*(?P<tza>GMT|UTC))?\s*[-|,،]?\s*$",
    re.IGNORECASE,
)
_WEEKDAY_BEFORE_RE = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:{_alternation(_WEEKDAYS)})\.?\s*[,،]?\s*$", re.IGNORECASE
)

_RELATIVE_UNIT_WORDS: tuple[tuple[tuple[str, ...], int, timedelta], ...] = (
    (("ثانية", "ثوان", "ثواني", "seconde", "secondes", "second", "sec"), 1, timedelta(seconds=1)),
    (("ثانيتين", "ثانيتان"), 2, timedelta(seconds=1)),
    (("دقيقة", "دقائق", "minute", "minutes", "min", "mins"), 1, timedelta(minutes=1)),
    (("دقيقتين", "دقيقتان"), 2, timedelta(minutes=1)),
    (("ساعة", "ساعات", "heure", "heures", "h", "hour", "hr"), 1, timedelta(hours=1)),
    (("ساعتين", "ساعتان"), 2, timedelta(hours=1)),
    (("يوم", "أيام", "jour", "jours", "day"), 1, timedelta(days=1)),
    (("يومين", "يومان"), 2, timedelta(days=1)),
    (("أسبوع", "أسابيع", "semaine", "semaines", "week"), 1, timedelta(weeks=1)),
    (("أسبوعين", "أسبوعان"), 2, timedelta(weeks=1)),
)
# unit word -> (count the word implies: ساعتين is two hours, step)
_RELATIVE_UNITS: dict[str, tuple[int, timedelta]] = {
    _fold(word).lower(): (count, step)
    for words, count, step in _RELATIVE_UNIT_WORDS
    for word in words
}
_RELATIVE_UNIT = rf"(?P<unit>{_alternation(list(_RELATIVE_UNITS))}){_NOT_LETTER_AFTER}"
_YESTERDAY = _alternation(["أمس", "البارحة", "hier", "yesterday"])
# "today" alone is everywhere in Arabic text («اليوم السابع» is a paper): only with a time.
_TODAY = _alternation(["اليوم", "aujourd'hui", "today"])
_AT_HOUR = _alternation(["الساعة", "على الساعة"])
_RELATIVE_RE = re.compile(
    rf"""
    (?P<ago>{_NOT_LETTER_BEFORE}(?:منذ|قبل|il\s+y\s+a)\s+(?:(?P<n>\d{{1,3}}|une?)\s*)?{_RELATIVE_UNIT})
    | (?P<en_ago>(?<!\d)(?P<en_n>\d{{1,3}}|an?|one)\s+
        (?P<en_unit>seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b)
    | (?P<yday>{_NOT_LETTER_BEFORE}(?:{_YESTERDAY}){_NOT_LETTER_AFTER})
    | (?P<today>{_NOT_LETTER_BEFORE}(?:{_TODAY})
        (?=\s*[,،]?\s*(?:{_AT_HOUR}|à|at)?\s*\d{{1,2}}\s?[:h]\d{{2}}))
    """,
    re.IGNORECASE | re.VERBOSE,
)

_UPDATED_RE = re.compile(
    _alternation(
        [
            "آخر تحديث",
            "اخر تحديث",
            "تم التحديث",
            "تحديث",
            "محدثة",
            "محدث",
            "عدل",
            "تعديل",
            "mis à jour",
            "mise à jour",
            "modifié",
            "actualisé",
            "updated",
            "modified",
            "update",
            "aktualisiert",
            "geändert",
        ]
    ),
    re.IGNORECASE,
)
_PUBLISHED_RE = re.compile(
    _alternation(
        ["نشر", "تم نشره", "publié", "published", "posted", "créé", "publication", "veröffentlicht"]
    ),
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _zone(tz: str) -> tzinfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ExtractionError(f"unknown time zone {tz!r}", code="extract.bad_timezone") from exc


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now


# --- parsing one text ------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    """One date found in a text, where it sits, and how it was qualified."""

    found: FoundDate
    start: int
    end: int
    updated: bool  # preceded by "last updated" words
    relative: bool = False  # «منذ 3 ساعات», «أمس»


def _plausible(value: datetime, now: datetime) -> bool:
    return value.year >= MIN_YEAR and value <= now + FUTURE_TOLERANCE


def _offset(sign_and_digits: str) -> timedelta:
    raw = sign_and_digits.replace(" ", "").replace(":", "")
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:]
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    return sign * timedelta(hours=hours, minutes=minutes)


def _clock(m: re.Match[str]) -> tuple[int, int, int, tzinfo | None] | None:
    """Hour, minute, second and explicit zone of a time match, or None if impossible."""
    hour, minute = int(m["H"]), int(m["M"])
    second = int(m["S"]) if m["S"] else 0
    ampm = (m["ampm"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        afternoon = ampm.startswith(("م", "p"))
        hour = hour % 12 + (12 if afternoon else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone: tzinfo | None = None
    groups = m.groupdict()
    offset = groups.get("tzo") or groups.get("tzo2")
    if offset:
        delta = _offset(offset)
        if abs(delta) > MAX_UTC_OFFSET:
            return None
        zone = timezone(delta)
    elif groups.get("tzn") or groups.get("tzb") or groups.get("tza"):
        zone = UTC
    return hour, minute, second, zone


def _day_month(m: re.Match[str], kind: str) -> tuple[int, int, float] | None:
    """Day, month and form confidence of a numeric day-first match (see module docstring)."""
    first, second = int(m[f"{kind}_d"]), int(m[f"{kind}_m"])
    if second <= 12:
        certain = first > 12 or first == second
        return first, second, DMY_CONFIDENCE if certain else AMBIGUOUS_DMY_CONFIDENCE
    if first <= 12:
        return second, first, MONTH_FIRST_CONFIDENCE
    return None


def _calendar_date(m: re.Match[str]) -> tuple[date, float] | None:
    """The Gregorian day a date match names, with the confidence of its form."""
    try:
        if m["hn"] or m["hy"] or m["hd"]:
            if m["hn"]:
                month = _HIJRI_MONTHS[re.sub(r"\s+", " ", m["hn_m"])]
                y, mo, d = int(m["hn_y"]), month, int(m["hn_d"])
            elif m["hy"]:
                y, mo, d = int(m["hy_y"]), int(m["hy_m"]), int(m["hy_d"])
            else:
                y, mo, d = int(m["hd_y"]), int(m["hd_m"]), int(m["hd_d"])
            g = Hijri(y, mo, d).to_gregorian()
            return date(g.year, g.month, g.day), HIJRI_CONFIDENCE
        if m["nd"]:
            day = 1 if m["nd_first"] else int(m["nd_d"])
            month = _MONTHS[re.sub(r"\s+", " ", m["nd_m"].lower().rstrip("."))]
            return date(int(m["nd_y"]), month, day), NAMED_MONTH_CONFIDENCE
        if m["nm"]:
            month = _MONTHS[re.sub(r"\s+", " ", m["nm_m"].lower().rstrip("."))]
            return date(int(m["nm_y"]), month, int(m["nm_d"])), NAMED_MONTH_CONFIDENCE
        if m["ymd"]:
            ymd = date(int(m["ymd_y"]), int(m["ymd_m"]), int(m["ymd_d"]))
            return ymd, YMD_CONFIDENCE
        day_month = _day_month(m, "dmy")
        if day_month is None:
            return None
        day, month, confidence = day_month
        return date(int(m["dmy_y"]), month, day), confidence
    except (ValueError, OverflowError, KeyError):
        return None


def _date_matches(folded: str) -> Iterator[re.Match[str]]:
    """`_DATE_RE` matches, looked for only around four-digit numbers: every form has a
    year, and trying the long alternation at every character costs ten times more."""
    previous_end = 0
    size = len(folded)
    for year in _YEAR_RE.finditer(folded):
        if year.start() < previous_end:
            continue
        low = max(previous_end, year.start() - DATE_CHARS_BEFORE_YEAR)
        high = min(size, year.end() + DATE_CHARS_AFTER_YEAR)
        while high < size and folded[high].isdigit():
            high += 1  # never cut a number: `(?!\d)` would see its end
        for m in _DATE_RE.finditer(folded, low, high):
            if m.start() <= year.start() < m.end():
                previous_end = m.end()
                yield m
                break


def _absolute_hits(text: str, folded: str, zone: tzinfo, now: datetime) -> Iterator[_Hit]:
    previous_end = 0
    for m in _date_matches(folded):
        parsed = _calendar_date(m)
        if parsed is None:
            continue
        day, confidence = parsed
        start, end = m.start(), m.end()
        clock = None
        after = _TIME_AFTER_RE.match(folded, end)
        if after is not None and not m["hn"] and not m["hy"] and not m["hd"]:
            clock = _clock(after)
            if clock is not None:
                end = after.end()
        weekday = _WEEKDAY_BEFORE_RE.search(folded, max(previous_end, start - WEEKDAY_CHARS), start)
        if weekday is not None:
            start = weekday.start()
        elif clock is None:
            before = _TIME_BEFORE_RE.search(folded, max(previous_end, start - CONTEXT_CHARS), start)
            if before is not None:
                clock = _clock(before)
                if clock is not None:
                    start = before.start()
        if clock is None:
            value = datetime(day.year, day.month, day.day, tzinfo=zone)
        else:
            hour, minute, second, explicit = clock
            value = datetime(day.year, day.month, day.day, hour, minute, second)
            value = value.replace(tzinfo=explicit or zone)
            if explicit is not None and m["ymd"]:
                confidence = ISO_CONFIDENCE
        if not _plausible(value, now):
            continue
        updated = _is_update(folded, max(previous_end, start - CONTEXT_CHARS), start)
        found = FoundDate(
            value=value,
            text=text[start:end].strip(" \t\n\r,،|-"),
            confidence=confidence,
            origin="text",
            has_time=clock is not None,
        )
        previous_end = end
        yield _Hit(found, start, end, updated)


def _is_update(folded: str, start: int, end: int) -> bool:
    last_update = max((m.end() for m in _UPDATED_RE.finditer(folded, start, end)), default=-1)
    last_publish = max((m.end() for m in _PUBLISHED_RE.finditer(folded, start, end)), default=-1)
    return last_update > last_publish


def _relative_hits(text: str, folded: str, zone: tzinfo, now: datetime) -> Iterator[_Hit]:
    local_now = now.astimezone(zone)
    for m in _RELATIVE_RE.finditer(folded):
        start, end = m.start(), m.end()
        has_time = True
        if m["ago"] or m["en_ago"]:
            if m["ago"]:
                count_text, unit = (m["n"] or "").lower(), m["unit"].lower()
                count, step = _RELATIVE_UNITS[unit]
            else:
                count_text, unit = m["en_n"].lower(), m["en_unit"].lower().rstrip("s")
                count, step = _RELATIVE_UNITS[unit]
            if count_text.isdigit():
                count = int(count_text)
            value = local_now - count * step
            if step >= timedelta(days=1):
                has_time = False
                value = datetime.combine(value.date(), datetime.min.time(), tzinfo=zone)
            confidence = RELATIVE_HOURS_CONFIDENCE if has_time else RELATIVE_DAYS_CONFIDENCE
        else:
            base = local_now.date() - timedelta(days=1 if m["yday"] else 0)
            value = datetime.combine(base, datetime.min.time(), tzinfo=zone)
            has_time = False
            after = _TIME_AFTER_RE.match(folded, end)
            clock = _clock(after) if after is not None else None
            if clock is not None and after is not None:
                hour, minute, second, explicit = clock
                value = value.replace(hour=hour, minute=minute, second=second)
                value = value.replace(tzinfo=explicit or zone)
                end = after.end()
                has_time = True
            confidence = RELATIVE_HOURS_CONFIDENCE if m["today"] else RELATIVE_DAYS_CONFIDENCE
        if not _plausible(value, now):
            continue
        found = FoundDate(value, text[start:end].strip(), confidence, "text", has_time)
        yield _Hit(found, start, end, updated=False, relative=True)


def _hits(text: str, zone: tzinfo, now: datetime, *, relative: bool) -> list[_Hit]:
    if not relative and _DIGIT_RE.search(text) is None:
        return []  # every absolute form has digits (Arabic-Indic ones are \d too)
    folded = _fold(text)
    hits = list(_absolute_hits(text, folded, zone, now))
    if relative:
        taken = [(h.start, h.end) for h in hits]
        for hit in _relative_hits(text, folded, zone, now):
            if all(hit.end <= s or hit.start >= e for s, e in taken):
                hits.append(hit)
        hits.sort(key=lambda h: h.start)
    return hits


def _best(hits: Sequence[_Hit]) -> FoundDate | None:
    """The first publication date; a "last updated" one only when there is nothing else."""
    for hit in hits:
        if not hit.updated:
            return hit.found
    if hits:
        found = hits[0].found
        return replace(found, confidence=found.confidence * UPDATED_FACTOR)
    return None


def parse_date_text(
    text: str, *, tz: str = "Africa/Algiers", now: datetime | None = None
) -> FoundDate | None:
    """The date written in `text` (a byline, a dateline), or None.

    Relative forms («منذ 3 ساعات», «أمس») are read only when `now` is given. Without
    `now`, the current time bounds future dates.
    """
    zone = _zone(tz)
    return _best(_hits(text, zone, _now(now), relative=now is not None))


# --- URLs ----------------------------------------------------------------------------------

_URL_DAY_RE = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d\d)(?P<s>[/_-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?=[/_.-]|$)"
)
_URL_COMPACT_RE = re.compile(r"(?<=[/_-])(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)(?=[/_.-]|$)")
_URL_DMY_RE = re.compile(
    r"(?<![\d])(?P<d>\d{1,2})(?P<s>[-_])(?P<m>\d{1,2})(?P=s)(?P<y>(?:19|20)\d\d)(?=[/_.-]|$)"
)
_URL_MONTH_RE = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})/")


def _url_date(url: str, zone: tzinfo, now: datetime) -> FoundDate | None:
    parts = urlsplit(url)
    target = _fold(unquote(parts.path + ("?" + parts.query if parts.query else "")))
    for regex, confidence in (
        (_URL_DAY_RE, URL_DAY_CONFIDENCE),
        (_URL_COMPACT_RE, URL_COMPACT_CONFIDENCE),
        (_URL_DMY_RE, URL_COMPACT_CONFIDENCE),
    ):
        for m in regex.finditer(target):
            day, month = int(m["d"]), int(m["m"])
            if regex is _URL_DMY_RE and month > 12 >= day:
                day, month = month, day  # the only possible reading (module docstring)
            try:
                value = datetime(int(m["y"]), month, day, tzinfo=zone)
            except ValueError:
                continue
            if _plausible(value, now):
                return FoundDate(value, m.group(0), confidence, "url", False)
    for m in _URL_MONTH_RE.finditer(target):
        month = int(m["m"])
        if 1 <= month <= 12:
            value = datetime(int(m["y"]), month, 1, tzinfo=zone)
            if _plausible(value, now):
                return FoundDate(value, f"{m['y']}/{m['m']}", URL_MONTH_CONFIDENCE, "url", False)
    return None


def date_from_url(url: str, *, tz: str = "Africa/Algiers") -> FoundDate | None:
    """The date in an article URL: a day (`/2020/07/22/`, `/2020-07-22-`, `/20200722/`) or,
    with low confidence, a month (`/2020/07/`, first day of the month)."""
    return _url_date(url, _zone(tz), _now(None))


# --- pages ---------------------------------------------------------------------------------

_BOILERPLATE_TAGS = frozenset({"footer", "aside", "nav", "form", "select", "button"})
_BOILERPLATE_RE = re.compile(
    r"(?:^|[\s_-])(?:footer|foot|comments?|commentaires?|disqus|related|relat|similar|"
    r"sidebar|side-bar|widgets?|most-?read|mostread|most-?viewed|most-?popular|popular|"
    r"trending|recommend\w*|also-?read|read-?also|read-?more|more-?news|latest|"
    r"newsletter|share|sharing|social|breadcrumbs?|menu|navbar|nav|navigation|ticker|"
    r"marquee|copyright|advert\w*|ads|promo|sitenav|top-?bar|masthead|current-?date|"
    r"today|prayer\w*|weather|cookie\w*)(?:$|[\s_-])",
    re.IGNORECASE,
)
_LOCAL_BOILERPLATE_RE = re.compile(r"(?:^|[\s_-])(?:footer|foot)(?:$|[\s_-])", re.IGNORECASE)
# Modification dates by class/itemprop. A bare "updated" class is not one: hAtom themes put
# it on the one date they show, the publication date.
_MODIFIED_RE = re.compile(
    r"modif|last[-_]?updat|[-_]updated|updated[-_]|[-_]upd\b|edited|changed", re.IGNORECASE
)
_PUBLISHED_CLASS_RE = re.compile(r"publish|pubdate|posted|created|datePublished", re.IGNORECASE)
_ARTICLE_TYPE_RE = re.compile(r"article$|posting$|^report$", re.IGNORECASE)
# JSON-LD objects whose dates are not the page's content's (the site, a logo, a person).
_NOT_CONTENT_TYPES = frozenset(
    {"WebSite", "Organization", "NewsMediaOrganization", "Person", "ImageObject", "BreadcrumbList"}
)

_META_RANKS: dict[str, int] = {
    "article:published_time": 0,
    "og:article:published_time": 0,
    "og:published_time": 0,
    "article:published": 0,
    "datepublished": 0,
    "parsely-pub-date": 1,
    "sailthru.date": 1,
    "dc.date.issued": 1,
    "dcterms.issued": 1,
    "dc.date.created": 1,
    "dcterms.created": 1,
    "dc:date": 1,
    "dc:created": 1,
    "dcterms:created": 1,
    "article.published": 1,
    "article_date_original": 1,
    "original-publish-date": 1,
    "cxenseparse:recs:publishtime": 1,
    "published_time": 1,
    "published-date": 1,
    "publish_date": 1,
    "publish-date": 1,
    "pubdate": 2,
    "publishdate": 2,
    "pub_date": 2,
    "date_published": 2,
    "datecreated": 2,
    "dc.date": 3,
    "dcterms.date": 3,
    "date": 3,
}

_DATE_CLASS_XPATH = etree.XPath(
    ".//*[@class or @id][not(self::body or self::html or self::script or self::style)]"
    "[re:test(concat(@class, ' ', @id), $names, 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
_DATE_CLASS_NAMES = "date|time|publish|byline|meta|تاريخ|posted|dateline|tmstmp"
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "select", "option"})
# The tags the cascade reads, collected in one pass over the tree (each XPath `//x` would
# walk the whole document again).
_INDEXED_TAGS = ("h1", "h2", "h3", "title", "meta", "time", "abbr", "script")
_BARRIER = "\n¦\n"  # stands for a boilerplate box: no date pattern crosses it
_READ, _SKIP, _HIDE, _MODIFICATION = range(4)  # how the text walk treats an element
# Put before the text of a class="updated" element, so its date counts as "last updated".
_UPDATED_MARK = "\n¦ updated:"


class _Page:
    """What the cascade needs to know about one document, computed once.

    Elements are kept as dict keys, not by `id()`: lxml proxies die when unreferenced and
    their ids get reused, whereas a live proxy is the one object for its node.
    """

    def __init__(self, doc: lxml.html.HtmlElement) -> None:
        self.doc = doc
        self.elements: dict[str, list[lxml.html.HtmlElement]] = {t: [] for t in _INDEXED_TAGS}
        for element in doc.iter(*_INDEXED_TAGS):
            self.elements[str(element.tag)].append(element)
        self.headline, self.headline_trusted = _find_headline(self)
        self.headline_path: set[lxml.html.HtmlElement] = set()
        if self.headline is not None:
            self.headline_path = set(self.headline.iterancestors())
            self.headline_path.add(self.headline)
        self._boilerplate: dict[lxml.html.HtmlElement, bool] = {}

    def in_non_footer_boilerplate(self, element: lxml.html.HtmlElement) -> bool:
        """`is_boilerplate` forgiving footers: TYPO3 and others put the article's
        `itemprop=datePublished` in a `<div class="footer">` of the news item."""
        for node in element.iterancestors():
            if node in self.headline_path:
                return False
            names = f"{node.get('class', '')} {node.get('id', '')}"
            footer = node.tag == "footer" or _LOCAL_BOILERPLATE_RE.search(names) is not None
            if not footer and _looks_like_boilerplate(node):
                return True
        return False

    def is_boilerplate(self, element: lxml.html.HtmlElement) -> bool:
        """Whether `element` sits in a box that is not the article (see module docstring)."""
        chain: list[lxml.html.HtmlElement] = []
        result = False
        node: lxml.html.HtmlElement | None = element
        while node is not None:
            if node in self.headline_path:
                break
            known = self._boilerplate.get(node)
            if known is not None:
                result = known
                break
            chain.append(node)
            if _looks_like_boilerplate(node):
                result = True
                break
            node = node.getparent()
        for seen in chain:
            self._boilerplate[seen] = result
        return result


def _looks_like_boilerplate(node: lxml.html.HtmlElement) -> bool:
    """Whether this element, by its tag or class/id, is a box that is not the article."""
    tag = node.tag if isinstance(node.tag, str) else ""
    names = f"{node.get('class', '')} {node.get('id', '')}"
    if tag == "footer" or _LOCAL_BOILERPLATE_RE.search(names):
        # An article's own <footer> (Drupal's "submitted" line) holds its date.
        return next(node.iterancestors("article"), None) is None
    if tag in _BOILERPLATE_TAGS:
        return True
    return bool(names.strip()) and _BOILERPLATE_RE.search(names) is not None


def _squash(text: str) -> str:
    return " ".join(_fold(text).split()).lower()


def _find_headline(page: _Page) -> tuple[lxml.html.HtmlElement | None, bool]:
    """The article's title element and whether it repeats the page title.

    Of the `<h1>`-`<h3>` that repeat the `<title>`/`og:title`, the longest wins (a blog's
    name in an `<h1>` repeats the title too, but is shorter than the post's `<h3>`);
    without one, the first `<h1>` outside boilerplate, not trusted."""
    titles = [_squash(t.text_content()) for t in page.elements["title"]]
    titles += [
        _squash(m.get("content", ""))
        for m in page.elements["meta"]
        if (m.get("property") or m.get("name") or "").lower() in ("og:title", "twitter:title")
    ]
    titles = [t for t in titles if t]
    best: tuple[int, lxml.html.HtmlElement] | None = None
    fallback = None
    for tag in ("h1", "h2", "h3"):
        for element in page.elements[tag]:
            text = _squash(element.text_content())
            if len(text) < MIN_HEADLINE_CHARS:
                continue
            if any(
                text in title or (len(title) >= MIN_HEADLINE_CHARS and title in text)
                for title in titles
            ):
                if best is None or len(text) > best[0]:
                    best = (len(text), element)
            elif fallback is None and tag == "h1" and not _is_boilerplate_alone(element):
                fallback = element
    if best is not None:
        return best[1], True
    return fallback, False


def _is_boilerplate_alone(element: lxml.html.HtmlElement) -> bool:
    return any(_looks_like_boilerplate(a) for a in element.iterancestors())


def _parse_machine(raw: str, zone: tzinfo, now: datetime) -> FoundDate | None:
    """A date from a metadata attribute (ISO 8601 mostly, sometimes human text)."""
    raw = raw.strip()
    if not raw or len(raw) > MAX_MACHINE_TEXT:
        return None
    found = _best(_hits(raw, zone, now, relative=False))
    if found is None and raw.isdigit() and len(raw) in (EPOCH_SECONDS_DIGITS, EPOCH_MS_DIGITS):
        seconds = int(raw) / (1000 if len(raw) == EPOCH_MS_DIGITS else 1)
        value = datetime.fromtimestamp(seconds, UTC)
        found = (
            FoundDate(value, raw, ISO_CONFIDENCE, "meta", True) if _plausible(value, now) else None
        )
    return found


def _weighted(found: FoundDate, origin: str, weight: float, text: str | None = None) -> FoundDate:
    return replace(
        found,
        origin=origin,
        confidence=min(MAX_CONFIDENCE, found.confidence * weight),
        text=found.text if text is None else text,
    )


def _jsonld_objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > MAX_JSONLD_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _jsonld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key, value in data.items():
            if key != "@context" and isinstance(value, dict | list):
                yield from _jsonld_objects(value, depth + 1)


def _jsonld_types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type", [])
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _from_jsonld(page: _Page, zone: tzinfo, now: datetime) -> FoundDate | None:
    fallback: FoundDate | None = None
    for script in page.elements["script"]:
        if "ld+json" not in script.get("type", "").lower():
            continue
        raw = (script.text or "").strip()
        raw = raw.removeprefix("<!--").removesuffix("-->").strip()
        if raw.startswith("//<![CDATA["):
            raw = raw.removeprefix("//<![CDATA[").removesuffix("//]]>")
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue  # malformed JSON-LD: the rest of the cascade still has a say
        for obj in _jsonld_objects(data):
            value = obj.get("datePublished") or obj.get("dateCreated")
            if not isinstance(value, str):
                continue
            types = _jsonld_types(obj)
            found = _parse_machine(value, zone, now)
            if found is None:
                continue
            if any(_ARTICLE_TYPE_RE.search(t) for t in types):
                return _weighted(found, "jsonld", JSONLD_WEIGHT, value.strip())
            if fallback is None and not _NOT_CONTENT_TYPES.intersection(types):
                # WebPage, HowTo, Recipe...: this page's content, but maybe not an article.
                fallback = _weighted(found, "jsonld", OTHER_JSONLD_WEIGHT, value.strip())
    return fallback


def _from_meta(page: _Page, zone: tzinfo, now: datetime) -> FoundDate | None:
    best: tuple[int, FoundDate] | None = None
    for element in page.elements["meta"]:
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        rank = _META_RANKS.get(key.strip().lower())
        if rank is None or (best is not None and best[0] <= rank):
            continue
        in_body = next(element.iterancestors("body"), None) is not None
        # Microdata in the body: skip a related article's, keep one in a news footer.
        if in_body and (
            page.in_non_footer_boilerplate(element) if rank == 0 else page.is_boilerplate(element)
        ):
            continue
        raw = element.get("content", "")
        found = _parse_machine(raw, zone, now)
        if found is not None:
            best = (rank, _weighted(found, "meta", META_WEIGHT, raw.strip()))
            if rank == 0:
                break
    return None if best is None else best[1]


def _from_time_elements(page: _Page, zone: tzinfo, now: datetime) -> FoundDate | None:
    """`<time datetime>` (and Blogger's `<abbr class="published" title>`) outside
    boilerplate; a published or `itemprop=datePublished` one first, else the first one."""
    fallback: FoundDate | None = None
    candidates = [(e, e.get("datetime")) for e in page.elements["time"]]
    candidates += [(e, e.get("title")) for e in page.elements["abbr"] if _is_published_abbr(e)]
    for element, raw in candidates:
        if not raw:
            continue
        if _is_modification(element):
            continue
        names = f"{element.get('class', '')} {element.get('itemprop', '')}"
        declared = element.get("itemprop") == "datePublished" or bool(
            element.xpath("meta[@itemprop='datePublished']")
        )
        if page.in_non_footer_boilerplate(element) if declared else page.is_boilerplate(element):
            continue
        found = _parse_machine(raw, zone, now)
        if found is None:
            continue
        shown = _best(_hits(element.text_content(), zone, now, relative=False))
        text = raw.strip()
        if shown is not None and _agree(found, shown, zone) is not None:
            text = shown.text
        found = _weighted(found, "time", TIME_WEIGHT, text)
        if declared or _PUBLISHED_CLASS_RE.search(names) or element.get("pubdate") is not None:
            return found
        if fallback is None:
            fallback = found
    return fallback


def _is_published_abbr(element: lxml.html.HtmlElement) -> bool:
    names = f"{element.get('class', '')} {element.get('itemprop', '')}"
    return _PUBLISHED_CLASS_RE.search(names) is not None


def _kind(element: lxml.html.HtmlElement) -> int:
    """How the text walk treats an element: `_READ`, `_SKIP` (scripts, boilerplate; a
    barrier), `_HIDE` (comments: nothing) or `_MODIFICATION` (a "modified" date box)."""
    tag = element.tag
    if not isinstance(tag, str):
        return _HIDE
    if tag in _SKIPPED_TAGS:
        return _SKIP
    if element.get("class") is None and element.get("id") is None:
        if tag in _BOILERPLATE_TAGS or tag == "footer":
            return _SKIP if _looks_like_boilerplate(element) else _READ
        return _MODIFICATION if element.get("itemprop") == "dateModified" else _READ
    if _looks_like_boilerplate(element):
        return _SKIP
    return _MODIFICATION if _is_modification(element) else _READ


def _is_modification(element: lxml.html.HtmlElement) -> bool:
    """A "modified"/"updated" element that does not also say "published" (WordPress
    writes `class="entry-date published updated"` on the publication date)."""
    names = f"{element.get('class', '')} {element.get('itemprop', '')} {element.get('id', '')}"
    return _MODIFIED_RE.search(names) is not None and not _PUBLISHED_CLASS_RE.search(names)


def _subtree_texts(element: lxml.html.HtmlElement) -> Iterator[str]:
    """Visible text inside `element`, in document order (its tail excluded).

    Iterative (an explicit stack): nested generators would pass every piece up through
    each level of the tree."""
    stack: list[lxml.html.HtmlElement | str] = [element]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
            continue
        kind = _kind(item)
        if kind == _HIDE:
            continue
        if kind == _SKIP:
            yield _BARRIER
            continue
        if kind == _MODIFICATION:
            yield _UPDATED_MARK
            stack.append(_BARRIER)
        if item.text:
            yield item.text
        for child in reversed(item):
            if child.tail:
                stack.append(child.tail)
            stack.append(child)


def _subtree_texts_backwards(element: lxml.html.HtmlElement) -> Iterator[str]:
    """`_subtree_texts` in reverse document order."""
    stack: list[lxml.html.HtmlElement | str] = [element]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
            continue
        kind = _kind(item)
        if kind == _HIDE:
            continue
        if kind == _SKIP:
            yield _BARRIER
            continue
        if kind == _MODIFICATION:
            yield _BARRIER
            stack.append(_UPDATED_MARK)
        if item.text:
            stack.append(item.text)
        for child in item:
            stack.append(child)
            if child.tail:
                stack.append(child.tail)


def _texts_after(element: lxml.html.HtmlElement) -> Iterator[str]:
    """Visible text after `element` (its own text excluded), nearest first."""
    node: lxml.html.HtmlElement | None = element
    while node is not None:
        if node.tail:
            yield node.tail
        sibling = node.getnext()
        while sibling is not None:
            yield from _subtree_texts(sibling)
            if sibling.tail:
                yield sibling.tail
            sibling = sibling.getnext()
        node = node.getparent()


def _texts_before(element: lxml.html.HtmlElement) -> Iterator[str]:
    """Visible text before `element`, nearest first (each piece in reading order)."""
    node: lxml.html.HtmlElement | None = element
    while node is not None:
        sibling = node.getprevious()
        while sibling is not None:
            if sibling.tail:
                yield sibling.tail
            yield from _subtree_texts_backwards(sibling)
            sibling = sibling.getprevious()
        node = node.getparent()
        if node is not None and node.text:
            yield node.text


def _gather(pieces: Iterator[str], limit: int, *, backwards: bool = False) -> str:
    """The first `limit` characters of `pieces` joined in reading order."""
    parts: list[str] = []
    size = 0
    for piece in pieces:
        squashed = " ".join(piece.split())  # as a browser renders it
        if squashed:
            parts.append(squashed)
            size += len(squashed) + 1
        if size >= limit:
            break
    if backwards:
        return " ".join(reversed(parts))[-limit:]
    return " ".join(parts)[:limit]


def _near_headline(page: _Page, zone: tzinfo, now: datetime) -> Iterator[tuple[FoundDate, bool]]:
    """Dates of the text around the headline, nearest first (text above counts
    `BEFORE_DISTANCE_FACTOR` times its distance), each with whether it is the article's
    dateline: close below a headline that repeats the page title."""
    if page.headline is None:
        return
    after = _gather(_texts_after(page.headline), AFTER_HEADLINE_CHARS)
    before = _gather(_texts_before(page.headline), BEFORE_HEADLINE_CHARS, backwards=True)
    ranked: list[tuple[float, FoundDate, bool]] = []
    updated: list[FoundDate] = []
    for hit in _hits(after, zone, now, relative=False):
        close = hit.start <= DATELINE_CHARS
        found = _weighted(hit.found, "byline", NEAR_HEADLINE_WEIGHT if close else DATE_CLASS_WEIGHT)
        if hit.updated:
            updated.append(found)
        else:
            ranked.append((hit.start, found, close and page.headline_trusted))
    for hit in _hits(before, zone, now, relative=False):
        found = _weighted(hit.found, "byline", NEAR_HEADLINE_WEIGHT)
        if hit.updated:
            updated.append(found)
        else:
            ranked.append((BEFORE_DISTANCE_FACTOR * (len(before) - hit.end), found, False))
    ranked.sort(key=lambda item: item[0])
    for _, found, dateline in ranked:
        yield found, dateline
    for found in updated:
        yield replace(found, confidence=found.confidence * UPDATED_FACTOR), False


def _article_area(page: _Page) -> lxml.html.HtmlElement:
    """Where the article's own date elements are: the `<article>`/`<main>` holding the
    headline, else its ancestor `ARTICLE_AREA_LEVELS` up, else the whole page."""
    if page.headline is None:
        return page.doc
    area = page.headline
    for level, ancestor in enumerate(page.headline.iterancestors(), start=1):
        area = ancestor
        if ancestor.tag in ("article", "main") or level >= ARTICLE_AREA_LEVELS:
            break
    return area


def _from_date_classes(
    page: _Page, zone: tzinfo, now: datetime, *, whole_page: bool, relative: bool
) -> Iterator[FoundDate]:
    """Dates of elements whose class/id says date, time, byline... (module docstring)."""
    tried = 0
    scope = page.doc if whole_page else _article_area(page)
    for element in _DATE_CLASS_XPATH(scope, names=_DATE_CLASS_NAMES):
        text = element.text_content()
        stripped = text.strip()
        if not stripped or len(stripped) > MAX_DATE_CLASS_TEXT:
            continue
        if _is_modification(element) or page.is_boilerplate(element):
            continue
        tried += 1
        if tried > MAX_DATE_CLASS_ELEMENTS:
            break
        hits = [
            hit
            for hit in _hits(text, zone, now, relative=relative)
            if not hit.relative or len(hit.found.text) >= RELATIVE_MIN_SHARE * len(stripped)
        ]
        found = _best(hits)
        if found is not None:
            yield _weighted(found, "byline", DATE_CLASS_WEIGHT)


def _from_body_text(
    page: _Page, zone: tzinfo, now: datetime, within: FoundDate | None = None
) -> FoundDate | None:
    """The first date of the text after the headline (of the whole body without one); with
    `within` (a month-only URL date), the first one in that month."""
    if page.headline is not None:
        pieces = _texts_after(page.headline)
    else:
        body = page.doc.find("body")
        if body is None:
            return None
        pieces = _subtree_texts(body)
    hits = _hits(_gather(pieces, BODY_SCAN_CHARS), zone, now, relative=False)
    if within is not None:
        hits = [h for h in hits if _same_period(within, h.found, zone)]
    found = _best(hits)
    return None if found is None else _weighted(found, "text", TEXT_WEIGHT)


def _nice_offsets(center: timedelta) -> Iterator[timedelta]:
    """Offsets within LOCAL_OFFSET_SLACK of `center`, nearest first, whole hours first."""
    yield center
    hour = timedelta(hours=1)
    for step in range(1, int(LOCAL_OFFSET_SLACK / hour) + 1):
        yield center + step * hour
        yield center - step * hour


def _agree(machine: FoundDate, shown: FoundDate, zone: tzinfo) -> datetime | None:
    """`machine`'s instant expressed so that its local day is `shown`'s day, if plausible."""
    day = shown.value.date()
    if shown.has_time and machine.has_time:
        wall = shown.value.replace(tzinfo=None)
        utc = machine.value.astimezone(UTC).replace(tzinfo=None)
        offset = wall - utc
        rounded = OFFSET_STEP * round(offset / OFFSET_STEP)
        if abs(offset - rounded) <= CLOCK_MATCH_TOLERANCE and abs(rounded) <= MAX_UTC_OFFSET:
            candidate = machine.value.astimezone(timezone(rounded))
            if candidate.date() == day:
                return candidate
    if machine.value.date() == day:
        return machine.value
    local = machine.value.astimezone(zone)
    if local.date() == day:
        return local
    if not machine.has_time:
        return None
    center = local.utcoffset() or timedelta(0)
    for offset in _nice_offsets(center):
        candidate = machine.value.astimezone(timezone(offset))
        if candidate.date() == day:
            return candidate
    return None


def _combine(machine: FoundDate, shown: FoundDate, value: datetime) -> FoundDate:
    return FoundDate(
        value=value,
        text=shown.text,
        confidence=min(MAX_CONFIDENCE, max(machine.confidence, shown.confidence) + AGREEMENT_BONUS),
        origin=machine.origin,
        has_time=machine.has_time,
    )


def find_published_date(
    doc: lxml.html.HtmlElement,
    url: str,
    *,
    tz: str = "Africa/Algiers",
    now: datetime | None = None,
    byline_texts: Sequence[str] = (),
) -> FoundDate | None:
    """The publication date of the article in `doc` (cascade in the module docstring)."""
    zone = _zone(tz)
    moment = _now(now)
    page = _Page(doc)
    machine = (
        _from_jsonld(page, zone, moment)
        or _from_meta(page, zone, moment)
        or _from_time_elements(page, zone, moment)
    )
    # With metadata, visible dates only check it and give its text: the article's area is
    # enough, and much cheaper than the whole page.
    shown = _shown_dates(
        page, zone, moment, byline_texts, whole_page=machine is None, relative=now is not None
    )
    if machine is not None:
        return _reconcile(machine, shown, zone)
    url_found = _url_date(url, zone, moment)
    if url_found is None:
        first, _ = next(shown, (None, False))
        return first if first is not None else _from_body_text(page, zone, moment)
    return _with_url(url_found, shown, page, zone, moment)


def _same_period(url_found: FoundDate, other: FoundDate, zone: tzinfo) -> bool:
    """Whether `other` falls on the URL's day (or in its month, for a month-only URL)."""
    if url_found.confidence > URL_MONTH_CONFIDENCE:
        return _agree(url_found, other, zone) is not None
    value = other.value.astimezone(zone)
    return (value.year, value.month) == (url_found.value.year, url_found.value.month)


def _with_url(
    url_found: FoundDate,
    shown: Iterator[tuple[FoundDate, bool]],
    page: _Page,
    zone: tzinfo,
    now: datetime,
) -> FoundDate:
    """No metadata: the first visible date that fits the URL's date; else the URL's day;
    for a month-only URL, the first visible or body date of that month, else that month.

    Blogs and news sites set the URL's date at publication, while the first date near the
    headline is sometimes a comment's or a neighbour's."""
    for found, _ in islice(shown, MAX_COMPARED_DATES):
        if _same_period(url_found, found, zone):
            bonus = AGREEMENT_BONUS if url_found.confidence > URL_MONTH_CONFIDENCE else 0.0
            return replace(found, confidence=min(MAX_CONFIDENCE, found.confidence + bonus))
    if url_found.confidence > URL_MONTH_CONFIDENCE:
        return url_found
    body = _from_body_text(page, zone, now, within=url_found)
    return body if body is not None else url_found


def _shown_dates(
    page: _Page,
    zone: tzinfo,
    now: datetime,
    byline_texts: Sequence[str],
    *,
    whole_page: bool,
    relative: bool,
) -> Iterator[tuple[FoundDate, bool]]:
    """Visible dates, most credible first, each with whether it is the article's dateline
    (the caller's byline or the text by the headline); computed lazily, as the last step
    costs most. Relative forms only with `relative` (the caller gave `now`)."""
    for text in byline_texts:
        found = _best(_hits(text, zone, now, relative=relative))
        if found is not None:
            yield _weighted(found, "byline", BYLINE_WEIGHT), True
    yield from _near_headline(page, zone, now)
    dated = _from_date_classes(page, zone, now, whole_page=whole_page, relative=relative)
    for found in dated:
        yield found, False


def _reconcile(
    machine: FoundDate, shown: Iterator[tuple[FoundDate, bool]], zone: tzinfo
) -> FoundDate:
    """Metadata checked against the visible dates (rules in the module docstring)."""
    first, dateline = next(shown, (None, False))
    if first is None:
        return machine
    value = _agree(machine, first, zone)
    if value is not None:
        return _combine(machine, first, value)
    for other, _ in islice(shown, MAX_COMPARED_DATES):
        value = _agree(machine, other, zone)
        if value is not None:
            # The page also shows the metadata's day: the first date was something else
            # (an event, a neighbour, the site's "today").
            return replace(_combine(machine, other, value), confidence=machine.confidence)
    if dateline:
        return replace(first, confidence=max(0.0, first.confidence - DISAGREEMENT_PENALTY))
    return replace(machine, confidence=max(0.0, machine.confidence - DISAGREEMENT_PENALTY))
