"""
The demo content's pictures: flat illustrations of a mining landscape (hills
or mountains in layers, a low sun, terraces, a river), drawn with Pillow in
the site's palette. Everything about a picture (its palette, the shape of its
ridges, where the sun sits, which details it has) is chosen from its seed, an
item's slug say, so each item has its own picture and the same seed always
gives the same bytes.
"""

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

# Drawn at twice the size and reduced, which smooths the shapes' edges.
SUPERSAMPLE = 2


@dataclass(frozen=True)
class Palette:
    sky: tuple[str, ...]  # bands from the top of the sky to the horizon
    sun: str
    halo: str
    layers: tuple[str, ...]  # from the farthest ridge to the nearest ground
    water: str


# Around the brand's colours: deep green #24533c, ochre #8a4b08, warm tint
# #f4efe6.
PALETTES = [
    Palette(  # morning over green hills
        sky=("#f4efe6", "#efe4cf", "#e9d8b8"),
        sun="#d9a441",
        halo="#f1dfb4",
        layers=("#c9d3b8", "#8fa98a", "#5f7a4a", "#24533c", "#16382a"),
        water="#dfe7e2",
    ),
    Palette(  # ochre afternoon
        sky=("#f4efe6", "#f1dcbc", "#ebc999"),
        sun="#b5652b",
        halo="#efd2aa",
        layers=("#ddb27c", "#c08446", "#8a4b08", "#5e3507", "#24533c"),
        water="#f4efe6",
    ),
    Palette(  # blue hour in the valley
        sky=("#dfe7e2", "#e8e6da", "#f4efe6"),
        sun="#efc9a0",
        halo="#ecdfcc",
        layers=("#a9bfb8", "#6f8f8a", "#46697a", "#24533c", "#16382a"),
        water="#f4efe6",
    ),
    Palette(  # earth and green
        sky=("#efe0c6", "#f4efe6", "#f4efe6"),
        sun="#8a4b08",
        halo="#e9d3b0",
        layers=("#e0c9a0", "#b89a6a", "#7f8f5a", "#3f6b45", "#24533c"),
        water="#dfe7e2",
    ),
    Palette(  # dusk
        sky=("#e9c9a9", "#efd8bd", "#f4e6d2"),
        sun="#f4efe6",
        halo="#f2dcc3",
        layers=("#c49a7a", "#9a6a4c", "#6b4a3a", "#3b3a2c", "#24533c"),
        water="#f4e6d2",
    ),
]


def ridge(
    rng: random.Random, style: str, width: int, base: float, height: float
) -> list[tuple[float, float]]:
    """The top edge of one layer of land, left to right."""
    steps = 48
    if style == "rolling":
        waves = [
            (rng.uniform(0.6, 1.8), rng.uniform(0, math.tau), rng.uniform(0.4, 1))
            for _ in range(3)
        ]
        total = sum(weight for _f, _p, weight in waves)
        return [
            (
                width * i / steps,
                base
                - height
                * (
                    1
                    + sum(
                        weight * math.sin(frequency * math.tau * i / steps + phase)
                        for frequency, phase, weight in waves
                    )
                    / total
                )
                / 2,
            )
            for i in range(steps + 1)
        ]
    # Peaks and mesas: a few summits joined by straight slopes; a mesa's
    # summits are flat.
    count = rng.randint(3, 5)
    # Summits spread out, so that slopes never fold back on themselves.
    xs = [(i + 0.5 + rng.uniform(-0.25, 0.25)) / count for i in range(count)]
    points = [(0, base - height * rng.uniform(0.1, 0.5))]
    for index, x in enumerate(xs):
        top = base - height * rng.uniform(0.55, 1)
        valley = base - height * rng.uniform(0, 0.35)
        if style == "mesa":
            half = rng.uniform(0.1, 0.2) / count
            points += [((x - half) * width, top), ((x + half) * width, top)]
        else:
            points.append((x * width, top))
        if index < count - 1:
            points.append(((x + xs[index + 1]) / 2 * width, valley))
    points.append((width, base - height * rng.uniform(0.1, 0.5)))
    return points


def below(line, offset: float) -> list[tuple[float, float]]:
    return [(x, y + offset) for x, y in line]


def landscape(seed: str, size=(1200, 675), image_format="JPEG") -> bytes:
    """A flat illustration of hills under a low sun, the same for the same seed."""
    rng = random.Random(seed)
    palette = rng.choice(PALETTES)
    width, height = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    image = Image.new("RGB", (width, height), palette.sky[-1])
    draw = ImageDraw.Draw(image)
    horizon = height * rng.uniform(0.5, 0.62)

    # The sky in flat bands down to the horizon.
    for index, colour in enumerate(palette.sky):
        draw.rectangle(
            (0, 0, width, horizon * (1 - index / len(palette.sky))), fill=colour
        )
    # The sun, low and off centre, with a halo of two rings.
    radius = min(width, height) * rng.uniform(0.07, 0.11)
    sun_x = width * rng.choice((rng.uniform(0.15, 0.35), rng.uniform(0.65, 0.85)))
    sun_y = horizon - height * rng.uniform(0.1, 0.28)
    for factor, colour in ((2.1, palette.halo), (1.5, palette.sky[-1])):
        ring = radius * factor
        draw.ellipse((sun_x - ring, sun_y - ring, sun_x + ring, sun_y + ring), colour)
    draw.ellipse(
        (sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius), palette.sun
    )

    # The land, from the farthest ridge to the nearest ground.
    far_style = rng.choice(("peaks", "peaks", "mesa", "rolling"))
    layers = len(palette.layers)
    terraced = rng.randrange(1, layers - 1) if rng.random() < 0.7 else None
    river = rng.random() < 0.6
    for index, colour in enumerate(palette.layers):
        depth = index / (layers - 1)
        base = horizon + (height - horizon) * (0.1 + 0.72 * depth)
        style = far_style if index < 2 else "rolling"
        rise = height * (0.3 - 0.17 * depth)
        line = ridge(rng, style, width, base, rise)
        draw.polygon([*line, (width, height), (0, height)], fill=colour)
        if index == terraced:
            # Terraced fields: the ridge's line repeated down the slope.
            stripe = palette.layers[index - 1]
            gap = height * 0.022
            for step in range(1, 6):
                draw.line(
                    below(line, gap * step), fill=stripe, width=int(gap * 0.3) + 1
                )
        if index == layers - 3:
            river_source = line
    if river:
        # From the foot of a far ridge, winding across the nearer ground
        # to the foreground, widening as it comes.
        start = rng.uniform(0.3, 0.7) * width
        bend = rng.uniform(0.06, 0.14) * width * rng.choice((-1, 1))
        top = min(river_source, key=lambda point: abs(point[0] - start))[1]
        top += height * 0.02
        left_bank, right_bank = [], []
        for i in range(31):
            t = i / 30
            y = top + (height - top) * t
            x = start + bend * (1 - math.cos(t * math.pi * 1.5))
            half = width * (0.007 + 0.065 * t * t)
            left_bank.append((x - half, y))
            right_bank.append((x + half, y))
        draw.polygon([*left_bank, *reversed(right_bank)], fill=palette.water)

    image = image.reduce(SUPERSAMPLE)
    buffer = io.BytesIO()
    image.save(buffer, image_format, quality=85, optimize=True)
    return buffer.getvalue()
