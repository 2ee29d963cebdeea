"""The registry of newspapers: who nashra reads, in TOML and OPML, and the bundled list.

- `registry.py`: the TOML format (docs/sources.md), checked at load time;
  `load_registry(path)`, `parse_registry(text, origin=...)`, `bundled_registry()`,
  `check_source(source, origin=...)`;
- `opml.py`: OPML 2.0 export and a hostile-input-safe, idempotent import;
- `seed.py`: writing sources into a store, and `ensure_sources(store)`, which gives an
  empty store the bundled registry of real Algerian newspapers (`bundled/*.toml`).

Error codes (all `RegistryError`, a `NashraError`):
- `sources.invalid` — a registry file breaks the format, or a source is invalid (bad
  slug, URL scheme, language, country or time zone, unknown key, duplicate slug or feed,
  bad site rules); the message names the file and the source;
- `sources.unreadable` — a registry or OPML file cannot be read;
- `sources.opml_invalid` — an OPML file that is not well-formed, not OPML, carries a DTD,
  or has more outlines than nashra walks;
- `sources.opml_too_large` — an OPML file over the size cap;
- `sources.unwritable` — `nashra sources export-opml FILE` cannot write FILE.
"""

from nashra.sources.opml import OpmlImport, export_opml, load_opml, parse_opml
from nashra.sources.registry import (
    BUNDLED_DIR,
    Registry,
    RegistryError,
    bundled_registry,
    check_source,
    load_registry,
    parse_registry,
)
from nashra.sources.seed import add_sources, ensure_sources

__all__ = [
    "BUNDLED_DIR",
    "OpmlImport",
    "Registry",
    "RegistryError",
    "add_sources",
    "bundled_registry",
    "check_source",
    "ensure_sources",
    "export_opml",
    "load_opml",
    "load_registry",
    "parse_opml",
    "parse_registry",
]
