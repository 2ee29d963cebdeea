"""Feed parsers side by side: feedparser 6.0 vs fastfeedparser 0.6 vs nashra.parse_feed.

    .venv/bin/python bench/feeds.py [--repeat N]

The named reference is feedparser. Every parser's raw output goes through the same nashra
normalization (`entries.build_entries`: canonical http(s) URL, plain-text title and summary,
UTC date, guid, one entry per URL), so the tables compare what each parser extracts, not
formatting. The `nashra` row is `parse_feed`: fastfeedparser after nashra's pre-pass
(charset, DOCTYPE removal, entity repair), its xml:base step and its JSON Feed reader.

Corpus:
- real feeds of ../shared/data/feeds (`kind == "feed"` in feeds.json: the two nabd-sharqi
  feeds and BBC Urdu), expected values read with plain lxml XPath (skipped when absent);
- generated feeds, 50 Arabic items each: RSS 0.91, 0.92, 1.0 (RDF), 2.0, Atom 1.0,
  JSON Feed 1.0 and 1.1;
- quirk feeds (a few items each): the README's quirks and the mis-encodings nashra meets;
- hostile inputs (timed once, peak memory by tracemalloc).

Tables: correctness (feeds whose entry count is right, fields right out of
entries x 5 fields) and speed (ms per feed, items/s) on the XML feeds every parser reads.
"""

from __future__ import annotations

import argparse
import calendar
import json
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import fastfeedparser  # type: ignore[import-untyped, unused-ignore]
import feedparser
from lxml import etree

from nashra.discover.dates import parse_datetime
from nashra.discover.entries import FeedEntry, RawEntry, build_entries
from nashra.discover.feeds import parse_feed
from nashra.errors import DiscoveryError

FEEDS_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "feeds"
FEED_URL = "https://www.example-news.dz/feed"
ITEMS = 50  # a news feed's usual length: 10-50 items
FIELDS = ("url", "title", "published", "guid", "summary")
DEFAULT_REPEAT = 10  # enough for stable means; feedparser is the slow one

HEADLINES = (
    "وزير الخارجية يستقبل نظيره الروسي في الجزائر العاصمة",
    "الحكومة تُصادق على مشروع قانون المالية لسنة 2027",
    "أمطار غزيرة مرتقبة على الولايات الساحلية ابتداءً من الليلة",
    "المنتخب الوطني يفوز على ضيفه بهدفين دون رد",
    "افتتاح الطبعة الـ 25 لمعرض الكتاب الدولي «سيلا»",
    "ارتفاع أسعار النفط إلى أعلى مستوى منذ شهرين",
    "تهاقرت: انطلاق موسم جني التمور وسط توقعات بمحصول وفير",
    "وزارة التربية تعلن رزنامة الامتحانات الرسمية",
    "الرئيس يُشرف على تدشين محطة تحلية مياه البحر",
    "ندوة حول الأمن الغذائي في منطقة الساحل & شمال إفريقيا",
)
SUMMARY = "<p>{headline}.</p><p>وأكد المصدر أن العملية ستتواصل خلال الأيام المقبلة.</p>"
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
ALGIERS = timezone(timedelta(hours=1))  # feeds state local time with its offset


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    expected: tuple[dict[str, Any], ...]
    family: str  # "real", "generated", "quirk"
    xml: bool = True


# --- expected values -------------------------------------------------------------------


def _expected(entries: Sequence[FeedEntry]) -> tuple[dict[str, Any], ...]:
    return tuple({field: getattr(entry, field) for field in FIELDS} for entry in entries)


def _expect(
    raws: Sequence[tuple[str | None, str | None, str | None, datetime | None, str | None]],
) -> tuple[dict[str, Any], ...]:
    """Expected entries from (link, guid, title, published, summary markup) tuples."""
    return _expected(
        build_entries(
            RawEntry(
                link=link,
                guid=guid,
                title=title,
                published=date,
                summary_markup=summary,
                base=FEED_URL,
            )
            for link, guid, title, date, summary in raws
        )
    )


# --- real feeds ------------------------------------------------------------------------


def _xpath_text(element: etree._Element, path: str) -> str | None:
    found = element.xpath(path)
    if not found:
        return None
    first = found[0]
    return str(first) if isinstance(first, str) else "".join(first.itertext())


