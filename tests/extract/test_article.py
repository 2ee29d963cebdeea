"""extract_article on small real-shaped pages: one behaviour per test."""

from __future__ import annotations

import time

import pytest

from nashra.errors import ExtractionError
from nashra.extract import extract_article

URL = "https://www.example-paper.dz/national/2020/07/22/12345.html"
BODY = (
    "<p>عرفت أسعار البطاطا خلال الأيام الأخيرة ارتفاعا لافتا في أسواق التجزئة عبر عدد من "
    "الولايات، حيث بلغ سعر الكيلوغرام الواحد 120 دج في بعض النقاط، بعد أن كان لا يتجاوز 70 "
    "دج قبل شهر فقط.</p>"
    "<p>وفي هذا الصدد، أعلنت وزارة التجارة عن الإفراج عن 30 ألف طن من البطاطا المخزنة في غرف "
    "التبريد، على أن توجه تدريجيا نحو أسواق الجملة قصد إعادة التوازن بين العرض والطلب.</p>"
)


def page(article: str, *, head: str = "", title: str = "عنوان") -> str:
    return (
        f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>{head}'
        f'</head><body><nav class="menu"><a href="/">الرئيسية</a><a href="/sport">رياضة</a></nav>'
        f"{article}"
        '<footer class="site-footer">© 2020 جميع الحقوق محفوظة</footer></body></html>'
    )


def test_title_loses_the_site_name_suffix_of_the_title_tag() -> None:
    html = page(
        f"<article>{BODY}</article>",
        title="البطاطا تبلغ 120 دج للكيلوغرام | الشروق أونلاين",
        head='<meta property="og:site_name" content="الشروق أونلاين">',
    )
    article = extract_article(html, URL)
    assert article.title == "البطاطا تبلغ 120 دج للكيلوغرام"
    assert article.source_name == "الشروق أونلاين"


def test_displayed_headline_keeps_quotes_the_meta_title_drops() -> None:
    html = page(
        f'<article><h1>حمة الهمامي : اعتذار الغرياني "مخرج من ورطة"</h1>{BODY}</article>',
        title="حمة الهمامي : اعتذار الغرياني مخرج من ورطة - اليوم السابع",
    )
    article = extract_article(html, URL)
    assert article.title == 'حمة الهمامي : اعتذار الغرياني "مخرج من ورطة"'
    assert article.source_name == "اليوم السابع"


def test_site_logo_h1_is_not_the_headline() -> None:
    html = page(
        f'<h1 class="logo"><a href="/">الشروق</a></h1><article><h2>البطاطا تبلغ 120 دج'
        f"</h2>{BODY}</article>",
        title="البطاطا تبلغ 120 دج - الشروق",
    )
    assert extract_article(html, URL).title == "البطاطا تبلغ 120 دج"


def test_kicker_above_the_headline_is_the_subtitle_not_body_text() -> None:
    html = page(
        '<article><p class="kicker">ارتفاع تجاوز 70 بالمائة في ظرف شهر</p>'
        f"<h1>البطاطا تبلغ 120 دج</h1>{BODY}</article>",
        title="البطاطا تبلغ 120 دج",
    )
    article = extract_article(html, URL)
    assert article.subtitle == "ارتفاع تجاوز 70 بالمائة في ظرف شهر"
    assert "ارتفاع تجاوز" not in article.text


def test_star_marked_lines_become_highlights() -> None:
    html = page(
        "<article><h1>البطاطا تبلغ 120 دج</h1>"
        "<ul><li>❊ سعر الكيلوغرام انتقل من 70 إلى 120 دج.</li>"
        "<li>❊ ضخ 30 ألف طن من غرف التبريد.</li></ul>"
        f"{BODY}</article>",
        title="البطاطا تبلغ 120 دج",
    )
    article = extract_article(html, URL)
    assert article.highlights == (
        "سعر الكيلوغرام انتقل من 70 إلى 120 دج.",
        "ضخ 30 ألف طن من غرف التبريد.",
    )
    assert "❊" not in article.text


