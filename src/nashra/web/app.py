"""The ASGI app: reader pages (Jinja2, RTL), API v1 and the signed image proxy.

Every error becomes the documented shape: `{"ok": false, "code", "error", "status"}`
under /api/, an Arabic error page elsewhere; never a stack trace. Ids are integers and
anything else is a 404.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from nashra import __version__
from nashra.errors import FetchError, NashraError, NotFoundError, QueryError
from nashra.fetch import Fetcher
from nashra.settings import Settings
from nashra.store import Store, StoredArticle
from nashra.web.serialize import article_json
from nashra.web.signing import ImageSigner

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
TICKER_SIZE = 40  # about two minutes of scrolling at reading speed
HOME_PAGE_SIZE = 30
IMAGE_CACHE_SECONDS = 7 * 24 * 3600  # images of published articles do not change


def published_line_date(article: StoredArticle) -> str:
    """The date of «نشر في ... يوم ...»: as the paper wrote it, else dd - mm - yyyy."""
    if article.published_text:
        return article.published_text
    moment = article.published_at or article.fetched_at
    return moment.strftime("%d - %m - %Y")


def parse_id(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise NotFoundError(f"{raw!r} is not an id")
    return int(raw)


def create_app(store: Store, settings: Settings, *, fetcher: Fetcher | None = None) -> FastAPI:
    """The web app over `store`; `fetcher` (guarded) serves images through /img/."""
    signer = ImageSigner(settings.resolved_secret_key())
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        image_url=signer.url, published_line_date=published_line_date, version=__version__
    )
    image_dir = settings.data_dir / "images"
    state: dict[str, Fetcher] = {}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if "fetcher" in state and fetcher is None:
            await state["fetcher"].aclose()

    app = FastAPI(
        title="nashra",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def image_fetcher() -> Fetcher:
        if fetcher is not None:
            return fetcher
        if "fetcher" not in state:
            state["fetcher"] = Fetcher(settings)
        return state["fetcher"]

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        response = templates.TemplateResponse(
            request, template, {"nonce": nonce, **context}, status_code=status
        )
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src 'nonce-{nonce}'; style-src 'self'; "
            "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def error_response(request: Request, status: int, code: str, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"ok": False, "code": code, "error": message, "status": status}, status_code=status
            )
        return page(request, "error.html", status=status, code=code, message=message)

    @app.exception_handler(NashraError)
    async def nashra_error(request: Request, error: NashraError) -> Response:
        status = 404 if isinstance(error, NotFoundError) else 400
        if isinstance(error, FetchError):
            status = 502
        return error_response(request, status, error.code, error.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        code = "not_found" if error.status_code == 404 else f"http.{error.status_code}"
        return error_response(request, error.status_code, code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return error_response(
            request, 400, "query.invalid", f"{where}: {first.get('msg', 'invalid')}"
        )

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "internal", "unexpected error")

    @app.middleware("http")
    async def server_header(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    # -- reader -----------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> Response:
        latest, _cursor = store.list_articles(limit=HOME_PAGE_SIZE)
        return page(
            request,
            "home.html",
            ticker=store.latest_headlines(TICKER_SIZE),
            articles=latest,
            papers=store.list_sources(),
        )

    @app.get("/article/{raw_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, raw_id: str) -> Response:
        article = store.get_article(parse_id(raw_id))
        images = {index: image for index, image in enumerate(article.images)}
        shown = {block.get("image") for block in article.blocks if block.get("type") == "image"}
        return page(
            request,
            "article.html",
            article=article,
            images=images,
            unplaced=[image for index, image in images.items() if index not in shown],
            ticker=store.latest_headlines(TICKER_SIZE),
        )

    @app.get("/paper/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def paper_page(request: Request, slug: str, cursor: str | None = None) -> Response:
        source = store.get_source(slug)
        found, next_cursor = store.list_articles(
            cursor=cursor, limit=HOME_PAGE_SIZE, source_slug=slug
        )
        return page(
            request,
            "paper.html",
            source=source,
            articles=found,
            next_cursor=next_cursor,
            ticker=store.latest_headlines(TICKER_SIZE),
        )

    @app.get("/papers", response_class=HTMLResponse, include_in_schema=False)
    def papers_page(request: Request) -> Response:
        return page(
            request,
            "papers.html",
            papers=store.list_sources(),
            failures=store.url_failures()[:100],
            ticker=store.latest_headlines(TICKER_SIZE),
        )

    @app.get("/about", response_class=HTMLResponse, include_in_schema=False)
    def about_page(request: Request) -> Response:
        return page(request, "about.html", ticker=store.latest_headlines(TICKER_SIZE))

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return {"ok": True, "articles": store.count_articles()}

    # -- API v1 -----------------------------------------------------------------

    @app.get("/api/v1/articles")
    def api_articles(
        cursor: str | None = None, limit: int = 20, source: str | None = None
    ) -> dict[str, Any]:
        """Stored articles, newest first, cursor-paginated (`limit` ≤ 100)."""
        if limit < 1 or limit > 100:
            raise QueryError("limit must be between 1 and 100", code="query.limit")
        found, next_cursor = store.list_articles(cursor=cursor, limit=limit, source_slug=source)
        return {
            "items": [article_json(article, signer) for article in found],
            "next_cursor": next_cursor,
        }

    @app.get("/api/v1/articles/{raw_id}")
    def api_article(raw_id: str) -> dict[str, Any]:
        return article_json(store.get_article(parse_id(raw_id)), signer)

    @app.get("/api/v1/sources")
    def api_sources() -> dict[str, Any]:
        return {
            "items": [source.to_json(count) for source, count in store.list_sources()],
            "next_cursor": None,
        }

    # -- images -----------------------------------------------------------------

    @app.get("/img/{raw_id}", include_in_schema=False)
    async def image(raw_id: str, sig: str = "") -> Response:
        image_id = parse_id(raw_id)
        if not signer.verify(image_id, sig):
            raise NotFoundError("unknown image")
        stored = store.get_image(image_id)
        if stored.hidden:
            raise NotFoundError("this image is hidden")
        key = hashlib.sha256(stored.src.encode()).hexdigest()
        cached = image_dir / key[:2] / key
        meta = cached.with_suffix(".type")
        if cached.exists() and meta.exists():
            content, media_type = cached.read_bytes(), meta.read_text()
        else:
            result = await image_fetcher().get(stored.src, kind="image")
            content, media_type = result.content, result.content_type
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(content)
            meta.write_text(media_type)
        return Response(
            content,
            media_type=media_type,
            headers={"Cache-Control": f"public, max-age={IMAGE_CACHE_SECONDS}"},
        )

    return app
