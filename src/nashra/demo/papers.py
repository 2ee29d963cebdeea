"""The seven demo papers: names, sections, URL schemes, date forms and discovery.

Each paper imitates a different kind of site, because that is what nashra meets in the
wild: a WordPress daily, a Drupal regional paper, a modern Bootstrap site with JSON-LD and
only a news sitemap, an old table-based PHP site with no feed at all, a Joomla site served
in windows-1256, a custom CMS whose feed is only announced by a `<link rel="alternate">`,
and a French-language SPIP paper. The markup lives in `templates/<slug>/`; this module
holds the facts the code needs to build URLs, dates, feeds and the ground truth.

URL patterns are `str.format` templates; the fields are `n` (the article's number on that
site), `yyyy`, `mm`, `dd` (its local publication date), `section` (the section's slug),
`tag`, `i` (image index, from 1) and `w` (image width).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nashra.demo.dates import DateStyle

Discovery = Literal["rss", "atom", "news_sitemap", "none", "rss_alternate"]
Pagination = Literal["path", "page", "page0", "offset_start", "offset_debut", "p"]
ImageMarkup = Literal["plain", "lazy", "srcset", "relative"]

TIMEZONE = "Africa/Algiers"
LANDSCAPE = (800, 533)
LARGE_LANDSCAPE = (1200, 800)


@dataclass(frozen=True)
class SectionSpec:
    key: str  # the content section (content.SECTIONS)
    name: str  # as the paper names it in its menu and breadcrumb
    slug: str  # its URL component


@dataclass(frozen=True)
class PaperSpec:
    slug: str
    name: str
    name_fr: str
    language: Literal["ar", "fr"]
    host: str
    encoding: str
    date_style: DateStyle
    discovery: Discovery
    feed_path: str | None
    article_path: str
    section_path: str
    tag_path: str
    image_path: str
    image_markup: ImageMarkup
    pagination: Pagination
    first_number: int
    number_step: int
    title_format: str
    sections: tuple[SectionSpec, ...]
    robots: str  # robots.txt; "{base}" stands for the site's base URL
    image_size: tuple[int, int] = LANDSCAPE
    image_widths: tuple[int, ...] = ()  # extra widths offered in a srcset
    feed_full_text: bool = False  # the feed carries whole articles (content:encoded)
    home_aliases: tuple[str, ...] = ()  # other paths PHP sites answer with the home page

    @property
    def site_name(self) -> str:
        """The name the site shows in its own pages."""
        return self.name if self.language == "ar" else self.name_fr

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"

    def section(self, key: str) -> SectionSpec:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"{self.slug} has no section {key!r}")

    def page_path(self, base: str, page: int, page_size: int) -> str:
        """The path of page `page` (from 1) of the listing at `base`, in the CMS's style."""
        if page == 1:
            return base
        if self.pagination == "path":
            return f"{base.rstrip('/')}/page/{page}/"
        parameter = {
            "page": f"page={page}",
            "page0": f"page={page - 1}",
            "p": f"p={page}",
            "offset_start": f"start={(page - 1) * page_size}",
            "offset_debut": f"debut_articles={(page - 1) * page_size}",
        }[self.pagination]
        return f"{base}{'&' if '?' in base else '?'}{parameter}"


def _sections(*rows: tuple[str, str, str]) -> tuple[SectionSpec, ...]:
    return tuple(SectionSpec(key=key, name=name, slug=slug) for key, name, slug in rows)