def test_body_blocks_keep_headings_lists_quotes_and_images_in_page_order() -> None:
    html = page(
        "<article><h1>البطاطا تبلغ 120 دج</h1><div class='entry-content'>"
        f"{BODY}<h2>المضاربة في قفص الاتهام</h2>"
        "<ul><li>غرف التبريد</li><li>أسواق الجملة</li></ul>"
        "<blockquote><p>الحل يمر عبر تنظيم أفضل لمسالك التوزيع.</p></blockquote>"
        "<figure><img src='/img/1.jpg' width='800' height='533' alt=''>"
        "<figcaption>أكياس البطاطا في سوق الجملة.</figcaption></figure>"
        "<p>وينتظر أن تظهر أولى نتائج هذه الإجراءات في الأسواق خلال الأيام المقبلة، حسب ما "
        "أفاد به مصدر من مديرية التجارة.</p></div></article>",
        title="البطاطا تبلغ 120 دج",
    )
    article = extract_article(html, URL)
    assert [block.type for block in article.blocks] == [
        "paragraph",
        "paragraph",
        "heading",
        "list",
        "quote",
        "image",
        "paragraph",
    ]
    assert article.blocks[3].items == ("غرف التبريد", "أسواق الجملة")


def test_image_caption_is_kept_on_the_image_not_in_the_text() -> None:
    html = page(
        "<article><h1>البطاطا تبلغ 120 دج</h1>"
        "<figure><img src='/img/1.jpg' alt='بطاطا'><figcaption>أكياس البطاطا في السوق."
        f"</figcaption></figure>{BODY}</article>",
        title="البطاطا تبلغ 120 دج",
    )
    article = extract_article(html, URL)
    assert article.images[0].caption == "أكياس البطاطا في السوق."
    assert article.images[0].alt == "بطاطا"
    assert "أكياس البطاطا في السوق" not in article.text


def test_lazy_and_srcset_images_resolve_to_the_real_absolute_url() -> None:
    html = page(
        f"<article><h1>البطاطا تبلغ 120 دج</h1>{BODY}"
        "<figure><img src='data:image/gif;base64,R0lGOD' data-src='/uploads/lazy.jpg'>"
        "<figcaption>صورة أولى</figcaption></figure>"
        "<figure><img src='/uploads/small.jpg' srcset='/uploads/a-800.jpg 800w, "
        "/uploads/a-1200.jpg 1200w'><figcaption>صورة ثانية</figcaption></figure></article>",
        title="البطاطا تبلغ 120 دج",
    )
    sources = [image.src for image in extract_article(html, URL).images]
    assert sources == [
        "https://www.example-paper.dz/uploads/lazy.jpg",
        "https://www.example-paper.dz/uploads/a-1200.jpg",
    ]


def test_share_bar_related_box_and_comments_are_not_body_text() -> None:
    html = page(
        f"<article><h1>البطاطا تبلغ 120 دج</h1><div class='post-body'>{BODY}</div>"
        "<div class='share-buttons'><a href='#'>فيسبوك</a><a href='#'>طباعة</a></div>"
        "<div class='related-posts'><h3>مقالات ذات صلة</h3><ul><li><a href='/a'>الطماطم "
        "تواصل الارتفاع في الأسواق الشعبية</a></li></ul></div>"
        "<div id='comments'><p>تعليق طويل من قارئ يقول فيه إن الأسعار لا تطاق منذ أسابيع وإن "
        "الرقابة غائبة تماما عن الأسواق.</p></div></article>",
        title="البطاطا تبلغ 120 دج",
    )
    text = extract_article(html, URL).text
    assert "عرفت أسعار البطاطا" in text
    for boilerplate in ("فيسبوك", "مقالات ذات صلة", "الطماطم", "تعليق طويل"):
        assert boilerplate not in text


def test_read_also_line_inside_the_body_is_dropped() -> None:
    html = page(
        "<article><h1>البطاطا تبلغ 120 دج</h1><div class='entry-content'>"
        f"{BODY}<p>اقرأ أيضا: <a href='/b'>الطماطم تواصل الارتفاع</a></p>{BODY}</div></article>",
        title="البطاطا تبلغ 120 دج",
    )
    assert "اقرأ أيضا" not in extract_article(html, URL).text


def test_byline_gives_the_author_without_its_introducer() -> None:
    html = page(
        f"<article><h1>البطاطا تبلغ 120 دج</h1><p class='byline'>كتبت: أسماء نصار</p>{BODY}"
        "</article>",
        title="البطاطا تبلغ 120 دج",
    )
    article = extract_article(html, URL)
    assert article.author == "أسماء نصار"
    assert "أسماء نصار" not in article.text


def test_correspondent_credit_is_kept_whole_as_author() -> None:
    html = page(
        "<article><h1>البطاطا تبلغ 120 دج</h1>"
        f"<span class='author'>مراسلنا من تهاقرت: فاتح. ع</span>{BODY}</article>",
        title="البطاطا تبلغ 120 دج",
    )
    assert extract_article(html, URL).author == "مراسلنا من تهاقرت: فاتح. ع"


