"""Site rules: TOML selectors that override the generic path for one paper."""

from __future__ import annotations

from pathlib import Path

import pytest

from nashra.errors import ExtractionError
from nashra.extract import extract_article, load_rules
from nashra.extract.rules import BUNDLED_RULES, parse_rules

URL = "https://www.odd-paper.dz/news/1"
PAGE = """<html><head><title>الموقع</title></head><body>
<div class="x1"><span class="x2">حريق في غابة بني زيان</span></div>
<div class="x3">بقلم سمير. م</div>
<div class="x5"><p>شب حريق مهول في غابة بني زيان مساء أمس، وأتى على عشرات الهكتارات من الأشجار
قبل أن تتمكن فرق الحماية المدنية من محاصرته بعد ساعات من العمل المتواصل.</p></div>
<div class="x4"><p>هذا نص طويل في عمود جانبي لا علاقة له بالمقال، يكرر فيه الموقع دعوته القراء إلى
الاشتراك في النشرة البريدية والتفاعل مع صفحاته على مواقع التواصل الاجتماعي كل يوم.</p>
<p>وفقرة ثانية في العمود نفسه تطيل النص حتى يبدو أطول من المقال نفسه في نظر المستخرج العام،
الذي يختار عادة الكتلة الأطول نصا.</p></div>
</body></html>"""


def _rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_site_rule_selectors_override_the_generic_extraction(tmp_path: Path) -> None:
    book = load_rules(
        _rules(
            tmp_path,
            '[[site]]\nhosts = ["www.odd-paper.dz"]\ntitle = ".x2"\nbody = ".x5"\n'
            'author = ".x3"\nremove = [".x4"]\n',
        )
    )
    article = extract_article(PAGE, URL, rules=book.for_url(URL))
    assert article.title == "حريق في غابة بني زيان"
    assert article.author == "سمير. م"
    assert article.text.startswith("شب حريق مهول")
    assert "العمود" not in article.text


def test_rules_are_found_by_host_only(tmp_path: Path) -> None:
    book = load_rules(_rules(tmp_path, '[[site]]\nhosts = ["www.odd-paper.dz"]\nbody = ".x5"\n'))
    assert book.for_url("https://other.dz/news/1") is None
    assert book.for_url(URL) is not None


def test_invalid_selector_is_refused_when_the_rules_load(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as raised:
        load_rules(_rules(tmp_path, '[[site]]\nhosts = ["a.dz"]\nbody = "div[["\n'))
    assert raised.value.code == "extract.bad_rules"


def test_unknown_key_is_refused_naming_the_site() -> None:
    with pytest.raises(ExtractionError, match=r"a\.dz") as raised:
        parse_rules({"site": [{"hosts": ["a.dz"], "bodyy": "div"}]})
    assert raised.value.code == "extract.bad_rules"


def test_unreadable_toml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as raised:
        load_rules(_rules(tmp_path, "[[site]\n"))
    assert raised.value.code == "extract.bad_rules"


def test_bundled_rule_book_loads() -> None:
    assert load_rules(BUNDLED_RULES).for_url(URL) is None