def _reference_entries(content: bytes, url: str) -> tuple[dict[str, Any], ...]:
    """What the feed says, read with explicit XPath (the files are simple, well-formed)."""
    root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False))
    raws: list[RawEntry] = []
    atom = "{http://www.w3.org/2005/Atom}"
    if root.tag == f"{atom}feed":
        for entry in root.iter(f"{atom}entry"):
            ns = {"a": atom[1:-1]}
            link = entry.xpath("a:link[not(@rel) or @rel='alternate']/@href", namespaces=ns)
            date = entry.xpath("a:published/text()|a:updated/text()", namespaces=ns)
            summary = entry.xpath("a:summary|a:content", namespaces=ns)
            raws.append(
                RawEntry(
                    link=str(link[0]) if link else None,
                    guid=_xpath_text(entry, "*[local-name()='id']"),
                    title=_xpath_text(entry, "*[local-name()='title']"),
                    published=parse_datetime(str(date[0])) if date else None,
                    summary_markup="".join(summary[0].itertext()) if summary else None,
                    base=url,
                )
            )
    else:
        for item in root.iter("item"):
            raws.append(
                RawEntry(
                    link=_xpath_text(item, "link"),
                    guid=_xpath_text(item, "guid"),
                    title=_xpath_text(item, "title"),
                    published=parse_datetime(_xpath_text(item, "pubDate")),
                    summary_markup=_xpath_text(item, "description"),
                    base=url,
                )
            )
    return _expected(build_entries(raws))


def real_cases() -> list[Case]:
    index = FEEDS_DIR / "feeds.json"
    if not index.is_file():
        print(f"(real feeds skipped: {FEEDS_DIR} is absent)", file=sys.stderr)
        return []
    cases = []
    for record in json.loads(index.read_text(encoding="utf-8")):
        if record["kind"] != "feed":
            continue
        content = (FEEDS_DIR / record["file"]).read_bytes()
        expected = _reference_entries(content, FEED_URL)
        if len(expected) != record["items"]:
            raise SystemExit(f"reference reader disagrees with feeds.json on {record['file']}")
        cases.append(Case(f"real:{record['file']}", content, expected, "real"))
    return cases


# --- generated feeds -------------------------------------------------------------------


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Item:
    index: int
    title: str
    link: str
    published: datetime
    summary: str


def _items() -> list[Item]:
    items = []
    for i in range(ITEMS):
        headline = HEADLINES[i % len(HEADLINES)]
        slug = "-".join(headline.split()[:4])
        # Half the links percent-encoded, half raw Arabic: both must give one URL form.
        path_slug = quote(slug) if i % 2 else slug
        items.append(
            Item(
                index=i,
                title=f"{headline} ({i})",
                link=f"https://www.example-news.dz/ar/national/{10_000 + i}-{path_slug}",
                published=T0 - timedelta(minutes=17 * i),
                summary=SUMMARY.format(headline=headline),
            )
        )
    return items


def _rfc822(moment: datetime) -> str:
    return moment.astimezone(ALGIERS).strftime("%a, %d %b %Y %H:%M:%S +0100")


def _iso(moment: datetime) -> str:
    return moment.astimezone(ALGIERS).isoformat()


def _rss09x(version: str, items: Sequence[Item]) -> bytes:
    doctype = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        if version == "0.91"
        else ""
    )
    body = "".join(
        f"<item><title>{_esc(it.title)}</title><link>{_esc(it.link)}</link>"
        f"<description>{_esc(it.summary)}</description></item>\n"
        for it in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<rss version="{version}"><channel>'
        "<title>أخبار الجزائر</title><link>https://www.example-news.dz/</link>"
        f"<description>آخر الأخبار</description><language>ar</language>\n{body}"
        "</channel></rss>"
    ).encode()


def _rss10(items: Sequence[Item]) -> bytes:
    seq = "".join(f'<rdf:li rdf:resource="{_esc(it.link)}"/>' for it in items)
    body = "".join(
        f'<item rdf:about="{_esc(it.link)}"><title>{_esc(it.title)}</title>'
        f"<link>{_esc(it.link)}</link><description>{_esc(it.summary)}</description>"
        f"<dc:date>{_iso(it.published)}</dc:date></item>\n"
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://www.example-news.dz/"><title>أخبار الجزائر</title>'
        "<link>https://www.example-news.dz/</link><description>آخر الأخبار</description>"
        f"<items><rdf:Seq>{seq}</rdf:Seq></items></channel>\n{body}</rdf:RDF>"
    ).encode()


def _rss20(items: Sequence[Item]) -> bytes:
    body = "".join(
        f"<item><title>{_esc(it.title)}</title><link>{_esc(it.link)}</link>"
        f"<description>{_esc(it.summary)}</description><pubDate>{_rfc822(it.published)}</pubDate>"
        f'<guid isPermaLink="false">urn:example-news:{it.index}</guid>'
        f"<dc:creator>مراسل</dc:creator></item>\n"
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        "<title>أخبار الجزائر</title><link>https://www.example-news.dz/</link>"
        f"<description>آخر الأخبار</description><language>ar</language>\n{body}"
        "</channel></rss>"
    ).encode()