def test_reading_time_in_the_author_slot_is_not_an_author() -> None:
    html = page(
        f"<article><h1>Potato prices</h1><span class='author'>3 Minute Read</span>{BODY}</article>",
        title="Potato prices",
        head='<meta name="author" content="5 min read">',
    )
    assert extract_article(html, URL).author is None


def test_news_agency_credit_is_not_an_author() -> None:
    html = page(
        f"<article><h1>البطاطا تبلغ 120 دج</h1><span class='author'>وكالات</span>{BODY}</article>",
        title="البطاطا تبلغ 120 دج",
    )
    assert extract_article(html, URL).author is None


def test_bidi_overrides_are_removed_and_zwnj_kept() -> None:
    html = page(
        f"<article><h1>\u202bالبطاطا\u202c تبلغ\u200c 120 دج</h1>{BODY}</article>",
        title="\u202bالبطاطا تبلغ 120 دج",
    )
    assert extract_article(html, URL).title == "البطاطا تبلغ\u200c 120 دج"


def test_canonical_url_comes_from_the_canonical_link() -> None:
    html = page(
        f"<article><h1>عنوان المقال هنا</h1>{BODY}</article>",
        head='<link rel="canonical" href="/national/12345.html">'
        '<meta property="og:url" content="https://www.example-paper.dz/og/12345">',
        title="عنوان المقال هنا",
    )
    assert (
        extract_article(html, URL).canonical_url
        == "https://www.example-paper.dz/national/12345.html"
    )


def test_canonical_pointing_at_the_home_page_is_ignored() -> None:
    html = page(
        f"<article><h1>عنوان المقال هنا</h1>{BODY}</article>",
        head='<link rel="canonical" href="https://www.example-paper.dz/">',
        title="عنوان المقال هنا",
    )
    assert extract_article(html, URL).canonical_url == URL


def test_arabic_page_is_arabic_and_right_to_left() -> None:
    article = extract_article(page(f"<article><h1>عنوان المقال</h1>{BODY}</article>"), URL)
    assert (article.language, article.direction) == ("ar", "rtl")


def test_arabic_text_under_a_template_declaring_english_is_arabic() -> None:
    html = page(f"<article><h1>عنوان المقال</h1>{BODY}</article>").replace('lang="ar"', 'lang="en"')
    assert extract_article(html, URL).language == "ar"


def test_french_page_is_left_to_right() -> None:
    html = (
        '<html lang="fr"><head><title>Le prix de la pomme de terre</title></head><body><article>'
        "<h1>Le prix de la pomme de terre</h1><p>Le prix du kilogramme de pomme de terre a atteint "
        "120 dinars sur plusieurs marchés de détail, contre 70 dinars il y a un mois à peine, "
        "selon les relevés des services du commerce.</p></article></body></html>"
    )
    article = extract_article(html, URL)
    assert (article.language, article.direction) == ("fr", "ltr")


def test_json_ld_headline_and_section_are_used() -> None:
    html = page(
        f"<div class='content'>{BODY}</div>",
        head='<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
        '[{"@type": "NewsArticle", "headline": "البطاطا تبلغ 120 دج", "articleSection": '
        '"اقتصاد", "author": {"@type": "Person", "name": "حكيم. م"}}]}</script>',
        title="موقع",
    )
    article = extract_article(html, URL)
    assert (article.title, article.section, article.author) == (
        "البطاطا تبلغ 120 دج",
        "اقتصاد",
        "حكيم. م",
    )


def test_broken_json_ld_is_ignored() -> None:
    html = page(
        f"<article><h1>عنوان المقال</h1>{BODY}</article>",
        head='<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>',
    )
    assert extract_article(html, URL).title == "عنوان المقال"


def test_date_is_read_and_kept_as_written() -> None:
    html = page(
        f"<article><h1>عنوان المقال</h1><span class='date'>نشر في 22 - 07 - 2020</span>{BODY}"
        "</article>"
    )
    article = extract_article(html, URL)
    assert article.published_text is not None
    assert "22 - 07 - 2020" in article.published_text
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == "2020-07-22"
    assert "22 - 07 - 2020" not in article.text


def test_page_without_a_date_has_no_publication_date() -> None:
    article = extract_article(
        page(f"<article><h1>عنوان المقال</h1>{BODY}</article>"), "https://x.dz/a"
    )
    assert article.published_at is None
    assert article.date_confidence == 0.0


