"""The reader and API v1 over a real store: pages, shapes, pagination, errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nashra.models import Article, Block, Feed, Image, Source
from nashra.settings import Settings
from nashra.store import Store
from nashra.web import create_app

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture
def filled_store(store: Store) -> Store:
    source_id = store.upsert_source(
        Source(
            slug="al-massar",
            name="المسار",
            name_fr="El Massar",
            homepage="http://127.0.0.11:8765/",
            feeds=(Feed(url="http://127.0.0.11:8765/rss.xml", kind="rss"),),
        )
    )
    for n in range(1, 26):
        store.ingest_article(
            source_id,
            Article(
                url=f"http://127.0.0.11:8765/article/{n}",
                title=f"الخبر رقم {n} عن تهاقرت",
                text=f"نص الخبر {n}",
                subtitle="عنوان فرعي للخبر" if n == 1 else None,
                highlights=("النقطة الأولى", "النقطة الثانية") if n == 1 else (),
                blocks=(
                    Block("paragraph", text=f"الفقرة الأولى من الخبر {n}"),
                    Block("heading", text="عنوان داخلي"),
                    Block("image", image=0),
                    Block("paragraph", text="الفقرة الثانية"),
                ),
                published_at=NOW - timedelta(hours=n),
                published_text="20 - 11 - 2026",
                images=(Image(src=f"http://127.0.0.11:8765/img/{n}.jpg", caption="تعليق الصورة"),),
            ),
            fetched_at=NOW,
        )
    return store


@pytest.fixture
def client(filled_store: Store, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path, secret_key="s" * 32)
    with TestClient(create_app(filled_store, settings)) as test_client:
        yield test_client


def test_home_page_is_rtl_with_a_ticker_of_latest_headlines(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    ticker = response.text.split('class="ticker-list"')[1].split("</ul>")[0]
    assert ticker.count('href="/article/') == 25
    assert ticker.index("الخبر رقم 1 ") < ticker.index("الخبر رقم 2 ")


def test_article_page_carries_published_line_and_original_link(client: TestClient) -> None:
    first_id = client.get("/api/v1/articles?limit=1").json()["items"][0]["id"]
    html = client.get(f"/article/{first_id}").text
    assert "نشر في" in html
    assert "المسار</a> يوم <bdi>20 - 11 - 2026</bdi>" in html
    assert 'href="http://127.0.0.11:8765/article/1"' in html
    assert "انقر هنا لقراءة الخبر من مصدره" in html
    assert "عنوان فرعي للخبر" in html
    assert html.count("<li>النقطة") == 2
    assert "<h2>عنوان داخلي</h2>" in html
    assert "<figcaption" in html
    assert "تعليق الصورة" in html


def test_api_lists_articles_in_the_documented_shape(client: TestClient) -> None:
    body = client.get("/api/v1/articles?limit=2").json()
    assert set(body) == {"items", "next_cursor"}
    item = body["items"][0]
    assert item["source"] == {"slug": "al-massar", "name": "المسار", "name_fr": "El Massar"}
    assert item["links"]["html"] == f"/article/{item['id']}"
    image = item["images"][0]
    assert image["url"].startswith(f"/img/{image['id']}?sig=")
    assert {"type": "image", "image_id": image["id"]} in item["blocks"]
    assert item["published_at"] == (NOW - timedelta(hours=1)).isoformat()


def test_api_cursor_walks_every_article_once(client: TestClient) -> None:
    ids: list[int] = []
    url = "/api/v1/articles?limit=7"
    while url:
        body = client.get(url).json()
        ids.extend(item["id"] for item in body["items"])
        url = (
            f"/api/v1/articles?limit=7&cursor={body['next_cursor']}" if body["next_cursor"] else ""
        )
    assert len(ids) == len(set(ids)) == 25


@pytest.mark.parametrize("path", ["/article/abc", "/article/99999", "/article/1.5", "/nowhere"])
def test_unknown_or_malformed_pages_are_arabic_404s(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/articles/abc", 404, "not_found"),
        ("/api/v1/articles/424242", 404, "not_found"),
        ("/api/v1/articles?limit=0", 400, "query.limit"),
        ("/api/v1/articles?limit=101", 400, "query.limit"),
        ("/api/v1/articles?limit=x", 400, "query.invalid"),
        ("/api/v1/articles?cursor=zzz", 400, "query.cursor"),
    ],
)
def test_api_errors_have_the_documented_shape(
    client: TestClient, path: str, status: int, code: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False
    assert body["code"] == code
    assert body["status"] == status
    assert body["error"]


def test_image_urls_need_their_signature(client: TestClient) -> None:
    image = client.get("/api/v1/articles?limit=1").json()["items"][0]["images"][0]
    assert client.get(f"/img/{image['id']}?sig=forged").status_code == 404
    assert client.get(f"/img/{image['id']}").status_code == 404


def test_sources_api_reports_feed_health(client: TestClient) -> None:
    [source] = client.get("/api/v1/sources").json()["items"]
    assert source["articles_count"] == 25
    assert source["feeds"][0]["health"]["status"] == "ok"


def test_openapi_document_is_served(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/articles" in paths


def test_pages_send_a_nonce_based_content_security_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'nonce-" in policy
    assert "unsafe-inline" not in policy