PAPERS: tuple[PaperSpec, ...] = (
    PaperSpec(
        slug="al-massar",
        name="المسار",
        name_fr="El Massar",
        language="ar",
        host="127.0.0.11",
        encoding="utf-8",
        date_style="dmy_spaced",
        discovery="rss",
        feed_path="/rss.xml",
        article_path="/{yyyy}/{mm}/{dd}/{n}/",
        section_path="/category/{section}/",
        tag_path="/tag/{tag}/",
        image_path="/wp-content/uploads/{yyyy}/{mm}/{n}-{i}.jpg",
        image_markup="plain",
        pagination="path",
        first_number=48213,
        number_step=3,
        title_format="{title} | المسار",
        feed_full_text=True,
        robots="User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n",
        sections=_sections(
            ("وطني", "الوطني", "national"),
            ("محلي", "محليات", "local"),
            ("اقتصاد", "اقتصاد", "economie"),
            ("رياضة", "رياضة", "sport"),
            ("ثقافة", "ثقافة", "culture"),
            ("دولي", "دولي", "international"),
            ("مجتمع", "مجتمع", "societe"),
            ("صحة", "صحة", "sante"),
            ("تكنولوجيا", "تكنولوجيا", "technologie"),
        ),
    ),
    PaperSpec(
        slug="sawt-al-wadi",
        name="صوت الوادي",
        name_fr="Sawt El Wadi",
        language="ar",
        host="127.0.0.12",
        encoding="utf-8",
        date_style="weekday_maghreb",
        discovery="atom",
        feed_path="/atom.xml",
        article_path="/node/{n}",
        section_path="/section/{section}",
        tag_path="/tags/{tag}",
        image_path="/sites/default/files/{yyyy}-{mm}/{n}_{i}.jpg",
        image_markup="lazy",
        pagination="page0",
        first_number=91520,
        number_step=1,
        title_format="{title} - صوت الوادي",
        robots=(
            "User-agent: *\nDisallow: /admin/\nDisallow: /user/\nDisallow: /search/\n"
            "Disallow: /node/add/\n"
        ),
        sections=_sections(
            ("وطني", "الحدث الوطني", "national"),
            ("محلي", "أخبار الولاية", "wilaya"),
            ("اقتصاد", "اقتصاد", "economie"),
            ("رياضة", "رياضة", "sport"),
            ("ثقافة", "ثقافة وفنون", "culture"),
            ("دولي", "العالم", "monde"),
            ("مجتمع", "مجتمع", "societe"),
            ("صحة", "صحة", "sante"),
            ("تكنولوجيا", "علوم وتكنولوجيا", "technologie"),
        ),
    ),
    PaperSpec(
        slug="al-ofok",
        name="الأفق",
        name_fr="El Ofok",
        language="ar",
        host="127.0.0.13",
        encoding="utf-8",
        date_style="day_month_mashriq",
        discovery="news_sitemap",
        feed_path="/sitemap-news.xml",
        article_path="/{section}/{n}.html",
        section_path="/{section}",
        tag_path="/tag/{tag}",
        image_path="/media/images/{n}/{i}-{w}.jpg",
        image_markup="srcset",
        pagination="page",
        first_number=2207,
        number_step=4,
        title_format="{title} | الأفق",
        robots=(
            "User-agent: *\nDisallow: /api/\nDisallow: /search\n\n"
            "Sitemap: {base}/sitemap-news.xml\n"
        ),
        sections=_sections(
            ("وطني", "وطني", "national"),
            ("محلي", "جهات", "regions"),
            ("اقتصاد", "اقتصاد", "economy"),
            ("رياضة", "رياضة", "sports"),
            ("ثقافة", "ثقافة", "culture"),
            ("دولي", "العالم", "world"),
            ("مجتمع", "مجتمع", "society"),
            ("صحة", "صحة", "health"),
            ("تكنولوجيا", "تكنولوجيا", "tech"),
        ),
        image_size=LARGE_LANDSCAPE,
        image_widths=(LANDSCAPE[0], LARGE_LANDSCAPE[0]),
    ),
    PaperSpec(
        slug="er-raed",
        name="الرائد",
        name_fr="Er-Raed",
        language="ar",
        host="127.0.0.14",
        encoding="utf-8",
        date_style="arabic_indic",
        discovery="none",
        feed_path=None,
        article_path="/news.php?id={n}",
        section_path="/cat.php?id={section}",
        tag_path="/tags.php?t={tag}",
        image_path="/img/news/{n}_{i}.jpg",
        image_markup="relative",
        pagination="page",
        first_number=417,
        number_step=1,
        title_format="{title} :: الرائد",
        home_aliases=("/index.php",),
        robots=(
            "User-agent: BadBot\nDisallow: /\n\n"
            "User-agent: *\nDisallow: /admin/\nDisallow: /print.php\n"
        ),
        sections=_sections(
            ("وطني", "أخبار الوطن", "1"),
            ("محلي", "محليات", "2"),
            ("اقتصاد", "اقتصاد وأسعار", "3"),
            ("رياضة", "رياضة", "4"),
            ("ثقافة", "ثقافة", "5"),
            ("دولي", "دولي", "6"),
            ("مجتمع", "المجتمع", "7"),
            ("صحة", "صحتك", "8"),
            ("تكنولوجيا", "تكنولوجيا", "9"),
        ),
    ),
    PaperSpec(
        slug="akhbar-es-sahel",
        name="أخبار الساحل",
        name_fr="Akhbar Es-Sahel",
        language="ar",
        host="127.0.0.15",
        encoding="windows-1256",
        date_style="ymd_hm",
        discovery="rss",
        feed_path="/index.php?format=feed&type=rss",
        article_path="/index.php/{section}/{n}",
        section_path="/index.php/{section}",
        tag_path="/index.php/component/tags/tag/{tag}",
        image_path="/images/stories/{yyyy}/{n}-{i}.jpg",
        image_markup="plain",
        pagination="offset_start",
        first_number=6630,
        number_step=2,
        title_format="{title} - أخبار الساحل",
        home_aliases=("/index.php",),
        robots="User-agent: *\nDisallow: /administrator/\nDisallow: /cache/\nDisallow: /tmp/\n",
        sections=_sections(
            ("وطني", "الوطني", "watani"),
            ("محلي", "الساحل", "sahel"),
            ("اقتصاد", "اقتصاد وموانئ", "iqtisad"),
            ("رياضة", "رياضة", "riyada"),
            ("ثقافة", "ثقافة وسياحة", "thaqafa"),
            ("دولي", "دولي", "dawli"),
            ("مجتمع", "مجتمع", "mujtama"),
            ("صحة", "صحة", "siha"),
            ("تكنولوجيا", "تكنولوجيا", "technologia"),
        ),
    ),
    PaperSpec(
        slug="nedjmat-el-djanoub",
        name="نجمة الجنوب",
        name_fr="Nedjmat El Djanoub",
        language="ar",
        host="127.0.0.16",
        encoding="utf-8",
        date_style="maghreb_at_time",
        discovery="rss_alternate",
        feed_path="/ar/feed/latest.rss",
        article_path="/ar/article/{n}",
        section_path="/ar/section/{section}",
        tag_path="/ar/tag/{tag}",
        image_path="/uploads/photos/{yyyy}/{mm}/{n}-{i}.jpg",
        image_markup="plain",
        pagination="p",
        first_number=15002,
        number_step=5,
        title_format="{title} | نجمة الجنوب",
        robots="User-agent: *\nDisallow: /ar/search\nDisallow: /ar/print/\n",
        sections=_sections(
            ("وطني", "الوطني", "national"),
            ("محلي", "الجنوب", "sud"),
            ("اقتصاد", "اقتصاد وفلاحة", "economie"),
            ("رياضة", "رياضة", "sport"),
            ("ثقافة", "ثقافة", "culture"),
            ("دولي", "العالم", "monde"),
            ("مجتمع", "مجتمع", "societe"),
            ("صحة", "صحة", "sante"),
            ("تكنولوجيا", "تكنولوجيا", "technologie"),
        ),
    ),
    PaperSpec(
        slug="quotidien-du-plateau",
        name="يومية الهضبة",
        name_fr="Le Quotidien du Plateau",
        language="fr",
        host="127.0.0.17",
        encoding="utf-8",
        date_style="french_long",
        discovery="rss",
        feed_path="/spip.php?page=backend",
        article_path="/{section}/article{n}.html",
        section_path="/{section}/",
        tag_path="/mot/{tag}",
        image_path="/IMG/jpg/{n}-{i}.jpg",
        image_markup="plain",
        pagination="offset_debut",
        first_number=3301,
        number_step=1,
        title_format="{title} - Le Quotidien du Plateau",
        robots="User-agent: *\nDisallow: /local/\nDisallow: /ecrire/\nDisallow: /prive/\n",
        sections=_sections(
            ("وطني", "Nation", "nation"),
            ("محلي", "Régions", "regions"),
            ("اقتصاد", "Économie", "economie"),
            ("رياضة", "Sports", "sports"),
            ("ثقافة", "Culture", "culture"),
            ("دولي", "Monde", "monde"),
            ("مجتمع", "Société", "societe"),
            ("صحة", "Santé", "sante"),
            ("تكنولوجيا", "Technologie", "technologie"),
        ),
    ),
)

PAPER_SLUGS: tuple[str, ...] = tuple(paper.slug for paper in PAPERS)


def paper_spec(slug: str) -> PaperSpec:
    for paper in PAPERS:
        if paper.slug == slug:
            return paper
    raise KeyError(f"no demo paper {slug!r}")
