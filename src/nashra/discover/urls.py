"""URL canonicalization: one article = one URL.

Every URL that leaves `nashra.discover` (feed items, sitemap entries, links found on
pages) goes through `canonicalize_url`, so the store can key articles on it. The steps, in
order:

1. strip surrounding whitespace and control characters, drop tabs and newlines anywhere
   (as browsers do), resolve against `base`;
2. keep only `http` and `https` (`javascript:`, `data:`, `file:`, `mailto:`, `ftp:` ... are
   refused), with a non-empty host;
3. lower-case scheme and host, drop user info and a trailing dot, IDN hosts to punycode
   (IDNA 2008 with UTS 46 mapping), drop the scheme's default port;
4. percent-encoding normalised: escapes of unreserved ASCII (`%41`, `%2D`) are decoded,
   every other escape is upper-cased, raw non-ASCII (an Arabic slug typed as letters) is
   UTF-8 percent-encoded. `%d8%a7`, `%D8%A7` and `ا` give the same URL; reserved escapes
   such as `%2F` stay escaped because decoding them would change the path;
5. path: dot segments removed, `amp` segments removed (`/amp/...`, `.../amp`), trailing
   slash removed except on the root, empty path becomes `/`;
6. query: tracking parameters (`utm_*`, `fbclid`, `gclid`, `xtor`, ...) and AMP switches
   (`?amp`, `amp=1`, `outputType=amp`) removed, the rest sorted (parameter order never
   changes what a news site serves, and sorting makes the URL order-insensitive);
7. fragment removed; the result must fit in `MAX_URL_CHARS`.

Left alone on purpose: `http` vs `https` and `www.` vs bare host (different origins that
may serve different things; the content-hash dedup catches the copies), letter case in
the path (servers are case-sensitive), `index.php` (Joomla and friends need it).

The canonical form is an identity, not always a fetchable address: a server may 404 the
slash-less form of `/2020/07/22/48246/`. `try_resolve_url` gives the URL to fetch (the
published one, absolute, checked, fragment-free); `FeedEntry.link` and `SitemapUrl.link`
carry it next to the canonical `url`.

Errors: `canonicalize_url` raises `DiscoveryError` with code `url.invalid` when the URL
cannot be made into an absolute http(s) URL; `try_canonicalize_url` returns None instead.
"""

from __future__ import annotations

import ipaddress
import re
import string
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import idna

from nashra.errors import DiscoveryError

MAX_URL_CHARS = 2048  # what browsers and sitemaps reliably carry; longer is tracking junk
HTTP_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# Exact (lower-cased) names of query parameters that only identify a campaign or a click.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "yclid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref",
        "ref_src",
        "ref_url",
        "igshid",
        "igsh",
        "xtor",
        "xtref",
        "ocid",
        "cmpid",
        "icid",
        "s_cid",
        "wt.mc_id",
        "wt_mc",
        "smid",
        "sr_share",
        "fb_action_ids",
        "fb_action_types",
        "fb_ref",
        "fb_source",
        "action_object_map",
        "action_type_map",
        "action_ref_map",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "rb_clickid",
        "__twitter_impression",
    }
)
# Prefixes of tracking parameter families: Google/Matomo/Piwik campaigns, AT Internet
# (at_medium, at_campaign, ...), comScore (ns_*), HubSpot ads (hsa_*).
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "ns_", "hsa_")
# `?amp`, `?amp=1`, `?amp=true` switch a page to its AMP copy.
AMP_SWITCH_VALUES = frozenset({None, "", "1", "true"})
AMP_SEGMENT = "amp"

# Second-level labels under which registrations happen one level deeper
# (bbc.co.uk, ahram.org.eg, alriyadh.com.sa); a stand-in for the Public Suffix List.
GENERIC_SECOND_LEVEL = frozenset(
    {"com", "net", "org", "gov", "edu", "ac", "co", "gob", "mil", "info", "nic", "sch", "or"}
)


def _escape_pattern(safe: str) -> re.Pattern[str]:
    # A run of escapes, a run of characters to encode, or a "%" that starts no escape.
    return re.compile(rf"((?:%[0-9A-Fa-f]{{2}})+)|([^{re.escape(safe)}%]+)|%")


_UNRESERVED_CHARS = string.ascii_letters + string.digits + "-._~"
_UNRESERVED = frozenset(_UNRESERVED_CHARS)
# An escape of an unreserved character: A-Z, a-z, 0-9, "-", ".", "_", "~".
_UNRESERVED_ESCAPE = re.compile(r"%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DEde]|5[Ff]|7[Ee])")
# Characters a path may carry unescaped (RFC 3986 pchar plus "/").
_PATH_ESCAPES = _escape_pattern(_UNRESERVED_CHARS + "!$&'()*+,;=:@/")
# In one query key or value: "&" and "=" are the separators, so they stay escaped.
_QUERY_ESCAPES = _escape_pattern(_UNRESERVED_CHARS + "!$'()*+,;:@/?")
# A whole query, separators included, for the URL that is fetched as published.
_FETCH_QUERY_ESCAPES = _escape_pattern(_UNRESERVED_CHARS + "!$'()*+,;:@/?&=")
_HOST_CHARS = re.compile(r"^[a-z0-9_.-]+$")
_STRIP = "".join(chr(c) for c in range(0x21))  # C0 controls and space, as WHATWG strips
_INNER_DROP = str.maketrans("", "", "\t\n\r")


