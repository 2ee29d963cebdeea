"""The SSRF guard's rules: which addresses nashra may connect to, and how URL hosts are read.

nashra fetches URLs that strangers control (feed entries, redirects, image sources), so a
URL must never make it talk to the machine it runs on, its private network or a cloud
metadata service. This module holds the pure rules; `fetch.backend` applies them at connect
time to every address a host resolves to, on every redirect hop.

Address policy (`is_blocked_address`), in order:
1. Unparseable text is blocked (fail closed).
2. IPv4: loopback 127.0.0.0/8 is allowed only with `allow_loopback`; every other
   special-purpose block of the IANA registry is refused (this-network 0/8, private 10/8,
   172.16/12, 192.168/16, CGNAT 100.64/10, link-local 169.254/16 with the cloud metadata
   address, IETF/documentation/benchmark ranges, 6to4 relay anycast, multicast 224/4,
   reserved 240/4, broadcast), and so is anything Python does not call global.
3. IPv6: `::1` follows the loopback rule; IPv4-mapped (::ffff:0:0/96), 6to4 (2002::/16)
   and NAT64 (64:ff9b::/96) addresses are judged by the IPv4 address they embed, with
   loopback never allowed there (the loopback exception is for the literal loopback
   addresses only); Teredo and the rest of 2001::/23, documentation prefixes, unique-local
   fc00::/7, link-local fe80::/10, multicast and anything outside global unicast 2000::/3
   are refused.

URL hosts are read the way browsers read them (WHATWG URL standard): percent-decoded,
compatibility-normalised and lower-cased, and a host whose last label is a number is an
IPv4 address in any of the legacy spellings (`2130706433`, `0x7f000001`, `0177.0.0.1`,
`127.1`). `normalize_url` rewrites such hosts to dotted decimal, so what is checked is what
a browser would have connected to.

Error codes: `fetch.bad_url` (no host, an invalid numeric host, unparseable URL),
`fetch.bad_scheme` (anything but http/https), `fetch.blocked_address` (`BlockedAddressError`).
"""

from __future__ import annotations

import ipaddress
import unicodedata
import urllib.parse
from typing import Final

from nashra.errors import BlockedAddressError, FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES: Final = frozenset({"http", "https"})

LOOPBACK_V4: Final = ipaddress.IPv4Network("127.0.0.0/8")
LOOPBACK_V6: Final = ipaddress.IPv6Address("::1")

# IANA IPv4 special-purpose registry entries that are not reachable public hosts.
BLOCKED_V4: Final = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        "0.0.0.0/8",  # "this network"; 0.0.0.0 reaches the local machine on Linux
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # carrier-grade NAT, the provider's internal network
        "127.0.0.0/8",  # loopback (allowed separately when asked)
        "169.254.0.0/16",  # link-local, includes the cloud metadata service 169.254.169.254
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation (TEST-NET-1)
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation (TEST-NET-2)
        "203.0.113.0/24",  # documentation (TEST-NET-3)
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, includes broadcast 255.255.255.255
    )
)

GLOBAL_UNICAST_V6: Final = ipaddress.IPv6Network("2000::/3")
IPV4_MAPPED: Final = ipaddress.IPv6Network("::ffff:0:0/96")
NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")
SIX_TO_FOUR: Final = ipaddress.IPv6Network("2002::/16")
# Inside global unicast, still not a public host.
BLOCKED_V6: Final = tuple(
    ipaddress.IPv6Network(net)
    for net in (
        "2001::/23",  # IETF protocol assignments: Teredo 2001::/32, ORCHID, benchmarking
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation (RFC 9637)
    )
)

# WHATWG "forbidden domain code points" beyond what urllib already rejects; a host
# containing them after percent-decoding is not a valid host.
FORBIDDEN_HOST_CHARACTERS: Final = frozenset("\x00\t\n\r #/:<>?@[\\]^|%")
# UTS 46 maps these full stops to "." before a host is parsed.
IDEOGRAPHIC_FULL_STOPS: Final = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def is_blocked_address(ip: str, *, allow_loopback: bool) -> bool:
    """Whether nashra must refuse to connect to `ip` (text form, IPv4 or IPv6)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return True
    return _blocked(address, allow_loopback=allow_loopback)


def _blocked(address: IPAddress, *, allow_loopback: bool) -> bool:
    if isinstance(address, ipaddress.IPv4Address):
        return _blocked_v4(address, allow_loopback=allow_loopback)
    return _blocked_v6(address, allow_loopback=allow_loopback)


def _blocked_v4(address: ipaddress.IPv4Address, *, allow_loopback: bool) -> bool:
    if address in LOOPBACK_V4:
        return not allow_loopback
    if any(address in network for network in BLOCKED_V4):
        return True
    return not address.is_global


def _blocked_v6(address: ipaddress.IPv6Address, *, allow_loopback: bool) -> bool:
    if address.scope_id:
        # A zone index only means something for link-local and multicast, both refused.
        return True
    if address == LOOPBACK_V6:
        return not allow_loopback
    embedded = _embedded_v4(address)
    if embedded is not None:
        return _blocked_v4(embedded, allow_loopback=False)
    if address not in GLOBAL_UNICAST_V6:
        return True
    if any(address in network for network in BLOCKED_V6):
        return True
    return not address.is_global


def _embedded_v4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, NAT64 or 6to4 address leads to, if it is one."""
    if address in IPV4_MAPPED or address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in SIX_TO_FOUR:
        return ipaddress.IPv4Address((int(address) >> 80) & 0xFFFFFFFF)
    return None