def _atom(items: Sequence[Item]) -> bytes:
    body = "".join(
        f'<entry><title type="html">{_esc(_esc(it.title))}</title>'
        f'<link rel="alternate" type="text/html" href="{_esc(it.link)}"/>'
        f"<id>tag:example-news.dz,2026:{it.index}</id><updated>{_iso(it.published)}</updated>"
        f"<published>{_iso(it.published)}</published>"
        f'<summary type="html">{_esc(it.summary)}</summary>'
        "<author><name>مراسل</name></author></entry>\n"
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xml:lang="ar"><title>أخبار الجزائر</title><id>https://www.example-news.dz/</id>'
        '<link rel="alternate" href="https://www.example-news.dz/"/>'
        f"<updated>{_iso(T0)}</updated>\n{body}</feed>"
    ).encode()


def _json_feed(version: str, items: Sequence[Item]) -> bytes:
    records = []
    for it in items:
        record: dict[str, Any] = {
            "id": str(it.index),
            "url": it.link,
            "title": it.title,
            "content_html": it.summary,
            "date_published": _iso(it.published),
        }
        if version == "1":
            record["author"] = {"name": "مراسل"}
        else:
            record["authors"] = [{"name": "مراسل"}]
        records.append(record)
    feed = {
        "version": f"https://jsonfeed.org/version/{version}",
        "title": "أخبار الجزائر",
        "home_page_url": "https://www.example-news.dz/",
        "items": records,
    }
    if version == "1.1":
        feed["language"] = "ar"
    return json.dumps(feed, ensure_ascii=False).encode()


def generated_cases() -> list[Case]:
    items = _items()

    def expect(*, dated: bool, guid: Callable[[Item], str | None]) -> tuple[dict[str, Any], ...]:
        return _expect(
            [
                (it.link, guid(it), it.title, it.published if dated else None, it.summary)
                for it in items
            ]
        )

    no_guid = expect(dated=False, guid=lambda it: None)
    return [
        Case("gen:rss-0.91", _rss09x("0.91", items), no_guid, "generated"),
        Case("gen:rss-0.92", _rss09x("0.92", items), no_guid, "generated"),
        Case(
            "gen:rss-1.0-rdf", _rss10(items), expect(dated=True, guid=lambda it: None), "generated"
        ),
        Case(
            "gen:rss-2.0",
            _rss20(items),
            expect(dated=True, guid=lambda it: f"urn:example-news:{it.index}"),
            "generated",
        ),
        Case(
            "gen:atom-1.0",
            _atom(items),
            expect(dated=True, guid=lambda it: f"tag:example-news.dz,2026:{it.index}"),
            "generated",
        ),
        Case(
            "gen:json-1.0",
            _json_feed("1", items),
            expect(dated=True, guid=lambda it: str(it.index)),
            "generated",
            xml=False,
        ),
        Case(
            "gen:json-1.1",
            _json_feed("1.1", items),
            expect(dated=True, guid=lambda it: str(it.index)),
            "generated",
            xml=False,
        ),
    ]


# --- quirk feeds ----------------------------------------------------------------------


def _rss_doc(items: str, *, encoding: str = "UTF-8", prefix: str = "") -> str:
    return (
        f'{prefix}<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>جريدة</title><link>https://www.example-news.dz/</link>{items}</channel></rss>"
    )


