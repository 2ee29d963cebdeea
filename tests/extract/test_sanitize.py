"""Display HTML of the body: rendered from blocks, sanitized by nh3 last."""

from __future__ import annotations

from nashra.extract.sanitize import body_html, sanitize
from nashra.models import Article, Block, Image


def _article(*blocks: Block, images: tuple[Image, ...] = ()) -> Article:
    return Article(url="https://x.dz/1", title="t", text="", blocks=blocks, images=images)


def test_blocks_render_in_order_with_escaped_text() -> None:
    html = body_html(
        _article(
            Block("heading", text="عنوان فرعي"),
            Block("paragraph", text="نص <b>ليس</b> وسما & رمز"),
            Block("list", items=("أ", "ب")),
            Block("quote", text="قول"),
        )
    )
    assert html == (
        "<h2>عنوان فرعي</h2><p>نص &lt;b&gt;ليس&lt;/b&gt; وسما &amp; رمز</p>"
        "<ul><li>أ</li><li>ب</li></ul><blockquote>قول</blockquote>"
    )


def test_image_block_renders_a_figure_with_its_caption() -> None:
    html = body_html(
        _article(
            Block("image", image=0),
            images=(Image(src="https://x.dz/a.jpg", caption="صورة", width=800, height=533),),
        )
    )
    assert '<img src="https://x.dz/a.jpg"' in html
    assert "<figcaption>صورة</figcaption>" in html


def test_javascript_image_url_does_not_survive() -> None:
    html = body_html(_article(Block("image", image=0), images=(Image(src="javascript:alert(1)"),)))
    assert "javascript" not in html


def test_sanitize_drops_scripts_handlers_and_unknown_tags() -> None:
    cleaned = sanitize('<p onclick="x()">a<script>alert(1)</script><iframe src="//e"></iframe></p>')
    assert cleaned == "<p>a</p>"
