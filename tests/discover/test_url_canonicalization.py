"""canonicalize_url: one article = one URL. Table-driven: input, base, canonical form."""

from __future__ import annotations

import pytest

from nashra.discover import (
    canonicalize_url,
    registrable_domain,
    try_canonicalize_url,
    try_resolve_url,
)
from nashra.errors import DiscoveryError

BASE = "https://www.example-news.dz/ar/national/index.html"
ARABIC_SLUG = "%D8%A7%D9%84%D8%AC%D8%B2%D8%A7%D8%A6%D8%B1"  # الجزائر, UTF-8 percent-encoded

CANONICAL = [
    # (case, input, base, expected)
    (
        "scheme and host lower-cased",
        "HTTPS://WWW.Example-News.DZ/Ar",
        None,
        "https://www.example-news.dz/Ar",
    ),
    (
        "default https port dropped",
        "https://example-news.dz:443/a",
        None,
        "https://example-news.dz/a",
    ),
    ("default http port dropped", "http://example-news.dz:80/a", None, "http://example-news.dz/a"),
    ("other port kept", "https://example-news.dz:8443/a", None, "https://example-news.dz:8443/a"),
    ("fragment removed", "https://example-news.dz/a#comments", None, "https://example-news.dz/a"),
    (
        "utm parameters removed",
        "https://example-news.dz/a?utm_source=fb&utm_medium=social",
        None,
        "https://example-news.dz/a",
    ),
    (
        "click ids removed",
        "https://example-news.dz/a?fbclid=X&gclid=Y&yclid=Z&msclkid=W",
        None,
        "https://example-news.dz/a",
    ),
    (
        "mailchimp and analytics removed",
        "https://example-news.dz/a?mc_cid=1&mc_eid=2&_ga=3",
        None,
        "https://example-news.dz/a",
    ),
    (
        "referrer params removed",
        "https://example-news.dz/a?ref=tw&ref_src=twsrc&igshid=9",
        None,
        "https://example-news.dz/a",
    ),
    (
        "AT Internet params removed",
        "https://example-news.dz/a?xtor=RSS-1&at_medium=x&at_campaign=y",
        None,
        "https://example-news.dz/a",
    ),
    (
        "meaningful params kept and sorted",
        "https://example-news.dz/a?z=1&id=5&utm_term=q&a=2",
        None,
        "https://example-news.dz/a?a=2&id=5&z=1",
    ),
    (
        "param order does not matter",
        "https://example-news.dz/index.php?view=article&id=77&option=x",
        None,
        "https://example-news.dz/index.php?id=77&option=x&view=article",
    ),
    ("empty query removed", "https://example-news.dz/a?", None, "https://example-news.dz/a"),
    (
        "amp path segment removed",
        "https://example-news.dz/amp/ar/national/123-slug",
        None,
        "https://example-news.dz/ar/national/123-slug",
    ),
    (
        "trailing amp removed",
        "https://example-news.dz/ar/123-slug/amp/",
        None,
        "https://example-news.dz/ar/123-slug",
    ),
    (
        "bare ?amp removed",
        "https://example-news.dz/ar/123-slug?amp",
        None,
        "https://example-news.dz/ar/123-slug",
    ),
    (
        "amp=1 removed",
        "https://example-news.dz/ar/123-slug?amp=1&id=3",
        None,
        "https://example-news.dz/ar/123-slug?id=3",
    ),
    (
        "outputType=amp removed",
        "https://example-news.dz/ar/123?outputType=amp",
        None,
        "https://example-news.dz/ar/123",
    ),
    (
        "trailing slash removed",
        "https://example-news.dz/ar/national/",
        None,
        "https://example-news.dz/ar/national",
    ),
    ("root keeps its slash", "https://example-news.dz", None, "https://example-news.dz/"),
    (
        "dot segments resolved",
        "https://example-news.dz/a/./b/../c",
        None,
        "https://example-news.dz/a/c",
    ),
    (
        "encoded dot segments resolved",
        "https://example-news.dz/a/%2e%2E/c",
        None,
        "https://example-news.dz/c",
    ),
    (
        "raw Arabic slug percent-encoded",
        "https://example-news.dz/ar/الجزائر",
        None,
        f"https://example-news.dz/ar/{ARABIC_SLUG}",
    ),
    (
        "lower-case escapes upper-cased",
        f"https://example-news.dz/ar/{ARABIC_SLUG.lower()}",
        None,
        f"https://example-news.dz/ar/{ARABIC_SLUG}",
    ),
    (
        "escaped unreserved decoded",
        "https://example-news.dz/%7Euser/%41rticle-%31",
        None,
        "https://example-news.dz/~user/Article-1",
    ),
    (
        "escaped slash kept escaped",
        "https://example-news.dz/a%2fb",
        None,
        "https://example-news.dz/a%2Fb",
    ),
    ("space encoded", "https://example-news.dz/a b", None, "https://example-news.dz/a%20b"),
    (
        "stray percent encoded",
        "https://example-news.dz/100%",
        None,
        "https://example-news.dz/100%25",
    ),
    (
        "Arabic query value normalised",
        "https://example-news.dz/search2?w=الجزائر",
        None,
        f"https://example-news.dz/search2?w={ARABIC_SLUG}",
    ),
    (
        "IDN host to punycode",
        "https://مثال.إختبار/خبر",
        None,
        "https://xn--mgbh0fb.xn--kgbechtv/%D8%AE%D8%A8%D8%B1",
    ),
    (
        "user info dropped",
        "https://user:secret@example-news.dz/a",
        None,
        "https://example-news.dz/a",
    ),
    (
        "trailing dot of host dropped",
        "https://example-news.dz./a",
        None,
        "https://example-news.dz/a",
    ),
    (
        "surrounding whitespace stripped",
        "  https://example-news.dz/a \n",
        None,
        "https://example-news.dz/a",
    ),
    (
        "tabs and newlines inside dropped",
        "https://example-\nnews.dz/a\t/b",
        None,
        "https://example-news.dz/a/b",
    ),
    (
        "relative path resolved",
        "123-slug",
        BASE,
        "https://www.example-news.dz/ar/national/123-slug",
    ),
    ("root-relative resolved", "/ar/sport/9", BASE, "https://www.example-news.dz/ar/sport/9"),
    ("scheme-relative resolved", "//cdn.example-news.dz/a", BASE, "https://cdn.example-news.dz/a"),
    ("IPv6 host kept", "http://[::1]:8080/a", None, "http://[::1]:8080/a"),
    ("http is not upgraded", "http://example-news.dz/a", None, "http://example-news.dz/a"),
    ("www is not removed", "https://www.example-news.dz/a", None, "https://www.example-news.dz/a"),
]


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [case[1:] for case in CANONICAL],
    ids=[case[0] for case in CANONICAL],
)
def test_canonical_form(url: str, base: str | None, expected: str) -> None:
    assert canonicalize_url(url, base) == expected


