"""A generated local press for benchmarks: hundreds of fictional Arabic papers on loopback.

    async with GeneratedPress(PressSpec(papers=200, items=50)) as press:
        for source in press.sources():
            store.upsert_source(source)

Every paper has its own loopback address (127.0.1.1, 127.0.1.2, … then 127.0.2.1 …; all of
127/8 is loopback on Linux), all on one port, so per-host politeness, robots.txt and
conditional GET behave as with separate sites. The HTTP side is the demo press's server
(`nashra.demo.server`: h11 on asyncio); the feed writers and the printed date forms are the
demo press's too (`nashra.demo.feeds`, `nashra.demo.dates`).

What a paper serves, all of it deterministic from `PressSpec.seed`:
- `/robots.txt` (allows everything but `/wp-admin/`), `/` (a home page listing the newest
  items, with `<link rel="alternate">` to the feed);
- one feed of `items` entries: RSS 2.0 for most papers, Atom 1.0 for one in
  `ATOM_ONE_IN`; one paper in `WINDOWS_1256_ONE_IN` serves RSS and pages in windows-1256;
  one in `CONDITIONAL_ONE_IN` answers conditional GET (ETag, 304); one in
  `TRACKING_ONE_IN` puts `utm_*` parameters on its feed links;
- `items` article pages of about `ARTICLE_WORDS` Arabic words made from a small vocabulary
  with a seeded RNG: a title, an author, the date in the byline (one of the demo press's
  printed forms, per paper), JSON-LD on some papers, `article:published_time` on others,
  a lead image on most articles, and a realistic page weight of 30–60 KB of menus,
  tickers, "most read" lists, inline CSS and JavaScript, an SVG sprite and a footer.

Pages are generated on each request (nothing is written to disk; a page is about 0.3 ms of
string work); feeds, home pages and page furniture are cached per paper.
`PressProcess` runs the press in a separate process so a benchmark can measure the
server's CPU time apart from the crawler's.

Error codes (`NashraError`):
- `demo.address_in_use`: the papers' addresses could not all be bound to one port (raised
  by `nashra.demo.server.bind_same_port`);
- `bench.press_not_started`: the press process did not report its port in time.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import multiprocessing
import random
import re
import resource
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cached_property
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Literal
from zoneinfo import ZoneInfo

from nashra.demo.dates import DateStyle, published_text
from nashra.demo.feeds import ATOM_CONTENT_TYPE, RSS_CONTENT_TYPE, FeedEntry, atom, rss
from nashra.demo.server import LoopbackServer, Request, Response, bind_same_port
from nashra.errors import NashraError
from nashra.models import Feed, Source

DEFAULT_SEED = 20_260_301
TIMEZONE = "Africa/Algiers"
ZONE = ZoneInfo(TIMEZONE)
# The newest article of every paper; fixed so a seed always gives the same bytes.
NEWEST = datetime(2026, 3, 1, 9, 0, tzinfo=ZONE)
MIN_GAP_MINUTES = 20  # between two articles of one paper: a busy daily
MAX_GAP_MINUTES = 150  # ... and a quiet one; 50 items then span 1-5 days, like real feeds
ARTICLE_WORDS = 300  # body length of a typical agency-sized news story
ARTICLE_WORDS_SPREAD = 60  # +- words, so pages differ in size as real ones do
SUMMARY_WORDS = 35  # a feed <description> is the lead paragraph, not the article
HOME_ITEMS = 30  # a home page shows about this many headlines
TICKER_ITEMS = 8  # "breaking news" headlines on every page
MOST_READ_ITEMS = 10
RELATED_ITEMS = 6
FIRST_ADDRESS_BLOCK = 1  # papers live in 127.0.1.0/24 and up, away from the demo press
HOSTS_PER_BLOCK = 254  # .1 to .254 of each /24
ATOM_ONE_IN = 5  # a fifth of the papers publish Atom (Blogger, some CMS plugins)
WINDOWS_1256_ONE_IN = 20  # older Algerian CMSs still serve windows-1256
CONDITIONAL_ONE_IN = 2  # about half of real servers answer If-None-Match with 304
TRACKING_ONE_IN = 5  # feeds that tag links with utm_* for the paper's analytics
JSONLD_ONE_IN = 3  # JSON-LD NewsArticle on a third of the papers (WordPress SEO plugins)
IMAGE_PERCENT = 70  # share of articles with a lead image
FEED_MAX_AGE = 300  # seconds; a news CMS lets caches keep its feed five minutes
CSS_BYTES = (4_000, 10_000)  # inline theme CSS of a paper, bounds
SCRIPT_BYTES = (8_000, 20_000)  # inline JS (analytics, ads, theme bundle) of a paper, bounds
SPRITE_ICONS = (12, 24)  # icons in the page's SVG sprite

SHARE_BUTTONS = (
    '<div class="share"><a href="#" class="fb">فيسبوك</a> <a href="#" class="tw">تويتر</a>'
    ' <a href="#" class="wa">واتساب</a></div>\n'
)

FeedFormat = Literal["rss", "atom"]
DATE_STYLES: tuple[DateStyle, ...] = (
    "dmy_spaced",
    "weekday_maghreb",
    "day_month_mashriq",
    "arabic_indic",
    "ymd_hm",
    "maghreb_at_time",
)
URL_SHAPES = (
    "/{section}/{number}.html",
    "/article/{year}/{month:02d}/{day:02d}/{number}",
    "/ar/{section}/{number}-{hash}",
    "/news/{number}",
)
_ARTICLE_PATH = re.compile(
    r"^/(?:[a-z]+/\d+\.html|article/\d{4}/\d\d/\d\d/\d+|ar/[a-z]+/\d+-[0-9a-f]+|news/\d+)$"
)
_NUMBER = re.compile(r"(\d+)(?:-[0-9a-f]+)?(?:\.html)?$")
FIRST_NUMBER = 41_000  # article numbers of a mature CMS, not 1, 2, 3

PAPER_WORDS = ("صوت", "أخبار", "نجمة", "شروق", "أضواء", "صدى", "بريد", "رسالة", "فجر", "نبض")
PAPER_PLACES = (
    "الوادي",
    "الساحل",
    "الجنوب",
    "الهضاب",
    "الغرب",
    "الشرق",
    "الأطلس",
    "الصحراء",
    "المدينة",
    "الجزائر",
    "التل",
    "الواحات",
    "البحر",
    "الجبل",
    "السهل",
)
SECTIONS = (
    ("national", "وطني"),
    ("world", "دولي"),
    ("economy", "اقتصاد"),
    ("sports", "رياضة"),
    ("culture", "ثقافة"),
    ("society", "مجتمع"),
    ("regions", "محليات"),
    ("health", "صحة"),
)
MENU_EXTRA = (
    "آراء",
    "حوارات",
    "تحقيقات",
    "ملفات",
    "فيديو",
    "صور",
    "كاريكاتير",
    "منوعات",
    "تكنولوجيا",
    "دين",
    "أسرة",
    "شباب",
    "عدد اليوم",
    "أرشيف",
    "مواقيت الصلاة",
    "الطقس",
)
AUTHORS = (
    "سمير بوعلام",
    "نادية حمودي",
    "كريم بن عيسى",
    "فاطمة الزهراء قاسمي",
    "يوسف مقراني",
    "ليلى عمروش",
    "عبد الحق سعيدي",
    "أمينة بلقاسم",
    "مراد زروقي",
    "حكيم شريفي",
    "وكالة الأنباء",
    "القسم الوطني",
)
SUBJECTS = (
    "الوزير",
    "الحكومة",
    "والي الولاية",
    "رئيس البلدية",
    "المديرية الولائية",
    "اللجنة الوطنية",
    "النقابة",
    "المنتخب الوطني",
    "الشركة الوطنية",
    "وزارة التربية",
    "مصالح الأمن",
    "الجمعية",
)
VERBS = (
    "يعلن",
    "يطلق",
    "تدشن",
    "يستقبل",
    "تبحث",
    "يشرف على",
    "تعلن عن",
    "يؤكد",
    "تطالب ب",
    "يفتتح",
    "تستلم",
    "يناقش",
)
OBJECTS = (
    "مشروع السكن الجديد",
    "برنامج التنمية المحلية",
    "موسم الحصاد",
    "محطة تحلية المياه",
    "الدخول المدرسي",
    "المعرض الدولي للكتاب",
    "خطة مكافحة الحرائق",
    "الطريق السريع",
    "مستشفى جامعي",
    "مهرجان الأغنية",
    "حملة التلقيح",
    "قانون المالية",
    "مشروع الربط بالغاز",
    "السوق الأسبوعية",
)
PLACES = (
    "الجزائر العاصمة",
    "وهران",
    "قسنطينة",
    "عنابة",
    "ورقلة",
    "تمنراست",
    "بجاية",
    "تلمسان",
    "بسكرة",
    "غرداية",
    "سطيف",
    "تهاقرت",
    "الأغواط",
    "سكيكدة",
)
OPENERS = (
    "وأكد",
    "وأوضح",
    "وأشار",
    "وقال",
    "من جهته،",
    "وفي هذا السياق،",
    "كما",
    "وحسب المصدر ذاته،",
    "وأضاف",
    "وتابع",
    "في المقابل،",
    "وبحسب الأرقام المقدمة،",
)
WORDS = (
    "المشروع",
    "السكان",
    "المواطنين",
    "الولاية",
    "البلدية",
    "الأشغال",
    "المصالح",
    "المعنية",
    "الجديد",
    "الوطني",
    "المحلية",
    "التنمية",
    "الاستثمار",
    "الميزانية",
    "السنة",
    "الجارية",
    "المقبلة",
    "الأسبوع",
    "الماضي",
    "خلال",
    "في",
    "على",
    "من",
    "إلى",
    "مع",
    "بعد",
    "قبل",
    "حول",
    "أن",
    "التي",
    "الذي",
    "هذه",
    "هذا",
    "عدد",
    "كبير",
    "مختلف",
    "القطاعات",
    "الشباب",
    "العمل",
    "مناصب",
    "الشغل",
    "المياه",
    "الكهرباء",
    "الطرقات",
    "المدارس",
    "المستشفيات",
    "الفلاحين",
    "الإنتاج",
    "الأسعار",
    "السوق",
    "الدعم",
    "الدولة",
    "المسؤولين",
    "الاجتماع",
    "اللقاء",
    "الزيارة",
    "التفقدية",
    "الميدانية",
    "البرنامج",
    "الخماسي",
    "الإنجاز",
    "نسبة",
    "بالمائة",
    "مليار",
    "دينار",
    "هكتار",
    "وحدة",
    "سكنية",
    "المنطقة",
    "الصناعية",
    "الجنوبية",
    "الكبرى",
    "إطار",
    "تنفيذ",
    "توجيهات",
    "ضرورة",
    "تسريع",
    "وتيرة",
    "استكمال",
    "الآجال",
    "المحددة",
    "النقائص",
    "المسجلة",
    "الوضعية",
    "الحالية",
    "الإجراءات",
    "اللازمة",
    "لفائدة",
    "العائلات",
    "المستفيدين",
    "القائمة",
    "النهائية",
    "الأولى",
    "الثانية",
    "الرسمية",
    "العمومية",
    "الخاصة",
    "الخبراء",
    "الدراسة",
    "التقنية",
    "الشركات",
    "الأجنبية",
    "الشراكة",
    "التعاون",
    "الثنائي",
)


@dataclass(frozen=True)
class PressSpec:
    """What to generate: how many papers, how many items each, from which seed."""

    papers: int = 200
    items: int = 50
    seed: int = DEFAULT_SEED

    @property
    def articles(self) -> int:
        return self.papers * self.items


@dataclass(frozen=True)
class PaperPlan:
    """One generated paper: who it is, where it lives and how its CMS behaves."""

    index: int
    slug: str
    name: str
    host: str
    feed_format: FeedFormat
    feed_path: str
    encoding: str
    date_style: DateStyle
    url_shape: str
    jsonld: bool
    published_meta: bool
    conditional: bool
    tracking: bool
    feed_content_type: str


@dataclass(frozen=True)
class ArticlePlan:
    """One generated article (everything but the body, which is drawn when served)."""

    number: int
    path: str
    title: str
    author: str
    section: tuple[str, str]
    published: datetime
    image: bool


@dataclass
class ServerStats:
    """What the press served, and what it cost the process serving it."""

    requests: int = 0
    not_modified: int = 0
    not_found: int = 0
    bytes_sent: int = 0
    cpu_seconds: float = 0.0
    max_rss_kib: int = 0
    by_path_kind: dict[str, int] = field(default_factory=dict)


def address_of(index: int) -> str:
    """The loopback address of paper `index` (0-based): 127.0.1.1, …, 127.0.1.254, 127.0.2.1 …"""
    block, host = divmod(index, HOSTS_PER_BLOCK)
    return f"127.0.{FIRST_ADDRESS_BLOCK + block}.{host + 1}"


def plan_papers(spec: PressSpec) -> list[PaperPlan]:
    rng = random.Random(f"{spec.seed}/papers")
    names = [f"{word} {place}" for place in PAPER_PLACES for word in PAPER_WORDS]
    rng.shuffle(names)
    plans = []
    for index in range(spec.papers):
        name = names[index % len(names)]
        if index >= len(names):
            name = f"{name} {index // len(names) + 1}"
        atom_feed = index % ATOM_ONE_IN == ATOM_ONE_IN - 1
        legacy = not atom_feed and index % WINDOWS_1256_ONE_IN == WINDOWS_1256_ONE_IN // 2
        plans.append(
            PaperPlan(
                index=index,
                slug=f"paper-{index + 1:03d}",
                name=name,
                host=address_of(index),
                feed_format="atom" if atom_feed else "rss",
                feed_path=rng.choice(("/atom.xml", "/feed/atom"))
                if atom_feed
                else rng.choice(("/feed", "/rss.xml", "/feed/rss2", "/rss")),
                encoding="windows-1256" if legacy else "utf-8",
                date_style=rng.choice(DATE_STYLES),
                url_shape=rng.choice(URL_SHAPES),
                jsonld=index % JSONLD_ONE_IN == 0,
                published_meta=index % JSONLD_ONE_IN == 1,
                conditional=index % CONDITIONAL_ONE_IN == 0,
                tracking=index % TRACKING_ONE_IN == 2,
                feed_content_type=(
                    f"{ATOM_CONTENT_TYPE}; charset=utf-8"
                    if atom_feed
                    else rng.choice((f"{RSS_CONTENT_TYPE}; charset=", "text/xml; charset="))
                    + ("windows-1256" if legacy else "utf-8")
                ),
            )
        )
    return plans


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(7, 15))
    return f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS)} {' '.join(words)}."


def _title(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"في {rng.choice(PLACES)} {' '.join(rng.choices(WORDS, k=rng.randint(0, 3)))}"
    ).strip()


def _noise_css(rng: random.Random) -> str:
    target = rng.randint(*CSS_BYTES)
    rules: list[str] = []
    size = 0
    while size < target:
        n = rng.randint(1, 999)
        rule = (
            f".c{n} .item-{rng.randint(1, 99)}{{margin:{rng.randint(0, 30)}px "
            f"{rng.randint(0, 30)}px;color:#{rng.randint(0, 0xFFFFFF):06x};"
            f"font-size:{rng.randint(11, 32)}px;line-height:{rng.randint(12, 20) / 10}}}"
        )
        rules.append(rule)
        size += len(rule)
    return "\n".join(rules)


def _noise_script(rng: random.Random, slug: str) -> str:
    target = rng.randint(*SCRIPT_BYTES)
    parts = [
        "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        f"gtag('js',new Date());gtag('config','G-{rng.randint(10**9, 10**10 - 1)}');",
        f'var adsConfig={{"site":"{slug}","slots":["top","side","inread"],"lazy":true}};',
    ]
    size = sum(map(len, parts))
    while size < target:
        n = rng.randint(1, 9999)
        part = (
            f"function m{n}(e,t){{var n=e.querySelector('.c{n % 997}');if(!n)return;"
            f"n.addEventListener('click',function(r){{r.preventDefault();"
            f"t.classList.toggle('open-{n}');n.setAttribute('aria-expanded',"
            f"String(t.classList.contains('open-{n}')))}})}}"
        )
        parts.append(part)
        size += len(part)
    return "".join(parts)


def _sprite(rng: random.Random) -> str:
    icons = []
    for n in range(rng.randint(*SPRITE_ICONS)):
        points = " ".join(
            f"{rng.randint(0, 24)}.{rng.randint(0, 9)} {rng.randint(0, 24)}.{rng.randint(0, 9)}"
            for _ in range(rng.randint(6, 14))
        )
        icons.append(f'<symbol id="icon-{n}" viewBox="0 0 24 24"><path d="M{points}Z"/></symbol>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" style="display:none">' + "".join(icons) + "</svg>"
    )


class PaperSite:
    """Everything one generated paper serves, and its request handler."""

    def __init__(self, spec: PressSpec, plan: PaperPlan, base_url: str, stats: ServerStats):
        self.spec = spec
        self.plan = plan
        self.base_url = base_url
        self.stats = stats

    @property
    def home_url(self) -> str:
        return f"{self.base_url}/"

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}{self.plan.feed_path}"

    def to_source(self) -> Source:
        return Source(
            slug=self.plan.slug,
            name=self.plan.name,
            homepage=self.home_url,
            timezone=TIMEZONE,
            feeds=(Feed(url=self.feed_url, kind=self.plan.feed_format),),
        )

    @cached_property
    def articles(self) -> list[ArticlePlan]:
        """The paper's articles, newest first."""
        rng = random.Random(f"{self.spec.seed}/{self.plan.index}/articles")
        published = NEWEST - timedelta(minutes=rng.randint(0, MAX_GAP_MINUTES))
        plans = []
        for item in range(self.spec.items):
            number = FIRST_NUMBER + self.spec.items - item
            section = rng.choice(SECTIONS)
            digest = hashlib.sha256(f"{self.plan.slug}/{number}".encode()).hexdigest()[:8]
            path = self.plan.url_shape.format(
                section=section[0],
                number=number,
                year=published.year,
                month=published.month,
                day=published.day,
                hash=digest,
            )
            plans.append(
                ArticlePlan(
                    number=number,
                    path=path,
                    title=_title(rng),
                    author=rng.choice(AUTHORS),
                    section=section,
                    published=published,
                    image=rng.randrange(100) < IMAGE_PERCENT,
                )
            )
            published -= timedelta(minutes=rng.randint(MIN_GAP_MINUTES, MAX_GAP_MINUTES))
        return plans

    @cached_property
    def _by_number(self) -> dict[int, ArticlePlan]:
        return {article.number: article for article in self.articles}

    def url_of(self, article: ArticlePlan) -> str:
        return f"{self.base_url}{article.path}"

    def feed_link(self, article: ArticlePlan) -> str:
        url = self.url_of(article)
        if self.plan.tracking:
            return f"{url}?utm_source=rss&utm_medium=feed&utm_campaign={self.plan.slug}"
        return url

    def article_urls(self) -> list[str]:
        return [self.url_of(article) for article in self.articles]

    # ----- furniture, cached per paper -------------------------------------------------

    @cached_property
    def _furniture(self) -> tuple[str, str, str]:
        """(head extras, top of body, bottom of body): the same on every page of the paper."""
        rng = random.Random(f"{self.spec.seed}/{self.plan.index}/furniture")
        name = html.escape(self.plan.name)
        feed_type = ATOM_CONTENT_TYPE if self.plan.feed_format == "atom" else RSS_CONTENT_TYPE
        head = (
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta property="og:site_name" content="{name}">\n'
            f'<link rel="alternate" type="{feed_type}" title="{name}" href="{self.feed_url}">\n'
            f"<style>{_noise_css(rng)}</style>\n"
            f"<script>{_noise_script(rng, self.plan.slug)}</script>\n"
        )
        menu = [(slug, label) for slug, label in SECTIONS] + [
            (f"page-{k}", label) for k, label in enumerate(MENU_EXTRA)
        ]
        menu_html = "".join(
            f'<li class="menu-item menu-item-{k}"><a href="{self.base_url}/{slug}/">{label}</a>'
            f'<ul class="sub-menu"><li><a href="{self.base_url}/{slug}/?page=2">الأرشيف</a></li>'
            f'<li><a href="{self.base_url}/{slug}/?page=3">المزيد</a></li></ul></li>'
            for k, (slug, label) in enumerate(menu)
        )
        top = (
            f"{_sprite(rng)}\n"
            '<div class="top-bar"><span class="today">النشرة اليومية</span>'
            + "".join(
                f'<a class="social s{k}" href="https://social.example/{self.plan.slug}/{k}">'
                f'<svg><use href="#icon-{k}"/></svg></a>'
                for k in range(6)
            )
            + "</div>\n"
            f'<header class="site-header"><a class="logo" href="{self.home_url}">{name}</a>'
            f'<nav class="main-nav"><ul class="menu">{menu_html}</ul></nav></header>\n'
            '<div class="ad ad-top"><ins class="adsbygoogle" data-ad-slot="top"></ins>'
            "<script>(adsbygoogle=window.adsbygoogle||[]).push({});</script></div>\n"
        )
        footer_links = "".join(
            f'<li><a href="{self.base_url}/{slug}/">{label}</a></li>' for slug, label in menu
        )
        bottom = (
            '<footer class="site-footer"><div class="footer-widgets">'
            f"<section><h4>الأقسام</h4><ul>{footer_links}</ul></section>"
            "<section><h4>عن الجريدة</h4><p>يومية إخبارية وطنية مستقلة تصدر عن مؤسسة "
            f"{name} للنشر والإشهار.</p></section>"
            "<section><h4>اتصل بنا</h4><p>الهاتف: 023 00 00 00 — البريد: redaction@example.dz"
            "</p></section></div>"
            f'<div class="copyright">© 2026 {name}. جميع الحقوق محفوظة.</div></footer>\n'
            '<div class="cookie-notice">نستخدم ملفات تعريف الارتباط لتحسين تجربتك. '
            '<a href="#">موافق</a></div>\n'
        )
        return head, top, bottom

    def _headline_list(self, css_class: str, items: list[ArticlePlan]) -> str:
        return (
            f'<ul class="{css_class}">'
            + "".join(
                f'<li><a href="{self.url_of(a)}">{html.escape(a.title)}</a></li>' for a in items
            )
            + "</ul>"
        )

    # ----- documents --------------------------------------------------------------------

    @cached_property
    def feed_body(self) -> bytes:
        entries = [
            FeedEntry(
                title=article.title,
                url=self.feed_link(article),
                published_at=article.published,
                summary=self._summary(article),
                author=article.author,
                category=article.section[1],
            )
            for article in self.articles
        ]
        if self.plan.feed_format == "atom":
            return atom(
                title=self.plan.name,
                link=self.home_url,
                self_url=self.feed_url,
                feed_id=self.feed_url,
                language="ar",
                entries=entries,
            )
        return rss(
            title=self.plan.name,
            link=self.home_url,
            description=f"آخر أخبار {self.plan.name}",
            language="ar",
            self_url=self.feed_url,
            entries=entries,
            encoding=self.plan.encoding,
            generator="WordPress 6.4.3",
        )

    @cached_property
    def feed_etag(self) -> str:
        return '"' + hashlib.sha256(self.feed_body).hexdigest()[:20] + '"'

    def _summary(self, article: ArticlePlan) -> str:
        rng = random.Random(f"{self.spec.seed}/{self.plan.index}/{article.number}/summary")
        return " ".join(rng.choices(WORDS, k=SUMMARY_WORDS)) + " …"

    @cached_property
    def home_body(self) -> bytes:
        head, top, bottom = self._furniture
        name = html.escape(self.plan.name)
        document = (
            f'<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n'
            f'<meta charset="{self.plan.encoding}">\n<title>{name} | الرئيسية</title>\n{head}'
            f'</head>\n<body class="home">\n{top}'
            f'<main class="home-main"><h1 class="sr-only">{name}</h1>'
            f"{self._headline_list('latest', self.articles[:HOME_ITEMS])}</main>\n"
            f"{bottom}</body>\n</html>\n"
        )
        return document.encode(self.plan.encoding, errors="xmlcharrefreplace")

    def article_body(self, article: ArticlePlan) -> bytes:
        rng = random.Random(f"{self.spec.seed}/{self.plan.index}/{article.number}/body")
        head, top, bottom = self._furniture
        url = self.url_of(article)
        title = html.escape(article.title)
        name = html.escape(self.plan.name)
        iso = article.published.isoformat()
        image_src = f"{self.base_url}/wp-content/uploads/{article.number}.jpg"
        meta = [
            f'<link rel="canonical" href="{url}">',
            f'<meta property="og:title" content="{title}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:url" content="{url}">',
        ]
        if article.image:
            meta.append(f'<meta property="og:image" content="{image_src}">')
        if self.plan.published_meta:
            meta.append(f'<meta property="article:published_time" content="{iso}">')
        if self.plan.jsonld:
            data = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": article.title,
                "datePublished": iso,
                "author": {"@type": "Person", "name": article.author},
                "publisher": {"@type": "Organization", "name": self.plan.name},
                "mainEntityOfPage": url,
                **({"image": [image_src]} if article.image else {}),
            }
            meta.append(
                '<script type="application/ld+json">'
                + json.dumps(data, ensure_ascii=False)
                + "</script>"
            )
        words = ARTICLE_WORDS + rng.randint(-ARTICLE_WORDS_SPREAD, ARTICLE_WORDS_SPREAD)
        paragraphs: list[str] = []
        written = 0
        while written < words:
            sentences = [_sentence(rng) for _ in range(rng.randint(2, 4))]
            written += sum(len(s.split()) for s in sentences)
            paragraphs.append("<p>" + " ".join(sentences) + "</p>")
            if len(paragraphs) == 3 and rng.random() < 0.5:
                paragraphs.append(f"<h2>{html.escape(_title(rng))}</h2>")
        figure = (
            f'<figure class="featured"><img src="{image_src}" width="800" height="450" '
            f'alt="{title}"><figcaption>{html.escape(_title(rng))}</figcaption></figure>'
            if article.image
            else ""
        )
        others = [a for a in self.articles if a.number != article.number]
        picks = rng.sample(others, min(len(others), TICKER_ITEMS + MOST_READ_ITEMS + RELATED_ITEMS))
        ticker = picks[:TICKER_ITEMS]
        most_read = picks[TICKER_ITEMS : TICKER_ITEMS + MOST_READ_ITEMS]
        related = picks[TICKER_ITEMS + MOST_READ_ITEMS :]
        section_slug, section_name = article.section
        dateline = published_text(self.plan.date_style, article.published)
        document = (
            '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n'
            f'<meta charset="{self.plan.encoding}">\n<title>{title} - {name}</title>\n'
            + "\n".join(meta)
            + f'\n{head}</head>\n<body class="single single-post postid-{article.number}">\n'
            + top
            + '<div class="breaking"><span>عاجل</span>'
            + self._headline_list("ticker", ticker)
            + "</div>\n"
            + '<div class="layout"><main class="content">\n'
            + f'<article class="post post-{article.number}">\n'
            + f'<nav class="breadcrumb"><a href="{self.home_url}">الرئيسية</a> › '
            + f'<a href="{self.base_url}/{section_slug}/">{section_name}</a></nav>\n'
            + f'<h1 class="entry-title">{title}</h1>\n'
            + f'<div class="entry-meta"><span class="author">بقلم: {html.escape(article.author)}'
            + f'</span> <span class="date">{dateline}</span></div>\n'
            + figure
            + SHARE_BUTTONS
            + '<div class="entry-content">\n'
            + "\n".join(paragraphs)
            + "\n</div>\n"
            + f'<div class="tags">الوسوم: <a href="{self.base_url}/tag/{section_slug}">'
            + f"{section_name}</a></div>\n</article>\n"
            + '<section class="related"><h3>مقالات ذات صلة</h3>'
            + self._headline_list("related-list", related)
            + "</section>\n"
            + '<section class="comments"><h3>اترك تعليقاً</h3><form method="post">'
            + '<textarea name="comment"></textarea><input type="submit" value="إرسال"></form>'
            + "</section>\n</main>\n"
            + '<aside class="sidebar"><section class="most-read"><h3>الأكثر قراءة</h3>'
            + self._headline_list("most-read-list", most_read)
            + "</section>"
            + '<section class="newsletter"><h3>النشرة البريدية</h3><form><input type="email">'
            + '<input type="submit" value="اشترك"></form></section></aside></div>\n'
            + bottom
            + "</body>\n</html>\n"
        )
        return document.encode(self.plan.encoding, errors="xmlcharrefreplace")

    # ----- HTTP -------------------------------------------------------------------------

    def respond(self, request: Request) -> Response:
        """The answer to one request (synchronous: generation is pure string work)."""
        if request.method not in ("GET", "HEAD"):
            return Response(405, b"", (("allow", "GET, HEAD"),))
        path = request.target.split("?", 1)[0]
        html_type = f"text/html; charset={self.plan.encoding}"
        if path == "/robots.txt":
            return self._ok(
                "robots", b"User-agent: *\nDisallow: /wp-admin/\n", "text/plain; charset=utf-8"
            )
        if path == "/":
            return self._ok("home", self.home_body, html_type)
        if path == self.plan.feed_path:
            return self._feed(request)
        if _ARTICLE_PATH.match(path) and (found := _NUMBER.search(path)):
            article = self._by_number.get(int(found.group(1)))
            if article is not None and article.path == path:
                return self._ok("article", self.article_body(article), html_type)
        self.stats.not_found += 1
        return self._count(
            "not_found", Response(404, b"<h1>404</h1>", (("content-type", html_type),))
        )

    def _feed(self, request: Request) -> Response:
        headers: list[tuple[str, str]] = [("cache-control", f"max-age={FEED_MAX_AGE}")]
        if self.plan.conditional:
            newest = self.articles[0].published
            headers += [
                ("etag", self.feed_etag),
                ("last-modified", format_datetime(newest.astimezone(UTC), usegmt=True)),
            ]
            if request.headers.get("if-none-match") == self.feed_etag:
                self.stats.not_modified += 1
                return self._count("feed", Response(304, b"", tuple(headers)))
        return self._count(
            "feed",
            Response(
                200, self.feed_body, (("content-type", self.plan.feed_content_type), *headers)
            ),
        )

    def _ok(self, kind: str, body: bytes, content_type: str) -> Response:
        return self._count(kind, Response(200, body, (("content-type", content_type),)))

    def _count(self, kind: str, response: Response) -> Response:
        self.stats.requests += 1
        self.stats.bytes_sent += len(response.body)
        self.stats.by_path_kind[kind] = self.stats.by_path_kind.get(kind, 0) + 1
        return response

    async def handle(self, request: Request) -> Response:
        return self.respond(request)


