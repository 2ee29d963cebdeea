"""The schema: SQLAlchemy Core tables, one definition for SQLite and PostgreSQL.

Alembic migrations (`store/migrations`) create these tables; this module is what queries
import. Unique keys make ingest idempotent: an article is identified by its canonical URL
(`url_key`), and one paper cannot store the same text twice (`source_id`, `content_hash`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on both databases.

    SQLite keeps no offset, so values are normalised to UTC before writing and given
    the UTC zone back when read.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(100), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_fr", sa.String(200)),
    sa.Column("homepage", sa.String(2048), nullable=False),
    sa.Column("language", sa.String(10), nullable=False),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("timezone", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # When nashra last looked for the source's feeds on its home page.
    sa.Column("discovered_at", UTCDateTime),
)

feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("url", sa.String(2048), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="ok"),
    sa.Column("etag", sa.String(512)),
    sa.Column("last_modified", sa.String(128)),
    sa.Column("last_fetched_at", UTCDateTime),
    sa.Column("last_success_at", UTCDateTime),
    sa.Column("last_error_code", sa.String(64)),
    sa.Column("last_error", sa.Text),
    sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_check_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("url", sa.String(2048), nullable=False),
    sa.Column("url_key", sa.String(2048), nullable=False, unique=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("subtitle", sa.Text),
    sa.Column("highlights", sa.JSON, nullable=False),
    sa.Column("blocks", sa.JSON, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.String(300)),
    sa.Column("section", sa.String(200)),
    sa.Column("category", sa.String(64)),
    sa.Column("language", sa.String(10)),
    sa.Column("direction", sa.String(3), nullable=False),
    sa.Column("published_at", UTCDateTime),
    sa.Column("published_text", sa.String(200)),
    sa.Column("date_confidence", sa.Float, nullable=False, server_default="0"),
    sa.Column("fetched_at", UTCDateTime, nullable=False),
    # published_at when known, else fetched_at: the one column lists sort and paginate on.
    sa.Column("sort_at", UTCDateTime, nullable=False),
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="SET NULL")),
    sa.Column("duplicate_of", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL")),
    sa.UniqueConstraint("source_id", "content_hash", name="uq_articles_source_content"),
    sa.Index("ix_articles_sort", "sort_at", "id"),
    sa.Index("ix_articles_url", "url"),
    sa.Index("ix_articles_source_sort", "source_id", "sort_at", "id"),
)

images = sa.Table(
    "images",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("src", sa.String(2048), nullable=False),
    sa.Column("alt", sa.Text, nullable=False, server_default=""),
    sa.Column("caption", sa.Text, nullable=False, server_default=""),
    sa.Column("width", sa.Integer),
    sa.Column("height", sa.Integer),
    sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("article_id", "position", name="uq_images_article_position"),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("headline", sa.Text, nullable=False),
    sa.Column("category", sa.String(64)),
    sa.Column("first_seen", UTCDateTime, nullable=False),
    sa.Column("last_seen", UTCDateTime, nullable=False),
    sa.Column("score", sa.Float, nullable=False, server_default="0"),
)

# Per-URL failures (a page that is not HTML, an article with no date...), recorded
# against their source so the run goes on and the papers page can show them.
url_failures = sa.Table(
    "url_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="SET NULL")),
    sa.Column("url", sa.String(2048), nullable=False),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
    sa.Column("first_seen", UTCDateTime, nullable=False),
    sa.Column("last_seen", UTCDateTime, nullable=False),
    sa.UniqueConstraint("source_id", "url", name="uq_url_failures_source_url"),
)