def test_percent_encoded_and_raw_arabic_slug_give_one_url() -> None:
    assert canonicalize_url("https://example-news.dz/ar/الجزائر") == canonicalize_url(
        "https://example-news.dz/ar/%d8%a7%d9%84%d8%ac%d8%b2%d8%a7%d8%a6%d8%b1/"
    )


@pytest.mark.parametrize("url", [c[3] for c in CANONICAL])
def test_canonical_form_is_a_fixed_point(url: str) -> None:
    assert canonicalize_url(url) == url


REFUSED = [
    ("javascript scheme", "javascript:alert(1)"),
    ("javascript hidden by a tab", "java\tscript:alert(1)"),
    ("data scheme", "data:text/html,<script>alert(1)</script>"),
    ("file scheme", "file:///etc/passwd"),
    ("mailto scheme", "mailto:editor@example-news.dz"),
    ("ftp scheme", "ftp://example-news.dz/a"),
    ("relative without base", "/ar/national"),
    ("empty", "   "),
    ("no host", "https:///a"),
    ("port out of range", "https://example-news.dz:99999/a"),
    ("port not numeric", "https://example-news.dz:http/a"),
    ("longer than 2048 characters", "https://example-news.dz/" + "a" * 2048),
    ("host with spaces", "https://exa mple.dz/a"),
]


@pytest.mark.parametrize("url", [c[1] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_url_raises_url_invalid(url: str) -> None:
    assert try_canonicalize_url(url) is None
    with pytest.raises(DiscoveryError) as raised:
        canonicalize_url(url)
    assert raised.value.code == "url.invalid"


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.elkhabar.com", "elkhabar.com"),
        ("sport.elkhabar.com", "elkhabar.com"),
        ("news.aps.dz", "aps.dz"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("gate.ahram.org.eg", "ahram.org.eg"),
        ("www.alriyadh.com.sa", "alriyadh.com.sa"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


RESOLVED = [
    ("trailing slash kept", "/2020/07/22/48246/", "https://www.example-news.dz/2020/07/22/48246/"),
    (
        "query kept as written",
        "/a?utm_source=x&b=2",
        "https://www.example-news.dz/a?utm_source=x&b=2",
    ),
    ("fragment dropped", "/a#comments", "https://www.example-news.dz/a"),
    (
        "raw Arabic percent-encoded",
        "/ar/الجزائر/",
        f"https://www.example-news.dz/ar/{ARABIC_SLUG}/",
    ),
    (
        "host lower-cased, default port dropped",
        "HTTPS://WWW.Example-News.DZ:443/A/",
        "https://www.example-news.dz/A/",
    ),
]


@pytest.mark.parametrize(
    ("url", "expected"), [case[1:] for case in RESOLVED], ids=[case[0] for case in RESOLVED]
)
def test_resolved_url_keeps_the_published_path_and_query(url: str, expected: str) -> None:
    assert try_resolve_url(url, BASE) == expected


@pytest.mark.parametrize("url", [c[1] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_resolved_url_refuses_what_canonical_refuses(url: str) -> None:
    assert try_resolve_url(url) is None