def build_sites(spec: PressSpec, port: int, stats: ServerStats) -> list[PaperSite]:
    return [
        PaperSite(spec, plan, f"http://{plan.host}:{port}", stats) for plan in plan_papers(spec)
    ]


class GeneratedPress:
    """The generated press served in this process (an async context manager)."""

    def __init__(self, spec: PressSpec, *, port: int = 0) -> None:
        self.spec = spec
        self.stats = ServerStats()
        self._requested_port = port
        self.port = port
        self._server: LoopbackServer | None = None
        self.sites: list[PaperSite] = []

    async def start(self) -> None:
        plans = plan_papers(self.spec)
        sockets = bind_same_port([plan.host for plan in plans], self._requested_port)
        port = int(sockets[0].getsockname()[1])
        self.port = port
        self.sites = build_sites(self.spec, port, self.stats)
        server = LoopbackServer(
            [(s, site.handle) for s, site in zip(sockets, self.sites, strict=True)]
        )
        try:
            await server.start()
        except BaseException:
            await server.stop()
            for sock in sockets:
                sock.close()
            raise
        self._server = server

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            await server.stop()

    async def __aenter__(self) -> GeneratedPress:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    def sources(self) -> list[Source]:
        return [site.to_source() for site in self.sites]


def _process_stats(stats: ServerStats) -> ServerStats:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    stats.cpu_seconds = time.process_time()
    stats.max_rss_kib = usage.ru_maxrss
    return stats