def quirk_cases() -> list[Case]:
    link = "https://www.example-news.dz/ar/national/12345-slug"
    title = "خبر عاجل من الجزائر العاصمة"
    one = f"<item><title>{title}</title><link>{link}</link></item>"
    plain = _expect([(link, None, title, None, None)])
    cases = [
        Case(
            "quirk:html-entities",
            _rss_doc(
                f"<item><title>مقهى&nbsp;الحي &eacute;t&eacute;</title><link>{link}</link></item>"
            ).encode(),
            _expect([(link, None, "مقهى الحي été", None, None)]),
            "quirk",
        ),
        Case(
            "quirk:bare-ampersand",
            _rss_doc(
                f"<item><title>الأمن & الدفاع</title><link>{link}?a=1&b=2</link></item>"
            ).encode(),
            _expect([(f"{link}?a=1&b=2", None, "الأمن & الدفاع", None, None)]),
            "quirk",
        ),
        Case(
            "quirk:windows-1256-declared",
            _rss_doc(one, encoding="windows-1256").encode("cp1256"),
            plain,
            "quirk",
        ),
        Case("quirk:windows-1256-declared-utf8", _rss_doc(one).encode("cp1256"), plain, "quirk"),
        Case(
            "quirk:windows-1256-declared-latin1",
            _rss_doc(one, encoding="ISO-8859-1").encode("cp1256"),
            plain,
            "quirk",
        ),
        Case("quirk:utf8-bom", b"\xef\xbb\xbf" + _rss_doc(one).encode(), plain, "quirk"),
        Case("quirk:utf16-bom", _rss_doc(one, encoding="UTF-16").encode("utf-16"), plain, "quirk"),
        Case(
            "quirk:blank-lines-before-declaration",
            _rss_doc(one, prefix="\n\n").encode(),
            plain,
            "quirk",
        ),
        Case(
            "quirk:relative-link",
            _rss_doc(
                f"<item><title>{title}</title><link>/ar/national/12345-slug</link></item>"
            ).encode(),
            plain,
            "quirk",
        ),
        Case(
            "quirk:atom-xml-base",
            (
                '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
                'xml:base="https://www.example-news.dz/ar/"><title>t</title>'
                f'<entry xml:base="national/"><title>{title}</title><link href="12345-slug"/>'
                "<id>urn:1</id></entry></feed>"
            ).encode(),
            _expect([(link, "urn:1", title, None, None)]),
            "quirk",
        ),
        Case(
            "quirk:atom-xhtml-title",
            (
                '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
                '<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
                f'<b>{title}</b></div></title><link href="{link}"/><id>urn:1</id></entry></feed>'
            ).encode(),
            _expect([(link, "urn:1", title, None, None)]),
            "quirk",
        ),
        Case(
            "quirk:cdata-everywhere",
            _rss_doc(
                f"<language><![CDATA[ar]]></language><item><title><![CDATA[{title}]]></title>"
                f"<link><![CDATA[{link}]]></link><description><![CDATA[<p>نص</p>]]></description>"
                "</item>"
            ).encode(),
            _expect([(link, None, title, None, "<p>نص</p>")]),
            "quirk",
        ),
    ]
    return cases


# --- hostile inputs -------------------------------------------------------------------


def hostile_inputs() -> list[tuple[str, bytes]]:
    """The DOCTYPE follows the declaration directly: feedparser expands entities then."""
    laughs = (
        '<!DOCTYPE rss [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + "]>"
    )
    xxe = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    item = "<item><title>{}</title><link>https://www.example-news.dz/a/1</link>{}</item>"

    def doc(items: str, doctype: str = "") -> bytes:
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<rss version="2.0"><channel>'
            f"<title>t</title><link>https://www.example-news.dz/</link>{items}</channel></rss>"
        ).encode()

    return [
        ("xxe file:///etc/passwd", doc(item.format("x &xxe; y", ""), xxe)),
        ("billion laughs", doc(item.format("&lol9;", ""), laughs)),
        ("author 64 KB", doc(item.format("t", f"<author>{'x' * 65_536}</author>"))),
        ("truncated mid-item", doc(item.format("a", "") * 3)[:-70]),
        ("HTML page", b"<!DOCTYPE html><html><head><title>t</title></head><body>x</body></html>"),
        (
            "JSON Feed, items not a list",
            b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": "oops"}',
        ),
    ]


# --- parsers --------------------------------------------------------------------------


Entries = tuple[dict[str, Any], ...]


def _struct_to_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)


def run_feedparser(content: bytes) -> Entries:
    parsed = feedparser.parse(content)
    raws = [
        RawEntry(
            link=item.get("link"),
            guid=item.get("id"),
            title=item.get("title"),
            published=_struct_to_datetime(
                item.get("published_parsed") or item.get("updated_parsed")
            ),
            summary_markup=item.get("summary"),
            base=FEED_URL,
        )
        for item in parsed.entries
    ]
    return _expected(build_entries(raws))


def _first_content(item: Any) -> str | None:
    content = item.get("content")
    return content[0].get("value") if content else None


def run_fastfeedparser(content: bytes) -> Entries:
    parsed = fastfeedparser.parse(content)
    raws = [
        RawEntry(
            link=item.get("link"),
            guid=item.get("id"),
            title=item.get("title"),
            published=parse_datetime(item.get("published") or item.get("updated")),
            summary_markup=item.get("description") or _first_content(item),
            base=FEED_URL,
        )
        for item in parsed.entries
    ]
    return _expected(build_entries(raws))


