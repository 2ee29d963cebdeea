"""Pictures for the demo press, drawn by code so no image file lives in git.

Each picture is a small landscape — a sky gradient, a sun or moon disc, three ranges of
hills and, on some, a few geometric buildings — whose palette and shapes come from a hash
of its seed (article id and image index). The same seed always gives the same bytes, and
every picture is a real baseline JPEG that decoders, `<img>` and the image proxy accept.
Rendered pictures are kept in memory, so each is drawn once per process.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import io
import math

from PIL import Image, ImageDraw

JPEG_QUALITY = 82  # what news CMSs commonly export; keeps an 800x533 picture near 30 KB
CACHE_SIZE = 512  # every picture of the demo week at every served width fits
HILL_RANGES = 3
PLACEHOLDER_SIZE = (1, 1)  # lazy-loading placeholders are one transparent pixel


class _Dice:
    """Numbers in fixed ranges drawn from a seed's SHA-256 stream."""

    def __init__(self, seed: str) -> None:
        self._seed = seed.encode("utf-8")
        self._counter = 0

    def unit(self) -> float:
        digest = hashlib.sha256(self._seed + self._counter.to_bytes(4, "big")).digest()
        self._counter += 1
        return int.from_bytes(digest[:8], "big") / 2**64

    def between(self, low: float, high: float) -> float:
        return low + (high - low) * self.unit()


def _colour(hue: float, saturation: float, lightness: float) -> tuple[int, int, int]:
    red, green, blue = colorsys.hls_to_rgb(hue % 1.0, lightness, saturation)
    return (round(red * 255), round(green * 255), round(blue * 255))


# Sky moods as (top hue, bottom hue): midday blue, dusk orange, desert haze.
SKIES = ((0.58, 0.55), (0.68, 0.07), (0.57, 0.11), (0.62, 0.95))
EARTH_HUES = (0.08, 0.3)  # ochre through olive to green: desert, steppe and tell
SUN_HUES = (0.1, 0.16)


def _draw(seed: str, width: int, height: int) -> Image.Image:
    dice = _Dice(seed)
    sky_top, sky_bottom = SKIES[int(dice.unit() * len(SKIES))]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top = _colour(sky_top, dice.between(0.4, 0.7), dice.between(0.3, 0.5))
    bottom = _colour(sky_bottom, dice.between(0.4, 0.8), dice.between(0.7, 0.85))
    for y in range(height):
        t = y / max(height - 1, 1)
        row = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=row)
    radius = dice.between(0.05, 0.1) * width
    cx, cy = dice.between(0.15, 0.85) * width, dice.between(0.15, 0.4) * height
    draw.ellipse(
        [cx - radius, cy - radius, cx + radius, cy + radius],
        fill=_colour(dice.between(*SUN_HUES), 0.9, dice.between(0.65, 0.8)),
    )
    earth = dice.between(*EARTH_HUES)
    for layer in range(HILL_RANGES):
        base = height * (0.55 + 0.14 * layer)
        amplitude = dice.between(0.04, 0.12) * height
        frequency = dice.between(1.0, 3.0)
        phase = dice.between(0, 2 * math.pi)
        points = [
            (x, base - amplitude * math.sin(frequency * 2 * math.pi * x / width + phase))
            for x in range(0, width + 20, 20)
        ]
        points += [(width, height), (0, height)]
        draw.polygon(
            points,
            fill=_colour(earth + 0.02 * layer, 0.4, 0.5 - 0.12 * layer),
        )
    if dice.unit() < 0.5:
        for _ in range(int(dice.between(3, 7))):
            w = dice.between(0.04, 0.09) * width
            h = dice.between(0.1, 0.3) * height
            x = dice.between(0, width - w)
            ground = height * dice.between(0.75, 0.95)
            draw.rectangle(
                [x, ground - h, x + w, ground],
                fill=_colour(0.1, 0.15, dice.between(0.6, 0.9)),
            )
    return image


@functools.lru_cache(maxsize=CACHE_SIZE)
def render_jpeg(seed: str, width: int, height: int) -> bytes:
    """The picture for `seed` at `width` x `height`, as JPEG bytes."""
    buffer = io.BytesIO()
    _draw(seed, width, height).save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


@functools.cache
def placeholder_gif() -> bytes:
    """A one-pixel transparent GIF, the `src` lazy-loading pages show before scripts run."""
    buffer = io.BytesIO()
    Image.new("P", PLACEHOLDER_SIZE, 0).save(buffer, format="GIF", transparency=0)
    return buffer.getvalue()
