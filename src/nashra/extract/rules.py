"""Site rules: per-paper CSS selectors, kept as data (TOML), for pages the generic path
gets wrong.

A rules file holds `[[site]]` tables; every key but `hosts` is optional and only replaces
the generic step it names:

```toml
[[site]]
hosts = ["www.example-paper.dz", "example-paper.dz"]
title = "h1.post-title"            # the headline element
subtitle = ".post-kicker"          # kicker or standfirst
body = "div.post-content"          # the element(s) holding the body, in page order
remove = [".related", ".ad-box"]   # removed before the body is read
author = ".post-author a"
section = ".breadcrumb li:nth-last-child(2) a"
date = ".post-date"                # its text is read by dates.parse_date_text
```

Selectors are checked when the file is loaded (a bad one is an error naming the site),
not when a page is extracted. The bundled `sites.toml` is the default rule book; a paper
that the generic extractor reads correctly (every demo paper) has no entry.

Error codes: `extract.bad_rules` (unreadable TOML, unknown key, invalid selector).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml.cssselect import CSSSelector, SelectorError

from nashra.errors import ExtractionError

BUNDLED_RULES = Path(__file__).with_name("sites.toml")
SELECTOR_KEYS = ("title", "subtitle", "body", "author", "section", "date")
KNOWN_KEYS = frozenset({"hosts", "remove", *SELECTOR_KEYS})


@dataclass(frozen=True)
class SiteRules:
    """Selectors overriding the generic extraction for one site."""

    hosts: tuple[str, ...] = ()
    title: str | None = None
    subtitle: str | None = None
    body: str | None = None
    author: str | None = None
    section: str | None = None
    date: str | None = None
    remove: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RuleBook:
    """All site rules, looked up by host name."""

    sites: tuple[SiteRules, ...] = ()

    def for_url(self, url: str) -> SiteRules | None:
        host = (urlsplit(url).hostname or "").lower()
        for rules in self.sites:
            if host in rules.hosts:
                return rules
        return None


def load_rules(path: Path = BUNDLED_RULES) -> RuleBook:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ExtractionError(
            f"cannot read site rules {path.name}: {error}", code="extract.bad_rules"
        ) from None
    return parse_rules(data)


def parse_rules(data: dict[str, Any]) -> RuleBook:
    sites: list[SiteRules] = []
    for entry in data.get("site", []):
        hosts = tuple(str(host).lower() for host in entry.get("hosts", []))
        label = hosts[0] if hosts else "<no hosts>"
        unknown = set(entry) - KNOWN_KEYS
        if not hosts or unknown:
            problem = f"unknown keys {sorted(unknown)}" if unknown else "no hosts"
            raise ExtractionError(f"site rules for {label}: {problem}", code="extract.bad_rules")
        selectors = {key: entry.get(key) for key in SELECTOR_KEYS}
        remove = tuple(entry.get("remove", []))
        for selector in [*[s for s in selectors.values() if s], *remove]:
            try:
                CSSSelector(selector)
            except SelectorError as error:
                raise ExtractionError(
                    f"site rules for {label}: bad selector {selector!r}: {error}",
                    code="extract.bad_rules",
                ) from None
        sites.append(SiteRules(hosts=hosts, remove=remove, **selectors))
    return RuleBook(tuple(sites))
