"""The content loader: TOML into frozen articles, every format error named by file and id."""

from __future__ import annotations

from pathlib import Path

import pytest

from nashra.demo.content import load_content
from nashra.errors import NashraError

FIXTURE_CONTENT = Path(__file__).resolve().parent / "content"

GOOD_ARTICLE = """
[[article]]
id = "{id}"
day = {day}
time = "{time}"
section = "محلي"
title = "عنوان تجريبي"
body = ["فقرة أولى.", "## عنوان فرعي", "فقرة ثانية."]
"""


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def article(article_id: str = "x-01", day: int = 1, time: str = "09:30") -> str:
    return GOOD_ARTICLE.format(id=article_id, day=day, time=time)


def test_fixture_content_loads_every_paper_and_the_wire_reprints() -> None:
    content = load_content(FIXTURE_CONTENT)
    assert set(content.papers) == {
        "al-massar",
        "sawt-al-wadi",
        "al-ofok",
        "er-raed",
        "akhbar-es-sahel",
        "nedjmat-el-djanoub",
        "quotidien-du-plateau",
    }
    assert content.wire is not None
    assert {a.id for a in content.articles if a.wire_id} == {
        "wire-01@al-massar",
        "wire-01@akhbar-es-sahel",
    }


def test_wire_reprint_has_the_agency_as_author_and_the_wire_text() -> None:
    content = load_content(FIXTURE_CONTENT)
    assert content.wire is not None
    reprint = content.by_id("wire-01@al-massar")
    assert reprint.author == "وكالة الأنباء الوطنية"
    assert reprint.paper == "al-massar"
    assert reprint.body == content.wire.article.body
    assert reprint.title == content.wire.article.title


def test_body_splits_into_paragraphs_and_headings() -> None:
    massar = load_content(FIXTURE_CONTENT).by_id("massar-01")
    assert massar.headings == ("برنامج للأطفال",)
    assert len(massar.paragraphs) == 3
    assert massar.blocks[2] == ("heading", "برنامج للأطفال")


def test_duplicate_id_across_files_names_both_files(tmp_path: Path) -> None:
    write(tmp_path, "al-massar.toml", article("dup-01"))
    write(tmp_path, "er-raed.toml", article("dup-01"))
    with pytest.raises(NashraError, match=r"dup-01.*al-massar\.toml") as caught:
        load_content(tmp_path)
    assert caught.value.code == "demo.content"
    assert "er-raed.toml" in caught.value.message


def test_day_outside_the_demo_week_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "al-massar.toml", article("late-01", day=6))
    with pytest.raises(NashraError, match=r"al-massar\.toml: article 'late-01': 'day'"):
        load_content(tmp_path)


@pytest.mark.parametrize("bad_time", ["9:30", "24:00", "10:60", "10h30"])
def test_time_must_be_hh_mm(tmp_path: Path, bad_time: str) -> None:
    write(tmp_path, "al-massar.toml", article("t-01", time=bad_time))
    with pytest.raises(NashraError, match=r"article 't-01': 'time' must be HH:MM"):
        load_content(tmp_path)


def test_missing_title_is_named(tmp_path: Path) -> None:
    write(tmp_path, "al-ofok.toml", article("n-01").replace('title = "عنوان تجريبي"\n', ""))
    with pytest.raises(NashraError, match=r"al-ofok\.toml: article 'n-01': missing .*'title'"):
        load_content(tmp_path)


def test_unknown_field_is_refused_so_typos_surface(tmp_path: Path) -> None:
    write(tmp_path, "al-ofok.toml", article("k-01") + 'kiker = "سطر"\n')
    with pytest.raises(NashraError, match=r"unknown field\(s\) kiker"):
        load_content(tmp_path)


def test_unknown_section_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "al-ofok.toml", article("s-01").replace("محلي", "منوعات"))
    with pytest.raises(NashraError, match=r"'section' must be one of"):
        load_content(tmp_path)


def test_image_without_caption_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "al-ofok.toml", article("i-01") + "images = [ { alt = 'x' } ]\n")
    with pytest.raises(NashraError, match=r"article 'i-01': missing required field 'caption'"):
        load_content(tmp_path)


def test_file_for_an_unknown_paper_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "el-ghad.toml", article())
    with pytest.raises(NashraError, match=r"el-ghad\.toml: no demo paper"):
        load_content(tmp_path, known_papers=("al-massar",))


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, "al-massar.toml", "[[article]]\nid = \n")
    with pytest.raises(NashraError, match=r"al-massar\.toml: not valid TOML"):
        load_content(tmp_path)


def test_wire_reprinted_by_an_unknown_paper_is_refused(tmp_path: Path) -> None:
    write(
        tmp_path,
        "wire.toml",
        'agency = "وكالة"\nreprinted_by = ["el-ghad"]\n' + article("w-01"),
    )
    with pytest.raises(NashraError, match=r"wire\.toml: 'reprinted_by' names an unknown"):
        load_content(tmp_path, known_papers=("al-massar",))