def check_address(ip: str, *, allow_loopback: bool, host: str) -> None:
    """Raise `BlockedAddressError` when `ip` (an address `host` stands for) is refused."""
    if is_blocked_address(ip, allow_loopback=allow_loopback):
        shown = host if host == ip else f"{host} ({ip})"
        raise BlockedAddressError(f"refusing to connect to a non-public address: {shown}")


def check_literal_host(host: str, *, allow_loopback: bool) -> None:
    """Refuse a URL host that is itself a blocked address, before anything is sent."""
    literal = parse_host_literal(host)
    if literal is not None:
        check_address(str(literal), allow_loopback=allow_loopback, host=host)


def parse_host_literal(host: str) -> IPAddress | None:
    """The address a URL host denotes by itself, or None when it is a name to resolve.

    `host` is the host as it appears in a URL or as httpx hands it to the network backend
    (IPv6 without brackets). Raises `FetchError(fetch.bad_url)` for a host that ends in a
    number but is not a valid IPv4 address: browsers refuse those too.
    """
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise FetchError(f"invalid IPv6 address {host!r}", code="fetch.bad_url") from None
    return parse_whatwg_ipv4(host)


def parse_whatwg_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """WHATWG URL "ends in a number" check and IPv4 parser, for an already-lowered host."""
    if not _ends_in_number(host):
        return None
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    numbers = [_ipv4_number(part) for part in parts] if len(parts) <= 4 else [None]
    if any(number is None for number in numbers):
        raise FetchError(f"invalid IPv4 address {host!r}", code="fetch.bad_url")
    values = [number for number in numbers if number is not None]
    if any(value > 255 for value in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        raise FetchError(f"IPv4 address out of range {host!r}", code="fetch.bad_url")
    address = values[-1]
    for index, value in enumerate(values[:-1]):
        address += value * 256 ** (3 - index)
    return ipaddress.IPv4Address(address)


def _ends_in_number(host: str) -> bool:
    parts = host.split(".")
    if parts[-1] == "":
        if len(parts) == 1:
            return False
        parts.pop()
    last = parts[-1]
    if last and last.isascii() and last.isdigit():
        return True
    return _ipv4_number(last) is not None


def _ipv4_number(part: str) -> int | None:
    """One dotted part: decimal, octal with a leading 0, or hex with 0x; None if invalid."""
    if part == "":
        return None
    radix = 10
    if part[:2] in ("0x", "0X"):
        part, radix = part[2:], 16
    elif len(part) > 1 and part[0] == "0":
        part, radix = part[1:], 8
    if part == "":
        return 0
    digits = "0123456789abcdef"[:radix]
    if not all(character in digits for character in part.lower()):
        return None
    return int(part, radix)


def normalize_url(url: str) -> str:
    """Check the scheme and host of `url` and spell a numeric host the way browsers do.

    Returns the URL with its host percent-decoded, compatibility-normalised and lower-cased,
    an IPv4 host in dotted decimal, and no fragment (never sent to a server). Raises
    `fetch.bad_scheme` or `fetch.bad_url`.
    """
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}", code="fetch.bad_url") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(
            f"only http and https URLs are fetched, not {url!r}", code="fetch.bad_scheme"
        )
    raw_host = parts.hostname
    if not raw_host:
        raise FetchError(f"URL has no host: {url!r}", code="fetch.bad_url")
    host = _normalize_host(raw_host)
    literal = parse_host_literal(host)
    if isinstance(literal, ipaddress.IPv6Address):
        host = f"[{literal.compressed}]"
    elif literal is not None:
        host = str(literal)
    netloc = host if port is None else f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    return urllib.parse.urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _normalize_host(host: str) -> str:
    if ":" in host:
        return host.lower()
    decoded = urllib.parse.unquote(host)
    normalized = unicodedata.normalize("NFKC", decoded).translate(IDEOGRAPHIC_FULL_STOPS)
    normalized = normalized.lower()
    if any(character in FORBIDDEN_HOST_CHARACTERS for character in normalized):
        raise FetchError(f"invalid host {host!r}", code="fetch.bad_url")
    return normalized
