"""The SSRF guard: address rules, browser-style host parsing, and refusal at connect time."""

from __future__ import annotations

import ipaddress

import pytest

from nashra.errors import BlockedAddressError, FetchError
from nashra.fetch import Fetcher, is_blocked_address, normalize_url
from nashra.fetch.guard import parse_whatwg_ipv4
from nashra.settings import Settings

from .conftest import TEST_TIMEOUTS
from .servers import PUBLIC_TEST_IP, LoopbackOnlyBackend, RawServer, RecordingResolver, static

HOSTILE_ADDRESSES = [
    "169.254.169.254",  # cloud metadata
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "100.64.0.1",  # CGNAT
    "0.0.0.0",
    "255.255.255.255",
    "224.0.0.1",  # multicast
    "240.0.0.1",  # reserved
    "192.0.2.10",  # documentation
    "198.18.0.1",  # benchmarking
    "::",
    "::ffff:127.0.0.1",  # IPv4-mapped loopback
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%2",
    "ff02::1",
    "2002:a9fe:a9fe::1",  # 6to4 around 169.254.169.254
    "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
    "64:ff9b::7f00:1",  # NAT64 around 127.0.0.1
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "2001:db8::1",  # documentation
    "100::1",  # discard-only
    "not an address",
]
LOOPBACK_ADDRESSES = ["127.0.0.1", "127.8.9.10", "::1"]
PUBLIC_ADDRESSES = [
    PUBLIC_TEST_IP,
    "8.8.8.8",
    "2a00:1450:4007:80e::200e",
    "2002:0808:0808::1",
    "64:ff9b::808:808",
]
ODD_LOOPBACK_SPELLINGS = ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.1", "127.0.0.1."]


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES)
def test_hostile_address_is_blocked_even_when_private_hosts_are_allowed(address: str) -> None:
    assert is_blocked_address(address, allow_loopback=False)
    assert is_blocked_address(address, allow_loopback=True)


@pytest.mark.parametrize("address", LOOPBACK_ADDRESSES)
def test_loopback_is_blocked_unless_allowed(address: str) -> None:
    assert is_blocked_address(address, allow_loopback=False)
    assert not is_blocked_address(address, allow_loopback=True)


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_public_address_is_allowed(address: str) -> None:
    assert not is_blocked_address(address, allow_loopback=False)


@pytest.mark.parametrize("host", ODD_LOOPBACK_SPELLINGS)
def test_numeric_host_spellings_are_read_as_browsers_read_them(host: str) -> None:
    assert parse_whatwg_ipv4(host) == ipaddress.IPv4Address("127.0.0.1")


@pytest.mark.parametrize("host", ["news.example", "el-massa.com", "1x.example", "example.0xg"])
def test_domain_names_are_not_numeric_hosts(host: str) -> None:
    assert parse_whatwg_ipv4(host) is None


@pytest.mark.parametrize(
    "host", ["1.2.3.4.5", "256.1.1.1", "1.2.3.09", "0x100000000", "example.0x"]
)
def test_invalid_numeric_host_is_a_bad_url(host: str) -> None:
    with pytest.raises(FetchError) as caught:
        parse_whatwg_ipv4(host)
    assert caught.value.code == "fetch.bad_url"