def run_nashra(content: bytes) -> Entries:
    return _expected(parse_feed(content, FEED_URL).entries)


PARSERS: dict[str, Callable[[bytes], Entries]] = {
    f"feedparser {feedparser.__version__}": run_feedparser,
    "fastfeedparser 0.6": run_fastfeedparser,
    "nashra.parse_feed": run_nashra,
}


# --- measuring ------------------------------------------------------------------------


def score(expected: Entries, got: Entries) -> tuple[bool, int]:
    """(entry count right, fields right), entries compared in feed order."""
    right = 0
    for want, have in zip(expected, got, strict=False):
        right += sum(1 for field in FIELDS if want[field] == have[field])
    return len(expected) == len(got), right


def safe_run(parser: Callable[[bytes], Entries], content: bytes) -> Entries | str:
    try:
        return parser(content)
    except DiscoveryError as error:
        return error.code
    except Exception as error:  # a benchmark reports every failure instead of stopping
        return type(error).__name__


def _describe(got: Entries | str, right: int, total: int) -> str:
    if isinstance(got, str):
        return f"error {got}"
    return f"{right}/{total} fields, {len(got)} entries"


def correctness(cases: Sequence[Case]) -> None:
    print("\nCorrectness (feeds = feeds with the right entry count; fields = url, title,")
    print("published, guid, summary equal to the expected value, entries in feed order)\n")
    families = ("real", "generated", "quirk")
    print(f"{'parser':24}" + "".join(f"{f + ' feeds':>16}{f + ' fields':>22}" for f in families))
    failures: dict[str, list[str]] = {}
    for name, parser in PARSERS.items():
        row = f"{name:24}"
        for family in families:
            subset = [c for c in cases if c.family == family]
            if not subset:
                row += f"{'-':>16}{'-':>22}"
                continue
            counts = fields = total = 0
            for case in subset:
                got = safe_run(parser, case.content)
                ok, right = (False, 0) if isinstance(got, str) else score(case.expected, got)
                wanted = len(case.expected) * len(FIELDS)
                counts += ok
                fields += right
                total += wanted
                if not ok or right < wanted:
                    failed = failures.setdefault(name, [])
                    failed.append(f"{case.name} ({_describe(got, right, wanted)})")
            share = f"{fields}/{total} ({100 * fields / total:.0f}%)"
            row += f"{f'{counts}/{len(subset)}':>16}{share:>22}"
        print(row)
    print()
    for name, failed in failures.items():
        print(f"{name} wrong on: " + "; ".join(failed))


def speed(cases: Sequence[Case], repeat: int) -> None:
    xml_cases = [c for c in cases if c.xml and c.family in ("real", "generated")]
    items = sum(len(c.expected) for c in xml_cases)
    print(
        f"\nSpeed on the {len(xml_cases)} XML feeds every parser reads ({items} items), "
        f"best of {repeat} rounds\n"
    )
    print(f"{'parser':24}{'ms per feed':>14}{'items/s':>12}{'x feedparser':>14}")
    reference = None
    for name, parser in PARSERS.items():
        rounds = []
        for _ in range(repeat):
            start = time.perf_counter()
            for case in xml_cases:
                parser(case.content)
            rounds.append(time.perf_counter() - start)
        best = min(rounds)
        reference = reference or best
        print(
            f"{name:24}{1000 * best / len(xml_cases):>14.2f}{items / best:>12.0f}"
            f"{reference / best:>14.1f}"
        )


def hostile() -> None:
    print("\nHostile inputs (one run each; peak = tracemalloc peak during the parse)\n")
    print(f"{'input':30}{'parser':24}{'ms':>10}{'peak MB':>10}  outcome")
    for label, content in hostile_inputs():
        for name, parser in PARSERS.items():
            tracemalloc.start()
            start = time.perf_counter()
            got = safe_run(parser, content)
            elapsed = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            if isinstance(got, str):
                outcome = f"error {got}"
            else:
                titles = [e["title"] for e in got]
                outcome = f"{len(got)} entries, titles {titles}"
                if any("root:" in str(e["title"]) + str(e["summary"]) for e in got):
                    outcome += "  FILE CONTENT LEAKED"
            print(
                f"{label:30}{name:24}{1000 * elapsed:>10.1f}{peak / 2**20:>10.1f}  {outcome[:90]}"
            )


def main(argv: Sequence[str] | None = None) -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    args = options.parse_args(argv)
    cases = real_cases() + generated_cases() + quirk_cases()
    correctness(cases)
    speed(cases, args.repeat)
    hostile()


if __name__ == "__main__":
    main()
