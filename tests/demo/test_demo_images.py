"""Generated pictures: real JPEGs, deterministic per seed, different across seeds."""

from __future__ import annotations

import io

from PIL import Image

from nashra.demo.images import placeholder_gif, render_jpeg


def test_picture_is_a_jpeg_of_the_requested_size() -> None:
    picture = Image.open(io.BytesIO(render_jpeg("massar-01:1", 800, 533)))
    assert picture.format == "JPEG"
    assert picture.size == (800, 533)
    assert picture.mode == "RGB"


def test_same_seed_gives_the_same_bytes() -> None:
    render_jpeg.cache_clear()
    first = render_jpeg("ofok-02:1", 1200, 800)
    render_jpeg.cache_clear()
    assert render_jpeg("ofok-02:1", 1200, 800) == first


def test_different_seeds_give_different_pictures() -> None:
    pictures = {render_jpeg(f"raed-0{n}:1", 320, 213) for n in range(1, 6)}
    assert len(pictures) == 5


def test_placeholder_is_a_one_pixel_gif() -> None:
    placeholder = Image.open(io.BytesIO(placeholder_gif()))
    assert placeholder.format == "GIF"
    assert placeholder.size == (1, 1)
