"""Alembic environment: runs nashra's migrations on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from nashra.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("nashra migrations run through nashra.store.migrate(), not the alembic CLI")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
