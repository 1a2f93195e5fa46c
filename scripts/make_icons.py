"""Draw Steady's app icons with Pillow: one source mark, every size from it.

Run with `make icons`. The mark (a calm leaf) is drawn once at 1024px into
static/icons/source.png if that file is missing; every app icon is then
resized from it, so all sizes stay one design. Maskable icons keep the mark
well inside the 80% safe circle on a full-bleed background, because Android
crops them to circles, squircles or teardrops. The shortcut glyphs are too
simple to need a source: they are drawn directly at 4x and scaled down.
"""
from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
SOURCE = ICONS / "source.png"
ACCENT = (47, 111, 106, 255)  # --accent in static/css/app.css (light theme)
LEAF = (246, 248, 247, 255)  # --bg, so the mark reads as the page colour cut out
SIZE = 1024
SUPERSAMPLE = 4

# (file name, size, how the mark sits): "any" is a round badge on a clear
# background; "maskable" and "full" fill the square (iOS rounds its own corners).
APP_ICONS = [
    ("icon-192.png", 192, "any"),
    ("icon-512.png", 512, "any"),
    ("icon-maskable-192.png", 192, "maskable"),
    ("icon-maskable-512.png", 512, "maskable"),
    ("apple-touch-icon-180.png", 180, "full"),
    ("favicon-32.png", 32, "any"),
]
# The leaf reaches 0.30 of the mark's size from the centre; the maskable safe
# zone is a circle of radius 0.40 of the icon, so 0.95 leaves a margin.
MARK_SCALE = {"any": 0.95, "maskable": 0.95, "full": 1.0}
SHORTCUTS = ["shortcut-log-96.png", "shortcut-checkin-96.png", "shortcut-breathe-96.png"]


def _leaf_points(size: int) -> list[tuple[float, float]]:
    """A lens-shaped leaf (two circular arcs meeting in points), tilted 45 degrees."""
    half_length, half_width = 0.30 * size, 0.15 * size
    radius = (half_length**2 + half_width**2) / (2 * half_width)
    drop = radius - half_width  # how far each arc's centre sits beyond the axis
    upper = [(x, math.sqrt(radius**2 - x**2) - drop)
             for x in (half_length * (i / 90 - 1) for i in range(181))]
    outline = upper + [(x, -y) for x, y in reversed(upper)]
    angle = math.radians(-45)
    return [(size / 2 + x * math.cos(angle) - y * math.sin(angle),
             size / 2 + x * math.sin(angle) + y * math.cos(angle)) for x, y in outline]


def draw_source() -> Image.Image:
    """The mark alone: a leaf with its central vein, on a transparent square."""
    big = SIZE * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon(_leaf_points(big), fill=LEAF)
    # The vein runs tip to tip along the tilted axis, slightly short of both tips.
    reach = 0.24 * big / math.sqrt(2)
    centre = big / 2
    draw.line([(centre - reach, centre + reach), (centre + reach, centre - reach)],
              fill=(0, 0, 0, 0), width=int(0.022 * big))
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def _compose(mark: Image.Image, size: int, style: str) -> Image.Image:
    big = size * SUPERSAMPLE
    canvas = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    if style == "any":
        draw.ellipse([0, 0, big - 1, big - 1], fill=ACCENT)
    else:
        draw.rectangle([0, 0, big, big], fill=ACCENT)
    mark_size = int(big * MARK_SCALE[style])
    scaled = mark.resize((mark_size, mark_size), Image.Resampling.LANCZOS)
    offset = (big - mark_size) // 2
    canvas.alpha_composite(scaled, (offset, offset))
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def _shortcut(name: str) -> Image.Image:
    big = 96 * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([0, 0, big - 1, big - 1], fill=ACCENT)
    stroke, c = int(big * 0.08), big / 2
    if "log" in name:  # a plus: add an entry
        arm = big * 0.24
        draw.line([(c - arm, c), (c + arm, c)], fill=LEAF, width=stroke)
        draw.line([(c, c - arm), (c, c + arm)], fill=LEAF, width=stroke)
    elif "checkin" in name:  # a sun: the daily check-in
        r = big * 0.12
        draw.ellipse([c - r, c - r, c + r, c + r], outline=LEAF, width=stroke)
        for ray in range(8):
            a = math.radians(ray * 45)
            inner, outer = big * 0.21, big * 0.30
            draw.line([(c + inner * math.cos(a), c + inner * math.sin(a)),
                       (c + outer * math.cos(a), c + outer * math.sin(a))], fill=LEAF,
                      width=int(stroke * 0.8))
    else:  # wind, as in the sprite's "wind" symbol (24-unit grid): breathe
        unit, origin = big * 0.6 / 24, big * 0.2
        width = int(stroke * 0.8)

        def at(x: float, y: float) -> tuple[float, float]:
            return origin + x * unit, origin + y * unit

        def arc(cx: float, cy: float, start: int, end: int) -> None:
            (x0, y0), (x1, y1) = at(cx - 3, cy - 3), at(cx + 3, cy + 3)
            draw.arc([x0, y0, x1, y1], start, end, fill=LEAF, width=width)

        draw.line([at(3, 8), at(14, 8)], fill=LEAF, width=width)
        arc(14, 5, 180, 450)
        draw.line([at(3, 12), at(19, 12)], fill=LEAF, width=width)
        arc(19, 15, 270, 540)
        draw.line([at(3, 16), at(10, 16)], fill=LEAF, width=width)
    return image.resize((96, 96), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    if not SOURCE.exists():
        draw_source().save(SOURCE, optimize=True)
    mark = Image.open(SOURCE).convert("RGBA")
    for name, size, style in APP_ICONS:
        _compose(mark, size, style).save(ICONS / name, optimize=True)
    for name in SHORTCUTS:
        _shortcut(name).save(ICONS / name, optimize=True)
    print(f"Wrote {len(APP_ICONS) + len(SHORTCUTS)} icons to {ICONS}")


if __name__ == "__main__":
    main()
