"""Putting registries into a store: imports, and the bundled registry for a new install.

Every write is an upsert in one transaction: importing the same registry twice changes
nothing, and an import that fails leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Iterable

from nashra.models import Source
from nashra.sources.registry import bundled_registry
from nashra.store import Store


def add_sources(store: Store, sources: Iterable[Source]) -> int:
    """Create or update `sources` (and add their feeds); returns how many were written."""
    return len(store.upsert_sources(sources))


def ensure_sources(store: Store) -> int:
    """Load the bundled registry into a store that has no source; returns how many were added.

    A store with at least one source is the user's choice and is left alone.
    """
    if store.list_sources():
        return 0
    return add_sources(store, bundled_registry().sources)