@pytest.mark.parametrize(
    ("url", "normalized"),
    [
        ("http://0177.0.0.1:8080/x?y=1#frag", "http://127.0.0.1:8080/x?y=1"),
        ("HTTP://2130706433", "http://127.0.0.1/"),
        ("http://%31%32%37.0.0.1/", "http://127.0.0.1/"),
        ("http://１２７.０.０.１/", "http://127.0.0.1/"),
        ("http://[::FFFF:7f00:1]/", "http://[::ffff:7f00:1]/"),
        ("https://News.Example/مقال", "https://news.example/مقال"),
    ],
)
def test_urls_are_normalized_before_checking(url: str, normalized: str) -> None:
    assert normalize_url(url) == normalized


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://news.example/", "gopher://x/"])
def test_non_http_scheme_is_refused(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        normalize_url(url)
    assert caught.value.code == "fetch.bad_scheme"


@pytest.mark.parametrize("url", ["http:///path", "http://host:99999/", "http://a b/"])
def test_url_without_a_valid_host_is_refused(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        normalize_url(url)
    assert caught.value.code == "fetch.bad_url"


@pytest.mark.anyio
@pytest.mark.parametrize(
    "answers",
    [
        ["169.254.169.254"],
        ["10.0.0.1"],
        ["::ffff:127.0.0.1"],
        ["127.0.0.1"],
        ["100.64.0.1"],
        ["fe80::1"],
        ["2002:a9fe:a9fe::1"],
        ["64:ff9b::a00:1"],
        [PUBLIC_TEST_IP, "10.0.0.1"],  # every resolved address counts, not just the first
    ],
)
async def test_name_resolving_to_a_blocked_address_is_refused_before_connecting(
    strict_settings: Settings, answers: list[str]
) -> None:
    backend = LoopbackOnlyBackend()
    resolver = RecordingResolver({"news.example": answers})
    async with Fetcher(
        strict_settings, resolver=resolver, network_backend=backend, timeout=TEST_TIMEOUTS
    ) as fetcher:
        with pytest.raises(BlockedAddressError) as caught:
            await fetcher.get("http://news.example/article", respect_robots=False)
    assert caught.value.code == "fetch.blocked_address"
    assert resolver.questions == ["news.example"]
    assert backend.addresses == []


@pytest.mark.anyio
@pytest.mark.parametrize("address", ["169.254.169.254", "10.0.0.1", "::ffff:127.0.0.1"])
async def test_private_hosts_setting_allows_loopback_only(settings: Settings, address: str) -> None:
    backend = LoopbackOnlyBackend()
    resolver = RecordingResolver({"news.example": [address]})
    async with Fetcher(
        settings, resolver=resolver, network_backend=backend, timeout=TEST_TIMEOUTS
    ) as fetcher:
        with pytest.raises(BlockedAddressError):
            await fetcher.get("http://news.example/", respect_robots=False)
    assert backend.addresses == []


@pytest.mark.anyio
async def test_connection_goes_to_the_checked_address_not_the_name(
    strict_settings: Settings,
) -> None:
    backend = LoopbackOnlyBackend()
    # A rebinding DNS: public for the check, internal if it were asked a second time.
    answers = iter([[PUBLIC_TEST_IP], ["10.0.0.1"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    async with (
        RawServer({"/": static(b"<p>ok</p>")}) as srv,
        Fetcher(
            strict_settings, resolver=rebinding, network_backend=backend, timeout=TEST_TIMEOUTS
        ) as fetcher,
    ):
        result = await fetcher.get(srv.url("/", host="news.example"), respect_robots=False)
    assert result.content == b"<p>ok</p>"
    assert backend.addresses == [PUBLIC_TEST_IP]


@pytest.mark.anyio
@pytest.mark.parametrize("spelling", ODD_LOOPBACK_SPELLINGS)
async def test_odd_loopback_spelling_is_refused_without_dns(
    strict_settings: Settings, spelling: str
) -> None:
    backend = LoopbackOnlyBackend()
    resolver = RecordingResolver({})
    async with Fetcher(
        strict_settings, resolver=resolver, network_backend=backend, timeout=TEST_TIMEOUTS
    ) as fetcher:
        with pytest.raises(BlockedAddressError):
            await fetcher.get(f"http://{spelling}/", respect_robots=False)
    assert resolver.questions == []
    assert backend.addresses == []


@pytest.mark.anyio
@pytest.mark.parametrize("spelling", ODD_LOOPBACK_SPELLINGS)
async def test_odd_loopback_spelling_reaches_127_0_0_1_when_allowed(
    settings: Settings, spelling: str
) -> None:
    backend = LoopbackOnlyBackend()
    resolver = RecordingResolver({})
    async with (
        RawServer({"/": static(b"<p>ok</p>")}) as srv,
        Fetcher(
            settings, resolver=resolver, network_backend=backend, timeout=TEST_TIMEOUTS
        ) as fetcher,
    ):
        result = await fetcher.get(f"http://{spelling}:{srv.port}/", respect_robots=False)
    assert result.content == b"<p>ok</p>"
    assert result.url == srv.url("/")
    assert resolver.questions == []
    assert backend.addresses == ["127.0.0.1"]


@pytest.mark.anyio
async def test_guard_applies_to_clients_used_directly(strict_settings: Settings) -> None:
    from nashra.fetch import make_client

    backend = LoopbackOnlyBackend()
    resolver = RecordingResolver({"metadata.example": ["169.254.169.254"]})
    async with make_client(strict_settings, resolver=resolver, network_backend=backend) as client:
        with pytest.raises(BlockedAddressError):
            await client.get("http://metadata.example/latest/meta-data/", follow_redirects=True)
        with pytest.raises(BlockedAddressError):
            await client.get("http://0x7f000001/")
    assert backend.addresses == []
