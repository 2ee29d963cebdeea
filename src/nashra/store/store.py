"""Queries: everything nashra reads from and writes to its database.

Plain methods over SQLAlchemy Core. Writes are short transactions; on SQLite they are
serialised by one lock (one writer), on PostgreSQL they run concurrently. Ingest is
idempotent: the article's canonical URL and its content hash per source are unique keys,
and an article with its images is written in one transaction or not at all.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from nashra.errors import NotFoundError, QueryError
from nashra.models import Article, Block, Feed, FeedHealth, Image, Source
from nashra.store import migrate
from nashra.store.engine import create_engine
from nashra.store.tables import articles, feeds, images, sources, url_failures

MAX_PAGE_SIZE = 100  # the API's documented upper bound for ?limit=
DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class StoredImage:
    id: int
    src: str
    alt: str
    caption: str
    width: int | None
    height: int | None
    hidden: bool


@dataclass(frozen=True)
class SourceRef:
    id: int
    slug: str
    name: str
    name_fr: str | None


@dataclass(frozen=True)
class StoredArticle:
    id: int
    source: SourceRef
    url: str
    canonical_url: str
    title: str
    subtitle: str | None
    highlights: tuple[str, ...]
    blocks: tuple[dict[str, Any], ...]
    text: str
    author: str | None
    section: str | None
    category: str | None
    language: str | None
    direction: str
    published_at: datetime | None
    published_text: str | None
    date_confidence: float
    fetched_at: datetime
    sort_at: datetime
    story_id: int | None
    duplicate_of: int | None
    images: tuple[StoredImage, ...]


@dataclass(frozen=True)
class Headline:
    id: int
    title: str
    source_slug: str
    source_name: str
    sort_at: datetime
    published_text: str | None


@dataclass(frozen=True)
class DueFeed:
    id: int
    source_id: int
    source_slug: str
    url: str
    kind: str
    etag: str | None
    last_modified: str | None
    consecutive_failures: int
    timezone: str


@dataclass(frozen=True)
class UrlFailure:
    source_slug: str
    url: str
    code: str
    message: str
    attempts: int
    last_seen: datetime


def content_hash(article: Article) -> str:
    """A hash of what the reader sees, so one paper never stores the same text twice."""
    digest = hashlib.sha256()
    digest.update(article.title.strip().encode())
    digest.update(b"\x00")
    digest.update(" ".join(article.text.split()).encode())
    return digest.hexdigest()


class Store:
    """nashra's database. Open it with `Store.open(url)`; close with `close()`."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._write_lock = threading.Lock() if self.dialect == "sqlite" else None

    @classmethod
    def open(cls, database_url: str, *, upgrade: bool = True) -> Store:
        store = cls(create_engine(database_url))
        if upgrade:
            store.upgrade()
        return store

    def upgrade(self) -> None:
        with self._writing():
            migrate.upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self._write_lock is None:
            yield
            return
        with self._write_lock:
            yield

    @contextmanager
    def _transaction(self) -> Iterator[sa.Connection]:
        with self._writing(), self.engine.begin() as connection:
            yield connection

    def _insert(self, table: sa.Table) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # -- sources and feeds ---------------------------------------------------------

    def upsert_source(self, source: Source, *, now: datetime | None = None) -> int:
        """Create or update a source and add its feeds; returns the source id."""
        [source_id] = self.upsert_sources([source], now=now)
        return source_id

    def upsert_sources(self, many: Iterable[Source], *, now: datetime | None = None) -> list[int]:
        """`upsert_source` for each source, all in one transaction; returns their ids."""
        now = now or datetime.now(UTC)
        with self._transaction() as connection:
            return [self._upsert_source(connection, source, now) for source in many]

    def _upsert_source(self, connection: sa.Connection, source: Source, now: datetime) -> int:
        values = {
            "slug": source.slug,
            "name": source.name,
            "name_fr": source.name_fr,
            "homepage": source.homepage,
            "language": source.language,
            "country": source.country,
            "timezone": source.timezone,
        }
        statement = self._insert(sources).values(created_at=now, **values)
        statement = statement.on_conflict_do_update(index_elements=["slug"], set_=values)
        connection.execute(statement)
        source_id: int = connection.execute(
            sa.select(sources.c.id).where(sources.c.slug == source.slug)
        ).scalar_one()
        for feed in source.feeds:
            self._add_feed(connection, source_id, feed.url, feed.kind, now)
        return source_id

    def add_feed(self, source_id: int, url: str, kind: str, *, now: datetime | None = None) -> int:
        with self._transaction() as connection:
            return self._add_feed(connection, source_id, url, kind, now or datetime.now(UTC))

    def _add_feed(
        self, connection: sa.Connection, source_id: int, url: str, kind: str, now: datetime
    ) -> int:
        statement = self._insert(feeds).values(
            source_id=source_id, url=url, kind=kind, created_at=now, next_check_at=now
        )
        connection.execute(statement.on_conflict_do_nothing(index_elements=["url"]))
        feed_id: int = connection.execute(
            sa.select(feeds.c.id).where(feeds.c.url == url)
        ).scalar_one()
        return feed_id

    def remove_source(self, slug: str) -> None:
        with self._transaction() as connection:
            result = connection.execute(sa.delete(sources).where(sources.c.slug == slug))
        if result.rowcount == 0:
            raise NotFoundError(f"no source with slug {slug!r}")

    def list_sources(self) -> list[tuple[Source, int]]:
        """Every source with its feeds (and their health) and its article count."""
        with self.engine.connect() as connection:
            counts: dict[int, int] = dict(
                connection.execute(
                    sa.select(articles.c.source_id, sa.func.count()).group_by(articles.c.source_id)
                ).all()
            )
            feed_rows = connection.execute(sa.select(feeds).order_by(feeds.c.id)).mappings().all()
            source_rows = (
                connection.execute(sa.select(sources).order_by(sources.c.slug)).mappings().all()
            )
        feeds_by_source: dict[int, list[Feed]] = {}
        for row in feed_rows:
            feeds_by_source.setdefault(row["source_id"], []).append(_feed(row))
        return [
            (_source(row, tuple(feeds_by_source.get(row["id"], []))), counts.get(row["id"], 0))
            for row in source_rows
        ]

    def get_source(self, slug: str) -> Source:
        with self.engine.connect() as connection:
            row = (
                connection.execute(sa.select(sources).where(sources.c.slug == slug))
                .mappings()
                .one_or_none()
            )
            if row is None:
                raise NotFoundError(f"no source with slug {slug!r}")
            feed_rows = connection.execute(
                sa.select(feeds).where(feeds.c.source_id == row["id"]).order_by(feeds.c.id)
            ).mappings()
            return _source(row, tuple(_feed(feed) for feed in feed_rows))

    def count_sources(self) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(sa.select(sa.func.count()).select_from(sources)).scalar_one()
            )

    def source_id(self, slug: str) -> int:
        with self.engine.connect() as connection:
            found = connection.execute(
                sa.select(sources.c.id).where(sources.c.slug == slug)
            ).scalar_one_or_none()
        if found is None:
            raise NotFoundError(f"no source with slug {slug!r}")
        return int(found)

    def sources_needing_discovery(self, now: datetime, *, every: timedelta) -> list[Source]:
        """Sources to search for feeds: those with none, and those whose every feed was
        tried and none works, unless searched within `every` (returned without feeds).

        A feed never fetched yet counts as working until tried, so a registered feed is
        read before the home page is searched.
        """
        working = (
            sa.select(feeds.c.id)
            .where(
                feeds.c.source_id == sources.c.id,
                feeds.c.status != "disabled",
                sa.or_(feeds.c.last_success_at.is_not(None), feeds.c.last_fetched_at.is_(None)),
            )
            .exists()
        )
        query = (
            sa.select(sources)
            .where(
                ~working,
                sa.or_(sources.c.discovered_at.is_(None), sources.c.discovered_at < now - every),
            )
            .order_by(sources.c.slug)
        )
        with self.engine.connect() as connection:
            return [_source(row, ()) for row in connection.execute(query).mappings()]

    def mark_discovered(self, source_id: int, now: datetime) -> None:
        with self._transaction() as connection:
            connection.execute(
                sa.update(sources).where(sources.c.id == source_id).values(discovered_at=now)
            )

    def due_feeds(self, now: datetime, *, include_disabled: bool = False) -> list[DueFeed]:
        """Feeds whose next check is due, oldest first."""
        query = (
            sa.select(
                feeds.c.id,
                feeds.c.source_id,
                sources.c.slug,
                feeds.c.url,
                feeds.c.kind,
                feeds.c.etag,
                feeds.c.last_modified,
                feeds.c.consecutive_failures,
                sources.c.timezone,
            )
            .join(sources, sources.c.id == feeds.c.source_id)
            .where(sa.or_(feeds.c.next_check_at.is_(None), feeds.c.next_check_at <= now))
            .order_by(feeds.c.next_check_at, feeds.c.id)
        )
        if not include_disabled:
            query = query.where(feeds.c.status != "disabled")
        with self.engine.connect() as connection:
            return [DueFeed(*row) for row in connection.execute(query).all()]

    def next_feed_check(self) -> datetime | None:
        with self.engine.connect() as connection:
            value: datetime | None = connection.execute(
                sa.select(sa.func.min(feeds.c.next_check_at)).where(feeds.c.status != "disabled")
            ).scalar_one()
        return value

    def record_feed_success(
        self,
        feed_id: int,
        *,
        now: datetime,
        next_check_at: datetime,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        with self._transaction() as connection:
            connection.execute(
                sa.update(feeds)
                .where(feeds.c.id == feed_id)
                .values(
                    status="ok",
                    etag=etag,
                    last_modified=last_modified,
                    last_fetched_at=now,
                    last_success_at=now,
                    consecutive_failures=0,
                    next_check_at=next_check_at,
                )
            )

    def record_feed_failure(
        self,
        feed_id: int,
        *,
        now: datetime,
        code: str,
        message: str,
        next_check_at: datetime,
        disable_after: int,
    ) -> int:
        """Count a failure; the feed is disabled once it failed `disable_after` times in a row."""
        with self._transaction() as connection:
            failures = int(
                connection.execute(
                    sa.select(feeds.c.consecutive_failures).where(feeds.c.id == feed_id)
                ).scalar_one()
            )
            failures += 1
            connection.execute(
                sa.update(feeds)
                .where(feeds.c.id == feed_id)
                .values(
                    status="disabled" if failures >= disable_after else "failing",
                    last_fetched_at=now,
                    last_error_code=code,
                    last_error=message[:2000],
                    consecutive_failures=failures,
                    next_check_at=next_check_at,
                )
            )
        return failures

    # -- articles -----------------------------------------------------------------

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Which of `urls` are already stored (as an article's key URL or fetched URL)."""
        wanted = list(dict.fromkeys(urls))
        found: set[str] = set()
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                # Two lookups, each on its own index (an OR of both scans the table).
                for column in (articles.c.url_key, articles.c.url):
                    found.update(
                        connection.execute(sa.select(column).where(column.in_(chunk))).scalars()
                    )
        return found & set(wanted)

    def given_up_urls(self, urls: Iterable[str], *, attempts: int) -> set[str]:
        """Which of `urls` failed at least `attempts` times (not worth fetching again)."""
        wanted = list(dict.fromkeys(urls))
        found: set[str] = set()
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                query = sa.select(url_failures.c.url).where(
                    url_failures.c.url.in_(chunk), url_failures.c.attempts >= attempts
                )
                found.update(connection.execute(query).scalars())
        return found

    def ingest_article(
        self, source_id: int, article: Article, *, fetched_at: datetime
    ) -> tuple[int, bool]:
        """Store `article` once; returns (article id, whether it is new).

        The article, its images and its blocks are written in one transaction: a crash
        leaves either all of it or nothing.
        """
        digest = content_hash(article)
        row = {
            "source_id": source_id,
            "url": article.url,
            "url_key": article.key_url,
            "content_hash": digest,
            "title": article.title,
            "subtitle": article.subtitle,
            "highlights": list(article.highlights),
            "blocks": [block.to_json() for block in article.blocks],
            "text": article.text,
            "author": article.author,
            "section": article.section,
            "language": article.language,
            "direction": article.direction,
            "published_at": article.published_at,
            "published_text": article.published_text,
            "date_confidence": article.date_confidence,
            "fetched_at": fetched_at,
            "sort_at": article.published_at or fetched_at,
        }
        with self._transaction() as connection:
            inserted = connection.execute(
                self._insert(articles)
                .values(**row)
                .on_conflict_do_nothing()
                .returning(articles.c.id)
            ).scalar_one_or_none()
            if inserted is None:
                existing = connection.execute(
                    sa.select(articles.c.id).where(
                        sa.or_(
                            articles.c.url_key == article.key_url,
                            sa.and_(
                                articles.c.source_id == source_id,
                                articles.c.content_hash == digest,
                            ),
                        )
                    )
                ).scalar_one()
                return int(existing), False
            if article.images:
                connection.execute(
                    sa.insert(images),
                    [
                        {
                            "article_id": inserted,
                            "position": position,
                            "src": image.src,
                            "alt": image.alt,
                            "caption": image.caption,
                            "width": image.width,
                            "height": image.height,
                        }
                        for position, image in enumerate(article.images)
                    ],
                )
            connection.execute(
                sa.delete(url_failures).where(
                    url_failures.c.source_id == source_id, url_failures.c.url == article.url
                )
            )
        return int(inserted), True

    def record_url_failure(
        self,
        source_id: int,
        url: str,
        *,
        code: str,
        message: str,
        now: datetime,
        feed_id: int | None = None,
    ) -> None:
        values = {
            "source_id": source_id,
            "feed_id": feed_id,
            "url": url[:2048],
            "code": code,
            "message": message[:2000],
            "first_seen": now,
            "last_seen": now,
        }
        statement = self._insert(url_failures).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["source_id", "url"],
            set_={
                "code": code,
                "message": message[:2000],
                "last_seen": now,
                "attempts": url_failures.c.attempts + 1,
            },
        )
        with self._transaction() as connection:
            connection.execute(statement)

    def url_failures(self, *, source_slug: str | None = None) -> list[UrlFailure]:
        query = (
            sa.select(
                sources.c.slug,
                url_failures.c.url,
                url_failures.c.code,
                url_failures.c.message,
                url_failures.c.attempts,
                url_failures.c.last_seen,
            )
            .join(sources, sources.c.id == url_failures.c.source_id)
            .order_by(url_failures.c.last_seen.desc(), url_failures.c.id.desc())
        )
        if source_slug is not None:
            query = query.where(sources.c.slug == source_slug)
        with self.engine.connect() as connection:
            return [UrlFailure(*row) for row in connection.execute(query).all()]

    def count_articles(self, *, source_slug: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(articles)
        if source_slug is not None:
            query = query.join(sources, sources.c.id == articles.c.source_id).where(
                sources.c.slug == source_slug
            )
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def get_article(self, article_id: int) -> StoredArticle:
        found = self._articles(articles.c.id == article_id, limit=1)
        if not found:
            raise NotFoundError(f"no article with id {article_id}")
        return found[0]

    def get_image(self, image_id: int) -> StoredImage:
        with self.engine.connect() as connection:
            row = (
                connection.execute(sa.select(images).where(images.c.id == image_id))
                .mappings()
                .one_or_none()
            )
        if row is None:
            raise NotFoundError(f"no image with id {image_id}")
        return _stored_image(row)

    def list_articles(
        self,
        *,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE_SIZE,
        source_slug: str | None = None,
    ) -> tuple[list[StoredArticle], str | None]:
        """Newest first, cursor-paginated on (sort_at, id)."""
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise QueryError(f"limit must be between 1 and {MAX_PAGE_SIZE}", code="query.limit")
        conditions: list[sa.ColumnElement[bool]] = []
        if cursor:
            sort_at, last_id = decode_cursor(cursor)
            conditions.append(
                sa.or_(
                    articles.c.sort_at < sort_at,
                    sa.and_(articles.c.sort_at == sort_at, articles.c.id < last_id),
                )
            )
        if source_slug is not None:
            conditions.append(sources.c.slug == source_slug)
        rows = self._articles(*conditions, limit=limit + 1)
        next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
        return rows[:limit], next_cursor

    def latest_headlines(self, limit: int = 40) -> list[Headline]:
        query = (
            sa.select(
                articles.c.id,
                articles.c.title,
                sources.c.slug,
                sources.c.name,
                articles.c.sort_at,
                articles.c.published_text,
            )
            .join(sources, sources.c.id == articles.c.source_id)
            .order_by(articles.c.sort_at.desc(), articles.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [Headline(*row) for row in connection.execute(query).all()]

    def _articles(self, *conditions: sa.ColumnElement[bool], limit: int) -> list[StoredArticle]:
        query = (
            sa.select(articles, sources.c.slug, sources.c.name, sources.c.name_fr)
            .join(sources, sources.c.id == articles.c.source_id)
            .where(*conditions)
            .order_by(articles.c.sort_at.desc(), articles.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
            ids = [row["id"] for row in rows]
            image_rows = (
                connection.execute(
                    sa.select(images)
                    .where(images.c.article_id.in_(ids))
                    .order_by(images.c.article_id, images.c.position)
                )
                .mappings()
                .all()
                if ids
                else []
            )
        by_article: dict[int, list[StoredImage]] = {}
        for image in image_rows:
            by_article.setdefault(image["article_id"], []).append(_stored_image(image))
        return [_stored_article(row, tuple(by_article.get(row["id"], []))) for row in rows]


def encode_cursor(article: StoredArticle) -> str:
    payload = json.dumps([article.sort_at.isoformat(), article.id]).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        sort_at, last_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        value = datetime.fromisoformat(sort_at)
        if value.tzinfo is None or not isinstance(last_id, int):
            raise ValueError(cursor)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise QueryError("the cursor is not one nashra gave", code="query.cursor") from None
    return value, last_id


def blocks_of(stored: Sequence[dict[str, Any]]) -> tuple[Block, ...]:
    """Blocks as stored (JSON) back to `Block` values."""
    result = []
    for raw in stored:
        kind = raw.get("type")
        if kind == "list":
            result.append(Block("list", items=tuple(raw.get("items", ()))))
        elif kind == "image":
            result.append(Block("image", image=raw.get("image")))
        elif kind in ("paragraph", "heading", "quote"):
            result.append(Block(kind, text=str(raw.get("text", ""))))
    return tuple(result)


def _stored_image(row: sa.RowMapping) -> StoredImage:
    return StoredImage(
        id=row["id"],
        src=row["src"],
        alt=row["alt"],
        caption=row["caption"],
        width=row["width"],
        height=row["height"],
        hidden=bool(row["hidden"]),
    )


def _source(row: sa.RowMapping, source_feeds: tuple[Feed, ...]) -> Source:
    return Source(
        id=row["id"],
        slug=row["slug"],
        name=row["name"],
        name_fr=row["name_fr"],
        homepage=row["homepage"],
        language=row["language"],
        country=row["country"],
        timezone=row["timezone"],
        feeds=source_feeds,
    )


def _feed(row: sa.RowMapping) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        kind=row["kind"],
        health=FeedHealth(
            status=row["status"],
            last_fetched_at=row["last_fetched_at"],
            last_error_code=row["last_error_code"],
            last_error=row["last_error"],
            consecutive_failures=row["consecutive_failures"],
            next_check_at=row["next_check_at"],
        ),
    )


def _stored_article(row: sa.RowMapping, article_images: tuple[StoredImage, ...]) -> StoredArticle:
    return StoredArticle(
        id=row["id"],
        source=SourceRef(row["source_id"], row["slug"], row["name"], row["name_fr"]),
        url=row["url"],
        canonical_url=row["url_key"],
        title=row["title"],
        subtitle=row["subtitle"],
        highlights=tuple(row["highlights"] or ()),
        blocks=tuple(row["blocks"] or ()),
        text=row["text"],
        author=row["author"],
        section=row["section"],
        category=row["category"],
        language=row["language"],
        direction=row["direction"],
        published_at=row["published_at"],
        published_text=row["published_text"],
        date_confidence=row["date_confidence"],
        fetched_at=row["fetched_at"],
        sort_at=row["sort_at"],
        story_id=row["story_id"],
        duplicate_of=row["duplicate_of"],
        images=article_images,
    )


__all__ = [
    "DueFeed",
    "Headline",
    "Image",
    "SourceRef",
    "Store",
    "StoredArticle",
    "StoredImage",
    "UrlFailure",
    "blocks_of",
    "content_hash",
]