def test_windows_1256_bytes_without_a_charset_decode() -> None:
    html = page(f"<article><h1>عنوان المقال</h1>{BODY}</article>").replace(
        '<meta charset="utf-8">', ""
    )
    article = extract_article(html.encode("windows-1256"), URL)
    assert article.title == "عنوان المقال"


def test_page_whose_charset_lies_still_decodes() -> None:
    html = page(f"<article><h1>عنوان المقال</h1>{BODY}</article>").replace(
        'charset="utf-8"', 'charset="iso-8859-1"'
    )
    article = extract_article(
        html.encode("utf-8"), URL, content_type="text/html; charset=iso-8859-1"
    )
    assert article.title == "عنوان المقال"


def test_broken_markup_still_extracts() -> None:
    html = (
        "<html><head><title>عنوان المقال</title><body><article><h1>عنوان المقال<div><p>"
        + BODY.replace("</p>", "")
        + "<table><tr><td>خلية</b></i></article>"
    )
    assert "عرفت أسعار البطاطا" in extract_article(html, URL).text


def test_page_with_two_articles_gives_the_main_one() -> None:
    html = page(
        f"<article class='main'><h1>البطاطا تبلغ 120 دج</h1>{BODY}{BODY}</article>"
        "<article class='teaser'><h2><a href='/x'>الطماطم أيضا</a></h2><p>الطماطم تواصل "
        "الارتفاع في الأسواق الشعبية منذ أسبوعين.</p></article>",
        title="البطاطا تبلغ 120 دج",
    )
    article = extract_article(html, URL)
    assert article.title == "البطاطا تبلغ 120 دج"
    assert "الطماطم" not in article.text


def _outcome(html: str) -> str:
    """ "article" when the body was read, else the error code."""
    try:
        article = extract_article(html, URL)
    except ExtractionError as error:
        return error.code
    return "article" if "عرفت أسعار البطاطا" in article.text else "wrong article"


def test_five_thousand_nested_divs_end_in_bounded_time_with_a_clear_outcome() -> None:
    # libxml2 stops building the tree at depth 256: the text below is lost, and the page
    # is refused with a clear code instead of crashing or recursing for ever.
    html = page("<div>" * 5000 + f"<h1>عنوان المقال</h1>{BODY}" + "</div>" * 5000)
    started = time.monotonic()
    outcome = _outcome(html)
    assert time.monotonic() - started < 10
    assert outcome in ("article", "extract.no_article")


def test_two_hundred_nested_divs_still_extract() -> None:
    html = page("<div>" * 200 + f"<h1>عنوان المقال</h1>{BODY}" + "</div>" * 200)
    assert _outcome(html) == "article"


def test_empty_input_is_refused_as_empty() -> None:
    with pytest.raises(ExtractionError) as raised:
        extract_article(b"  \n ", URL)
    assert raised.value.code == "extract.empty"


def test_binary_file_is_refused_as_not_html() -> None:
    with pytest.raises(ExtractionError) as raised:
        extract_article(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, URL)
    assert raised.value.code == "extract.not_html"


def test_pdf_content_type_is_refused_as_not_html() -> None:
    with pytest.raises(ExtractionError) as raised:
        extract_article(b"<html></html>", URL, content_type="application/pdf")
    assert raised.value.code == "extract.not_html"


def test_twenty_megabyte_page_is_refused_as_too_large() -> None:
    huge = page(BODY * 40000).encode("utf-8")
    assert len(huge) > 20 * 2**20
    with pytest.raises(ExtractionError) as raised:
        extract_article(huge, URL)
    assert raised.value.code == "extract.too_large"


def test_listing_page_is_refused_as_no_article() -> None:
    teasers = "".join(
        f"<div class='teaser'><h2><a href='/a{n}'>عنوان الخبر رقم {n} في القائمة</a></h2>"
        f"<p>ملخص قصير للخبر رقم {n} كما يظهر في صفحة القسم، بضع كلمات تشد القارئ إلى المقال.</p>"
        "</div>"
        for n in range(12)
    )
    with pytest.raises(ExtractionError) as raised:
        extract_article(page(f"<main>{teasers}</main>", title="أخبار وطنية"), "https://x.dz/")
    assert raised.value.code == "extract.no_article"


def test_page_without_any_headline_is_refused_as_no_title() -> None:
    html = "<html><body><div>" + BODY + "</div></body></html>"
    with pytest.raises(ExtractionError) as raised:
        extract_article(html, URL)
    assert raised.value.code == "extract.no_title"
