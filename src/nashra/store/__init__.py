"""Storage: SQLAlchemy Core tables, Alembic migrations and the queries nashra runs."""

from nashra.store.store import (
    DueFeed,
    Headline,
    SourceRef,
    Store,
    StoredArticle,
    StoredImage,
    UrlFailure,
    content_hash,
)

__all__ = [
    "DueFeed",
    "Headline",
    "SourceRef",
    "Store",
    "StoredArticle",
    "StoredImage",
    "UrlFailure",
    "content_hash",
]
