"""Article pages of the demo press: each paper's date form, title, markup and pictures,
and the ground truth (`expected_articles()`) matching what the pages really show."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import httpx
import pytest
from lxml import html
from PIL import Image

from nashra.demo import DemoPress, ExpectedArticle

FIXTURE_CONTENT = Path(__file__).resolve().parent / "content"
BASE_DATE = date(2020, 7, 17)
# Each fixture paper's "-01" article is day 5 at 10:30: Wednesday 22 July 2020, 10:30.
LEAD_ARTICLES = {
    "al-massar": "massar-01",
    "sawt-al-wadi": "wadi-01",
    "al-ofok": "ofok-01",
    "er-raed": "raed-01",
    "akhbar-es-sahel": "sahel-01",
    "nedjmat-el-djanoub": "najma-01",
    "quotidien-du-plateau": "plateau-01",
}
DATE_FORMS = {
    "al-massar": "22 - 07 - 2020",
    "sawt-al-wadi": "الأربعاء 22 جويلية 2020",
    "al-ofok": "22 يوليو 2020",
    "er-raed": "٢٢/٠٧/٢٠٢٠",
    "akhbar-es-sahel": "2020/07/22 10:30",
    "nedjmat-el-djanoub": "22 جويلية 2020 على الساعة 10:30",
    "quotidien-du-plateau": "mercredi 22 juillet 2020 à 10h30",
}
TITLE_SUFFIXES = {
    "al-massar": " | المسار",
    "sawt-al-wadi": " - صوت الوادي",
    "al-ofok": " | الأفق",
    "er-raed": " :: الرائد",
    "akhbar-es-sahel": " - أخبار الساحل",
    "nedjmat-el-djanoub": " | نجمة الجنوب",
    "quotidien-du-plateau": " - Le Quotidien du Plateau",
}
ALGIERS = ZoneInfo("Africa/Algiers")

pytestmark = pytest.mark.anyio


def truth_of(press: DemoPress, article_id: str) -> ExpectedArticle:
    return next(e for e in press.expected_articles() if e.id == article_id)


async def fetch_tree(client: httpx.AsyncClient, url: str) -> html.HtmlElement:
    response = await client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content, base_url=url)


def visible_text(tree: html.HtmlElement) -> str:
    for junk in tree.xpath("//script|//style"):
        junk.drop_tree()
    return " ".join(tree.text_content().split())


@pytest.mark.parametrize(("slug", "form"), DATE_FORMS.items())
async def test_each_paper_prints_the_date_in_its_own_form(
    press: DemoPress, client: httpx.AsyncClient, slug: str, form: str
) -> None:
    truth = truth_of(press, LEAD_ARTICLES[slug])
    assert truth.published_text == form
    assert truth.published_at == datetime(2020, 7, 22, 10, 30, tzinfo=ALGIERS)
    tree = await fetch_tree(client, truth.url)
    assert form in visible_text(tree)


async def test_al_ofok_has_news_article_json_ld_with_iso_date(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    truth = truth_of(press, "ofok-01")
    tree = await fetch_tree(client, truth.url)
    (script,) = tree.xpath('//script[@type="application/ld+json"]')
    data = json.loads(script.text)
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"] == "2020-07-22T10:30:00+01:00"
    assert data["headline"] == truth.title
    assert data["author"]["name"] == truth.author


async def test_nedjmat_has_article_published_time_meta(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    tree = await fetch_tree(client, truth_of(press, "najma-01").url)
    (meta,) = tree.xpath('//meta[@property="article:published_time"]/@content')
    assert meta == "2020-07-22T10:30:00+01:00"


@pytest.mark.parametrize(("slug", "suffix"), TITLE_SUFFIXES.items())
async def test_page_title_carries_the_site_name(
    press: DemoPress, client: httpx.AsyncClient, slug: str, suffix: str
) -> None:
    truth = truth_of(press, LEAD_ARTICLES[slug])
    tree = await fetch_tree(client, truth.url)
    assert tree.findtext(".//title") == truth.title + suffix


@pytest.mark.parametrize("slug", sorted(set(LEAD_ARTICLES) - {"er-raed"}))
async def test_canonical_link_is_the_article_url(
    press: DemoPress, client: httpx.AsyncClient, slug: str
) -> None:
    truth = truth_of(press, LEAD_ARTICLES[slug])
    tree = await fetch_tree(client, truth.url)
    assert tree.xpath('//link[@rel="canonical"]/@href') == [truth.url]


@pytest.mark.parametrize(
    ("slug", "body_xpath"),
    [
        ("al-massar", '//article[contains(@class, "post")]//div[@class="entry-content"]'),
        ("sawt-al-wadi", '//div[contains(@class, "field--name-body")]'),
        ("al-ofok", '//div[@class="article-body"]'),
        ("er-raed", '//td[@id="news_text"]'),
        ("akhbar-es-sahel", '//div[@class="item-page"]//div[@itemprop="articleBody"]'),
        ("nedjmat-el-djanoub", '//section[@class="story"]//div[@class="story-text"]'),
        ("quotidien-du-plateau", '//div[contains(@class, "texte")]'),
    ],
)
async def test_each_cms_holds_the_body_in_its_own_container(
    press: DemoPress, client: httpx.AsyncClient, slug: str, body_xpath: str
) -> None:
    truth = truth_of(press, LEAD_ARTICLES[slug])
    tree = await fetch_tree(client, truth.url)
    (body,) = tree.xpath(body_xpath)
    text = " ".join(body.text_content().split())
    for paragraph in truth.paragraphs:
        assert paragraph in text
    assert truth.highlights[0] not in text  # highlights sit outside the body


@pytest.mark.parametrize(
    ("slug", "heading_xpath"),
    [
        ("al-massar", '//div[@class="entry-content"]/h2'),
        ("sawt-al-wadi", '//div[contains(@class, "field--name-body")]/h3'),
        ("er-raed", '//td[@id="news_text"]/p/strong'),
        ("nedjmat-el-djanoub", '//div[@class="story-text"]/p[@class="inter"]/b'),
        ("quotidien-du-plateau", '//div[contains(@class, "texte")]/h3'),
    ],
)
async def test_sub_headings_use_the_papers_own_markup(
    press: DemoPress, client: httpx.AsyncClient, slug: str, heading_xpath: str
) -> None:
    truth = truth_of(press, LEAD_ARTICLES[slug])
    tree = await fetch_tree(client, truth.url)
    assert [h.text_content() for h in tree.xpath(heading_xpath)] == list(truth.headings)


async def test_highlights_are_star_bullets(press: DemoPress, client: httpx.AsyncClient) -> None:
    truth = truth_of(press, "massar-01")
    tree = await fetch_tree(client, truth.url)
    items = [li.text_content() for li in tree.xpath('//ul[@class="highlights"]/li')]
    assert items == [f"❊ {h}" for h in truth.highlights]


@pytest.mark.parametrize(
    ("slug", "kicker_first"),
    [("al-massar", True), ("er-raed", True), ("sawt-al-wadi", False), ("al-ofok", False)],
)
async def test_kicker_sits_above_or_below_the_title_by_paper(
    press: DemoPress, client: httpx.AsyncClient, slug: str, kicker_first: bool
) -> None:
    truth = truth_of(press, LEAD_ARTICLES[slug])
    assert truth.subtitle is not None
    tree = await fetch_tree(client, truth.url)
    order = list(tree.iter())
    (title,) = tree.xpath("//h1")
    assert " ".join(title.text_content().split()) == truth.title
    (kicker,) = [e for e in order if (e.text or "").strip() == truth.subtitle]
    assert (order.index(kicker) < order.index(title)) is kicker_first


@pytest.mark.parametrize(
    ("slug", "line"),
    [
        ("al-massar", "بقلم: سمية. ب"),
        ("sawt-al-wadi", "كتب: كمال. س"),
        ("er-raed", "بقلم رياض. ب"),
        ("akhbar-es-sahel", "كتبه نادية. ع"),
        ("quotidien-du-plateau", "Par Amel B."),
    ],
)
async def test_author_lines_take_each_papers_form(
    press: DemoPress, client: httpx.AsyncClient, slug: str, line: str
) -> None:
    truth = truth_of(press, LEAD_ARTICLES[slug])
    assert truth.author is not None
    assert truth.author in line
    assert line in visible_text(await fetch_tree(client, truth.url))


async def test_wire_story_is_reprinted_word_for_word_with_the_agency_byline(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    copies = [e for e in press.expected_articles() if e.wire_id == "wire-01"]
    assert {c.paper for c in copies} == {"al-massar", "akhbar-es-sahel"}
    for copy in copies:
        assert copy.author == "وكالة الأنباء الوطنية"
        text = visible_text(await fetch_tree(client, copy.url))
        assert copy.title in text
        assert copy.author in text
        for paragraph in copy.paragraphs:
            assert paragraph in text


async def test_pages_carry_the_usual_noise(press: DemoPress, client: httpx.AsyncClient) -> None:
    for slug, article_id in LEAD_ARTICLES.items():
        text = visible_text(await fetch_tree(client, truth_of(press, article_id).url))
        most_read = "Les plus lus" if slug == "quotidien-du-plateau" else "الأكثر قراءة"
        assert most_read in text, slug
        assert "2020" in text  # the footer's copyright year
        assert "cookie" in text.lower() or "الكوكيز" in text or "الارتباط" in text, slug


async def test_some_articles_have_reader_comments(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    from nashra.demo.noise import ARABIC_COMMENTS, FRENCH_COMMENTS

    comments = [text for _, text in ARABIC_COMMENTS + FRENCH_COMMENTS]
    with_comments = 0
    for truth in press.expected_articles():
        text = visible_text(await fetch_tree(client, truth.url))
        with_comments += any(comment in text for comment in comments)
    assert 0 < with_comments < len(press.expected_articles())


# ----- pictures ----------------------------------------------------------------------------


async def test_every_expected_image_is_a_jpeg_of_its_declared_size(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    images = [image for truth in press.expected_articles() for image in truth.images]
    assert images
    for image in images:
        response = await client.get(image.url)
        assert response.headers["content-type"] == "image/jpeg"
        picture = Image.open(io.BytesIO(response.content))
        assert picture.format == "JPEG"
        assert picture.size == (image.width, image.height)
        picture.verify()


async def test_images_are_generated_deterministically_and_differ_by_index(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    first, second = truth_of(press, "massar-01").images
    one = (await client.get(first.url)).content
    assert one == (await client.get(first.url)).content
    assert one != (await client.get(second.url)).content


async def test_captions_are_on_the_page(press: DemoPress, client: httpx.AsyncClient) -> None:
    for article_id in LEAD_ARTICLES.values():
        truth = truth_of(press, article_id)
        text = visible_text(await fetch_tree(client, truth.url))
        for caption in truth.image_captions:
            assert caption in text


async def test_al_massar_uses_figure_and_figcaption(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    truth = truth_of(press, "massar-01")
    tree = await fetch_tree(client, truth.url)
    captions = tree.xpath("//figure/figcaption/text()")
    assert captions == list(truth.image_captions)
    assert tree.xpath("//figure/img/@src") == [image.url for image in truth.images]


async def test_al_ofok_images_offer_a_srcset_of_two_widths(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    truth = truth_of(press, "ofok-01")
    assert (truth.images[0].width, truth.images[0].height) == (1200, 800)
    tree = await fetch_tree(client, truth.url)
    (srcset,) = tree.xpath('//figure[contains(@class, "article-lead")]/img/@srcset')
    candidates = dict(reversed(part.split()) for part in srcset.split(", "))
    assert set(candidates) == {"800w", "1200w"}
    small = Image.open(io.BytesIO((await client.get(candidates["800w"])).content))
    assert small.size == (800, 533)


async def test_sawt_al_wadi_images_load_lazily_from_data_src(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    truth = truth_of(press, "wadi-01")
    tree = await fetch_tree(client, truth.url)
    images = tree.xpath('//img[@class and contains(@class, "lazyload")]')
    article_images = [img for img in images if img.getparent().xpath(".//div[@class='caption']")]
    assert [urljoin(truth.url, img.get("data-src")) for img in article_images] == [
        image.url for image in truth.images
    ]
    placeholder = await client.get(article_images[0].get("src"))
    assert placeholder.headers["content-type"] == "image/gif"
    assert Image.open(io.BytesIO(placeholder.content)).size == (1, 1)


async def test_er_raed_images_have_relative_urls_and_table_captions(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    truth = truth_of(press, "raed-01")
    tree = await fetch_tree(client, truth.url)
    tables = tree.xpath('//table[@class="photo"]')
    srcs = [table.xpath(".//img/@src")[0] for table in tables]
    assert all(not src.startswith(("http", "/")) for src in srcs)
    assert [urljoin(truth.url, src) for src in srcs] == [image.url for image in truth.images]
    assert [" ".join(t.find("caption").text_content().split()) for t in tables] == list(
        truth.image_captions
    )


# ----- ground truth ------------------------------------------------------------------------


async def test_every_expected_article_matches_its_page(
    press: DemoPress, client: httpx.AsyncClient
) -> None:
    for truth in press.expected_articles():
        text = visible_text(await fetch_tree(client, truth.url))
        assert truth.title in text
        assert truth.published_text in text
        assert truth.section in text
        for piece in (*truth.paragraphs, *truth.headings, *truth.highlights):
            assert piece in text, (truth.id, piece)
        if truth.subtitle:
            assert truth.subtitle in text
        if truth.author:
            assert truth.author in text


async def test_expected_articles_cover_every_content_article(press: DemoPress) -> None:
    assert {e.id for e in press.expected_articles()} == {a.id for a in press.content.articles}
    for truth in press.expected_articles():
        assert press.url_of(truth.id) == truth.url
        assert truth.language == ("fr" if truth.paper == "quotidien-du-plateau" else "ar")


def test_url_of_an_unknown_article_is_a_key_error(press: DemoPress) -> None:
    with pytest.raises(KeyError):
        press.url_of("no-such-article")
