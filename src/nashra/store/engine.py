"""Opening a database: SQLite in WAL mode with one writer, or PostgreSQL.

SQLite is the embedded default. Readers run in parallel under WAL; writes go through one
lock so the crawler never meets "database is locked" inside one process, and
`busy_timeout` covers a second process (a `nashra serve` beside `nashra crawl`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from nashra.errors import ConfigError

SQLITE_BUSY_TIMEOUT_MS = 10_000  # a second process waits this long for the write lock
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def create_engine(database_url: str, **options: Any) -> sa.Engine:
    """An engine for `database_url`, configured for nashra's access pattern."""
    try:
        url = make_url(database_url)
    except sa.exc.ArgumentError:
        raise ConfigError(f"NASHRA_DATABASE_URL is not a database URL: {database_url!r}") from None
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise ConfigError(
            f"unsupported database {url.get_backend_name()!r}: use sqlite:/// or postgresql+psycopg://"
        )
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, **options)
        sa.event.listen(engine, "connect", _configure_sqlite)
        sa.event.listen(engine, "begin", _begin_sqlite)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, **options)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 module's own transaction handling is turned off so that BEGIN is ours
    # (see _begin_sqlite) and DDL runs inside transactions too.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite(connection: sa.Connection) -> None:
    connection.exec_driver_sql("BEGIN")