async def _serve_until_stopped(spec: PressSpec, conn: Connection) -> None:
    loop = asyncio.get_running_loop()
    stopped = asyncio.Event()
    async with GeneratedPress(spec) as press:

        def answer() -> None:
            message = conn.recv()
            conn.send(_process_stats(press.stats))
            if message == "stop":
                loop.remove_reader(conn.fileno())
                stopped.set()

        loop.add_reader(conn.fileno(), answer)
        conn.send(press.port)
        await stopped.wait()


def _child_main(spec: PressSpec, conn: Connection) -> None:
    asyncio.run(_serve_until_stopped(spec, conn))


PRESS_START_TIMEOUT = 60.0  # seconds; spawning and binding 200 addresses takes about one


class PressProcess:
    """The generated press in a child process, so its CPU time is measured on its own.

    A context manager; `sites` mirrors the child's papers (same seed, same port) so the
    parent knows every URL without asking.
    """

    def __init__(self, spec: PressSpec) -> None:
        self.spec = spec
        self.port = 0
        self.sites: list[PaperSite] = []
        context = multiprocessing.get_context("spawn")
        self._conn, child_conn = context.Pipe()
        self._process = context.Process(
            target=_child_main, args=(spec, child_conn), name="generated-press", daemon=True
        )
        self._child_conn = child_conn

    def __enter__(self) -> PressProcess:
        self._process.start()
        self._child_conn.close()  # the child holds its end; ours would hide the child's exit
        if not self._conn.poll(PRESS_START_TIMEOUT):
            self._process.kill()
            raise NashraError(
                f"the generated press did not start within {PRESS_START_TIMEOUT:.0f} s",
                code="bench.press_not_started",
            )
        self.port = int(self._conn.recv())
        self.sites = build_sites(self.spec, self.port, ServerStats())
        return self

    def stats(self) -> ServerStats:
        """The child's counters and CPU time so far."""
        self._conn.send("stats")
        stats: ServerStats = self._conn.recv()
        return stats

    def close(self) -> ServerStats:
        self._conn.send("stop")
        stats: ServerStats = self._conn.recv()
        self._process.join(timeout=PRESS_START_TIMEOUT)
        return stats

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._process.is_alive():
            self.close()

    def sources(self) -> list[Source]:
        return [site.to_source() for site in self.sites]
