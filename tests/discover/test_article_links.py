"""find_article_links on a hand-written section page of a paper without a feed."""

from __future__ import annotations

from pathlib import Path

import pytest

from nashra.discover import find_article_links, find_article_targets

PAGE = (Path(__file__).resolve().parent / "pages" / "section_national.html").read_text("utf-8")
PAGE_URL = "https://www.khabar-yawmi.dz/ar/national"
SITE = "https://www.khabar-yawmi.dz"

# The ten articles of the page, in page order, canonical.
ARTICLES = [
    f"{SITE}/article/1234-wazir-al-kharijiya-yastaqbil",
    f"{SITE}/2026/11/20/government-approves-finance-bill.html",
    f"{SITE}/news/12345",
    f"{SITE}/ar/national/54321.html",
    f"{SITE}/index.php?id=77&option=com_content&view=article",
    f"{SITE}/ar/national/%D8%A7%D8%B1%D8%AA%D9%81%D8%A7%D8%B9-%D8%A3%D8%B3%D8%B9%D8%A7%D8%B1-"
    "%D8%A7%D9%84%D9%86%D9%81%D8%B7",
    "http://khabar-yawmi.dz/ar/local/98765-tamanrasset-date-harvest",
    "https://sport.khabar-yawmi.dz/football/2026/11/derby-result",
    f"{SITE}/ar/national/%D9%88%D8%B2%D8%A7%D8%B1%D8%A9-%D8%A7%D9%84%D8%AA%D8%B1%D8%A8%D9%8A%D8%A9-"
    "%D8%AA%D8%B9%D9%84%D9%86-%D8%B1%D8%B2%D9%86%D8%A7%D9%85%D8%A9-"
    "%D8%A7%D9%84%D8%A7%D9%85%D8%AA%D8%AD%D8%A7%D9%86%D8%A7%D8%AA",
    f"{SITE}/?p=4521",
]


@pytest.fixture(scope="module")
def found() -> list[str]:
    return find_article_links(PAGE, PAGE_URL)


def test_section_page_gives_exactly_its_ten_articles_in_page_order(found: list[str]) -> None:
    assert found == ARTICLES


@pytest.mark.parametrize(
    "excluded",
    [
        f"{SITE}/2026/11/20/breaking-news-menu-promo.html",  # inside <nav>
        f"{SITE}/article/999-most-read-story-one",  # <aside class="sidebar"> most-read widget
        f"{SITE}/article/997-most-read-outside-aside",  # class="most-read-box"
        f"{SITE}/2026/11/01/footer-linked-article.html",  # page <footer>
        f"{SITE}/ar/national/page/2",  # pagination
        f"{SITE}/ar/national?page=2",
        f"{SITE}/ar/international",  # section links
        f"{SITE}/author/ahmed",
        f"{SITE}/tags/%D8%B7%D9%82%D8%B3",
        f"{SITE}/share?url=/article/1234",  # social box
        "https://www.other-paper.dz/article/5555-some-story",  # another site
        f"{SITE}/static/files/report-2026.pdf",  # asset
        f"{SITE}/",
    ],
)
def test_chrome_listing_foreign_and_asset_links_are_left_out(
    found: list[str], excluded: str
) -> None:
    assert excluded not in found


def test_output_is_canonical_and_unique(found: list[str]) -> None:
    assert len(found) == len(set(found))
    assert not any("utm_" in url or "#" in url for url in found)


def _page(body: str) -> str:
    return f"<html><body><main>{body}</main></body></html>"


def test_headline_text_lifts_a_weak_url_shape() -> None:
    html = _page(
        '<a href="/ar/x/hukuma-tusadiq">الحكومة تصادق على مشروع القانون الجديد</a>'
        '<a href="/ar/y/hukuma-tusadiq">المزيد</a>'
    )
    assert find_article_links(html, PAGE_URL) == [f"{SITE}/ar/x/hukuma-tusadiq"]


def test_image_link_and_headline_link_to_one_article_count_once_at_first_position() -> None:
    html = _page(
        '<a href="/news/55555"><img src="/a.jpg" alt=""></a>'
        '<a href="/news/44444">خبر آخر طويل العنوان في الصفحة</a>'
        '<a href="/news/55555">عنوان الخبر الأول في هذه الصفحة اليوم</a>'
    )
    assert find_article_links(html, PAGE_URL) == [f"{SITE}/news/55555", f"{SITE}/news/44444"]


def test_header_inside_an_article_card_is_not_page_chrome() -> None:
    html = _page('<article><header><h2><a href="/news/12345">عنوان</a></h2></header></article>')
    assert find_article_links(html, PAGE_URL) == [f"{SITE}/news/12345"]


def test_layout_wrapper_named_like_a_sidebar_does_not_hide_the_page() -> None:
    html = (
        '<html><body><div class="layout with-sidebar">'
        + "".join(f'<a href="/news/{10_000 + i}">خبر</a>' for i in range(5))
        + '<div class="widget"><a href="/news/99999">الأكثر قراءة</a></div></div></body></html>'
    )
    assert find_article_links(html, PAGE_URL) == [f"{SITE}/news/{10_000 + i}" for i in range(5)]


def test_base_element_changes_what_relative_links_resolve_against() -> None:
    html = '<html><head><base href="https://www.khabar-yawmi.dz/ar/"></head><body>' + (
        '<a href="national/12345-slug">خبر</a></body></html>'
    )
    assert find_article_links(html, "https://www.khabar-yawmi.dz/x") == [
        f"{SITE}/ar/national/12345-slug"
    ]


def test_empty_or_unparsable_page_gives_no_links() -> None:
    assert find_article_links("", PAGE_URL) == []
    assert find_article_links("   ", PAGE_URL) == []
    assert find_article_links("\x00\x01", PAGE_URL) == []


def test_xml_declaration_in_an_html_string_is_tolerated() -> None:
    html = '<?xml version="1.0" encoding="windows-1256"?>' + _page('<a href="/news/12345">خبر</a>')
    assert find_article_links(html, PAGE_URL) == [f"{SITE}/news/12345"]


def test_targets_pair_each_canonical_url_with_the_first_href_as_published() -> None:
    html = _page(
        '<a href="/2020/07/22/48246/?utm_source=home">عنوان الخبر الأول في هذه الصفحة اليوم</a>'
        '<a href="/2020/07/22/48246">عنوان الخبر الأول في هذه الصفحة اليوم</a>'
    )
    assert find_article_targets(html, PAGE_URL) == [
        (f"{SITE}/2020/07/22/48246", f"{SITE}/2020/07/22/48246/?utm_source=home")
    ]


def test_listing_scripts_named_for_what_they_list_are_not_articles() -> None:
    html = """<html><body><main>
    <a href="/cat.php?id=2">محليات وأخبار الولاية كلها في صفحة</a>
    <a href="/tag.php?id=9">وسم الأخبار المتعلقة بالفيضانات الأخيرة</a>
    <a href="/news.php?id=426">نهاية السوق الفوضوي بحي المحطة وتحويل الباعة</a>
    <a href="/news.php?id=427">نشرية خاصة: أمطار غزيرة ورياح قوية على الولايات</a>
    <a href="/news.php?id=428">حوادث المرور: سبعة قتلى في أسبوع على الطرقات</a>
    </main></body></html>"""
    links = find_article_links(html, "http://127.0.0.14/")
    assert links == [f"http://127.0.0.14/news.php?id={n}" for n in (426, 427, 428)]