def _normalize_escapes(text: str, pattern: re.Pattern[str]) -> str:
    """Percent-encoding in one canonical form: see step 4 of the module docstring."""

    def replace(match: re.Match[str]) -> str:
        escapes, run = match.groups()
        if escapes is not None:
            if _UNRESERVED_ESCAPE.search(escapes) is None:
                return escapes.upper()
            return "".join(
                chr(byte) if chr(byte) in _UNRESERVED else f"%{byte:02X}"
                for byte in bytes.fromhex(escapes.replace("%", ""))
            )
        if run is not None:
            return quote(run, safe="", errors="surrogatepass")
        return "%25"

    return pattern.sub(replace, text)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, on an absolute path."""
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _canonical_path(path: str) -> str:
    # Escapes first, so that `%2E%2E` is removed as the `..` it decodes to.
    path = _remove_dot_segments(_normalize_escapes(path or "/", _PATH_ESCAPES))
    segments = [s for s in path.split("/") if s.lower() != AMP_SEGMENT]
    path = "/".join(segments) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _is_amp_switch(key: str, value: str | None) -> bool:
    lowered = key.lower()
    if lowered == "amp":
        return value is None or value.lower() in AMP_SWITCH_VALUES
    return lowered == "outputtype" and value is not None and value.lower() == "amp"


def _canonical_query(query: str) -> str:
    pairs: list[tuple[str, str | None]] = []
    for part in query.split("&"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        norm_key = _normalize_escapes(key, _QUERY_ESCAPES)
        norm_value = _normalize_escapes(value, _QUERY_ESCAPES) if sep else None
        if not norm_key or _is_tracking(norm_key) or _is_amp_switch(norm_key, norm_value):
            continue
        pairs.append((norm_key, norm_value))
    pairs.sort(key=lambda pair: (pair[0], pair[1] or ""))
    return "&".join(key if value is None else f"{key}={value}" for key, value in pairs)


def _canonical_host(host: str) -> str | None:
    host = host.strip().rstrip(".")
    if not host:
        return None
    if host.startswith("["):
        try:
            return f"[{ipaddress.IPv6Address(host[1:-1].split('%')[0]).compressed}]"
        except ValueError:
            return None
    if "%" in host:
        return None
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError:
            return None
    host = host.lower()
    return host if _HOST_CHARS.match(host) and ".." not in host else None


def _split_netloc(netloc: str) -> tuple[str, str] | None:
    """(host, port) with user info dropped; None when malformed."""
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            return None
        host, rest = hostport[: end + 1], hostport[end + 1 :]
        if rest and not rest.startswith(":"):
            return None
        return host, rest[1:]
    host, _, port = hostport.partition(":")
    return host, port


def _http_parts(url: str, base: str | None) -> tuple[str, str, str, str] | None:
    """(scheme, host[:port], path, query) of an absolute http(s) URL; steps 1-3."""
    cleaned = url.strip(_STRIP).translate(_INNER_DROP)
    if not cleaned:
        return None
    try:
        if base:
            cleaned = urljoin(base.strip(_STRIP).translate(_INNER_DROP), cleaned)
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    netloc = _split_netloc(parts.netloc) if scheme in HTTP_SCHEMES else None
    host = _canonical_host(netloc[0]) if netloc is not None else None
    if netloc is None or host is None:
        return None
    port_text = netloc[1]
    if port_text:
        if not port_text.isdigit() or int(port_text) > 65535:
            return None
        if int(port_text) != DEFAULT_PORTS[scheme]:
            host = f"{host}:{int(port_text)}"
    return scheme, host, parts.path, parts.query


def try_canonicalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of `url` (resolved against `base`), or None if it has none."""
    parts = _http_parts(url, base)
    if parts is None:
        return None
    scheme, host, path, query = parts
    canonical = urlunsplit((scheme, host, _canonical_path(path), _canonical_query(query), ""))
    return canonical if len(canonical) <= MAX_URL_CHARS else None


def try_resolve_url(url: str, base: str | None = None) -> str | None:
    """`url` as published, made absolute and safe to fetch; None if not http(s).

    Steps 1-3 and 7 of the canonical form (scheme and host checked and normalised, user
    info and fragment dropped, percent-encoding made valid) but the path and query as the
    site wrote them: some servers answer `/2020/07/22/48246/` and 404 `/2020/07/22/48246`,
    so this is the URL to fetch, and `try_canonicalize_url` the one to key on.
    """
    parts = _http_parts(url, base)
    if parts is None:
        return None
    scheme, host, path, query = parts
    resolved = urlunsplit(
        (
            scheme,
            host,
            _normalize_escapes(path or "/", _PATH_ESCAPES),
            _normalize_escapes(query, _FETCH_QUERY_ESCAPES),
            "",
        )
    )
    return resolved if len(resolved) <= MAX_URL_CHARS else None


def canonicalize_url(url: str, base: str | None = None) -> str:
    """The canonical form of `url`; raises `DiscoveryError` (`url.invalid`) if it has none."""
    canonical = try_canonicalize_url(url, base)
    if canonical is None:
        shown = url if len(url) <= 200 else url[:200] + "..."
        raise DiscoveryError(f"not an absolute http(s) URL: {shown!r}", code="url.invalid")
    return canonical


def registrable_domain(host: str) -> str:
    """The part of `host` a site registers: `www.elkhabar.com` -> `elkhabar.com`.

    A heuristic instead of the Public Suffix List: two labels, or three under a generic
    second level with a two-letter country code (`bbc.co.uk`, `ahram.org.eg`). Hosting
    platforms whose subdomains are separate sites (`*.blogspot.com`) count as one site.
    """
    host = host.lower().rstrip(".").partition(":")[0] if not host.startswith("[") else host
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return host
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in GENERIC_SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
