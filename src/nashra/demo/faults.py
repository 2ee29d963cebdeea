"""Bad inputs the demo press serves with `faults=True`, to test nashra's error handling.

- al-massar's feed gains an item linking to a PDF (served as `application/pdf`) and an
  item whose page carries no date anywhere (no byline date, no meta, no date in the URL,
  no date in the feed item);
- er-raed, which has no feed, is registered with `/feed-broken.xml`: RSS cut off in the
  middle of an item.
"""

from __future__ import annotations

from nashra.demo.content import ContentArticle

PDF_TITLE = "النشرية الأسبوعية لمصالح الولاية (PDF)"
BROKEN_FEED_PATH = "/feed-broken.xml"
ITEM_BYTES_KEPT = 40  # the cut falls inside the first item: no entry can be recovered
UTF8_CONTINUATION_MASK = 0b1100_0000
UTF8_CONTINUATION = 0b1000_0000

UNDATED_ARTICLE = ContentArticle(
    id="massar-undated",
    paper="al-massar",
    day=5,
    time="12:00",
    section="محلي",
    title="حملة تطوعية لتنظيف ضفاف الوادي بمشاركة جمعيات الأحياء",
    body=(
        "شارك عشرات المتطوعين من جمعيات الأحياء وتلاميذ المدارس في حملة لتنظيف ضفاف الوادي "
        "الذي يعبر المدينة، حيث جمعوا كميات معتبرة من النفايات البلاستيكية والأغصان اليابسة "
        "التي تراكمت على امتداد كيلومترين.",
        "ووفرت مصالح البلدية شاحنتين وعتادا للرفع، فيما تكفلت مؤسسة محلية للأشغال بتوفير "
        "القفازات والأكياس، وأكد المنظمون أن المبادرة ستتكرر كل شهر إلى غاية حلول فصل الشتاء.",
        "ودعا رئيس إحدى الجمعيات المشاركة السكان إلى الكف عن رمي الردوم في مجرى المياه، "
        "مذكرا بأن انسداد القنوات كان وراء فيضانات سابقة في الأحياء المنخفضة.",
    ),
    author="مراسل المسار",
)


def minimal_pdf(text: str) -> bytes:
    """A small valid one-page PDF showing `text` (ASCII)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length "
        + str(len(stream)).encode("ascii")
        + b" >>\nstream\n"
        + stream
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode("ascii")
    return bytes(out)


def truncated(feed: bytes) -> bytes:
    """`feed` cut off inside its first item, as a crashed CMS leaves it: a feed that
    does not parse (no complete entry for a lenient parser to recover).

    The cut falls on a character boundary, so the fault is broken XML, not broken UTF-8.
    """
    first_item = feed.find(b"<item")
    cut = (first_item if first_item >= 0 else len(feed) // 2) + ITEM_BYTES_KEPT
    while cut > 0 and feed[cut] & UTF8_CONTINUATION_MASK == UTF8_CONTINUATION:
        cut -= 1
    return feed[:cut]


PDF = minimal_pdf("Bulletin hebdomadaire")
