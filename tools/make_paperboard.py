"""Draw the demo's paperboard photo: `resources/demo/paperboard.jpg`.

A large sheet of warm off-white paper taped to a grey wall, photographed a little from the
side (perspective, a slight turn, light falling from the upper left): the idea trees of the
demo event written in marker, three columns « Amorcer », « Maintenir », « Renforcer »,
coloured dot stickers (gommettes) beside the ideas people voted for, and a few post-its.

Needs only Pillow and the DejaVu fonts shipped in resources/fonts. Deterministic (fixed
random seed), so running it again gives the same file:

    .venv/bin/python tools/make_paperboard.py [OUTPUT.jpg]
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
OUTPUT = ROOT / "resources" / "demo" / "paperboard.jpg"

SIZE = (1600, 1200)
PAPER = (1500, 1060)  # the sheet, drawn flat before it is put in perspective
PAPER_COLOUR = (246, 240, 226)
WALL = (138, 140, 141)
# where the sheet's corners land in the photo: top left, top right, bottom right, bottom left
CORNERS = ((118, 92), (1488, 124), (1514, 1112), (92, 1080))

BLACK = (38, 38, 46)
BLUE = (28, 48, 120)
GREEN = (30, 120, 60)
ORANGE = (222, 110, 20)
RED = (190, 40, 45)
DOTS = ((226, 46, 52), (46, 150, 72), (40, 100, 205), (245, 200, 30))
POSTITS = ((250, 228, 96), (246, 160, 196), (170, 226, 122), (140, 208, 240))

TITLE = "Arbres à idées : amorcer, maintenir, renforcer"
COLUMNS = (
    (
        "Amorcer",
        GREEN,
        (
            ("Animer et créer des temps de convivialité", 6),
            ("Partager une vision et des valeurs communes", 7),
            ("Recruter un animateur de la coopération", 9),
        ),
    ),
    (
        "Maintenir",
        ORANGE,
        (
            ("Instaurer des temps de cohésion réguliers : rituels, coutumes", 8),
            ("Formaliser la coopération dans des instances de décision", 7),
        ),
    ),
    (
        "Renforcer",
        RED,
        (
            ("Rechercher la pérennisation des financements et des moyens", 8),
            ("Faciliter l’ouverture à d’autres organisations du territoire", 7),
        ),
    ),
)
NOTES = (  # post-its: column, text, colour
    (0, "Qui anime\u00a0? Une fonction tierce", 0),
    (1, "Célébrer les petites victoires\u00a0!", 1),
    (2, "Des financements sur 3 ans\u00a0?", 3),
)


def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


_SIZED: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def _sized(face: ImageFont.FreeTypeFont, size: int) -> ImageFont.FreeTypeFont:
    """The same face at another size (cached): letters of a hand are not all alike."""
    key = (str(face.path), size)
    if key not in _SIZED:
        _SIZED[key] = ImageFont.truetype(face.path, size)
    return _SIZED[key]


def marker(
    layer: Image.Image,
    xy: tuple[float, float],
    text: str,
    face: ImageFont.FreeTypeFont,
    colour: tuple[int, int, int],
    rng: random.Random,
    *,
    stroke: int = 1,
    slope: float = 0.0,
) -> float:
    """Write `text` as a hand with a marker would: each letter a little turned and moved,
    the line drifting by `slope` pixels per pixel. Returns the width written."""
    x, y = xy
    start = x
    ascent, descent = face.getmetrics()
    height = ascent + descent + 2 * stroke + 8
    for char in text:
        letter = _sized(face, face.size + rng.choice((-1, 0, 0, 1, 2)))
        advance = letter.getlength(char) * rng.uniform(0.96, 1.04)
        if char != " ":
            width = int(letter.getlength(char)) + 2 * stroke + 8
            glyph = Image.new("RGBA", (width, height), (0, 0, 0, 0))
            ink = (*colour, rng.randint(215, 245))
            ImageDraw.Draw(glyph).text(
                (4, 4), char, font=letter, fill=ink, stroke_width=stroke, stroke_fill=ink
            )
            glyph = glyph.rotate(rng.uniform(-6, 6), resample=Image.BICUBIC, expand=False)
            drift = (x - start) * slope + rng.uniform(-2.0, 2.0)
            layer.alpha_composite(glyph, (int(x - 4), int(y - 4 + drift)))
        x += advance
    return x - start


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):  # no break at the no-break spaces before ? ! :
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def wobbly_line(
    draw: ImageDraw.ImageDraw,
    start: tuple[float, float],
    end: tuple[float, float],
    colour: tuple[int, ...],
    rng: random.Random,
    *,
    width: int = 4,
) -> None:
    steps = 24
    points = []
    for n in range(steps + 1):
        t = n / steps
        x = start[0] + (end[0] - start[0]) * t + rng.uniform(-1, 1)
        y = start[1] + (end[1] - start[1]) * t + rng.uniform(-1.5, 1.5)
        points.append((x, y))
    draw.line(points, fill=colour, width=width, joint="curve")


def loop(
    draw: ImageDraw.ImageDraw,
    box: tuple[float, float, float, float],
    colour: tuple[int, ...],
    rng: random.Random,
) -> None:
    """An ellipse drawn in one go by hand: uneven, its end passing its start."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    rx, ry = (box[2] - box[0]) / 2, (box[3] - box[1]) / 2
    start, turn = rng.uniform(0, 2 * math.pi), 2 * math.pi * 1.08
    points = []
    for n in range(73):
        angle = start + turn * n / 72
        grow = 1 + 0.05 * math.sin(angle * 2 + start) + 0.04 * n / 72
        points.append((cx + rx * grow * math.cos(angle), cy + ry * grow * math.sin(angle)))
    draw.line(points, fill=colour, width=4, joint="curve")


def gommettes(layer: Image.Image, x: float, y: float, count: int, rng: random.Random) -> None:
    """`count` round stickers in a loose row, each with a little shine."""
    draw = ImageDraw.Draw(layer)
    radius = 11
    for n in range(count):
        cx = x + n * (2 * radius + 5) + rng.uniform(-2, 2)
        cy = y + rng.uniform(-3, 3)
        colour = rng.choice(DOTS)
        draw.ellipse(
            (cx - radius + 1, cy - radius + 2, cx + radius + 1, cy + radius + 2), fill=(0, 0, 0, 40)
        )
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(*colour, 255))
        shine = tuple(min(255, c + 70) for c in colour)
        draw.ellipse((cx - 6, cy - 7, cx - 1, cy - 3), fill=(*shine, 200))


def postit(text: str, colour: tuple[int, int, int], rng: random.Random) -> Image.Image:
    side = 204
    note = Image.new("RGBA", (side + 30, side + 30), (0, 0, 0, 0))
    shadow = Image.new("RGBA", note.size, (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rectangle((18, 20, side + 18, side + 22), fill=(0, 0, 0, 90))
    note.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(5)))
    square = Image.new("RGBA", (side, side), (*colour, 255))
    shade = Image.linear_gradient("L").resize((side, side)).point(lambda v: 255 - v // 9)
    square = Image.merge(
        "RGBA",
        (*(ImageChops.multiply(c, shade) for c in square.split()[:3]), square.split()[3]),
    )
    face = font(22)
    y = 22.0
    for line in wrap(text, face, side - 40)[:5]:
        marker(square, (16, y), line, face, BLACK, rng, stroke=1, slope=rng.uniform(-0.02, 0.02))
        y += 36
    note.alpha_composite(square, (15, 15))
    return note.rotate(rng.uniform(-7, 7), resample=Image.BICUBIC, expand=True)


def draw_sheet(rng: random.Random) -> Image.Image:
    sheet = Image.new("RGBA", PAPER, (*PAPER_COLOUR, 255))
    grain = Image.effect_noise(PAPER, 10).convert("RGBA")
    sheet = Image.blend(sheet, grain, 0.035)
    sheet.putalpha(255)
    draw = ImageDraw.Draw(sheet)

    title_face = font(46, bold=True)
    title_width = title_face.getlength(TITLE)
    x = (PAPER[0] - title_width) / 2
    marker(sheet, (x, 42), TITLE, title_face, BLUE, rng, stroke=1, slope=0.006)
    wobbly_line(draw, (x, 112), (x + title_width, 118), (*BLUE, 220), rng, width=5)

    column_width = (PAPER[0] - 80) / 3
    for number, (heading, colour, items) in enumerate(COLUMNS):
        left = 40 + number * column_width
        if number:
            wobbly_line(draw, (left - 6, 170), (left - 2, PAPER[1] - 60), (*BLACK, 150), rng)
        head_face = font(40, bold=True)
        head_width = head_face.getlength(heading)
        hx = left + (column_width - head_width) / 2
        marker(sheet, (hx, 168), heading, head_face, colour, rng, stroke=1)
        loop(draw, (hx - 26, 156, hx + head_width + 26, 230), (*colour, 215), rng)
        item_face = font(27)
        y = 268.0
        for text, votes in items:
            ink = rng.choice((BLACK, BLACK, BLUE))
            draw.ellipse((left + 14, y + 12, left + 24, y + 22), fill=(*BLACK, 230))
            for line in wrap(text, item_face, int(column_width - 70)):
                marker(
                    sheet,
                    (left + 36, y),
                    line,
                    item_face,
                    ink,
                    rng,
                    slope=rng.uniform(-0.015, 0.015),
                )
                y += 38
            gommettes(sheet, left + 50, y + 14, min(votes, 9), rng)
            y += 62
    for column, text, colour in NOTES:
        note = postit(text, POSTITS[colour], rng)
        left = 40 + column * column_width + rng.uniform(40, column_width - 270)
        sheet.alpha_composite(note, (int(left), int(PAPER[1] - 320 + rng.uniform(-20, 30))))
    return sheet


def perspective_coefficients(
    source: tuple[tuple[float, float], ...], target: tuple[tuple[float, float], ...]
) -> list[float]:
    """The 8 coefficients Pillow's PERSPECTIVE transform needs to map `target` → `source`."""
    rows, values = [], []
    for (sx, sy), (tx, ty) in zip(source, target, strict=True):
        rows.append([tx, ty, 1, 0, 0, 0, -sx * tx, -sx * ty])
        rows.append([0, 0, 0, tx, ty, 1, -sy * tx, -sy * ty])
        values += [sx, sy]
    size = 8  # Gaussian elimination with partial pivoting
    matrix = [row + [value] for row, value in zip(rows, values, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(matrix[r][col]))
        matrix[col], matrix[pivot] = matrix[pivot], matrix[col]
        for row in range(size):
            if row != col:
                factor = matrix[row][col] / matrix[col][col]
                matrix[row] = [
                    a - factor * b for a, b in zip(matrix[row], matrix[col], strict=True)
                ]
    return [matrix[r][size] / matrix[r][r] for r in range(size)]


def lighting() -> Image.Image:
    """Light from the upper left, falling off to the lower right and the corners."""
    down = Image.linear_gradient("L")
    diagonal = ImageChops.add(down, down.transpose(Image.TRANSPOSE), scale=2).resize(SIZE)
    diagonal = diagonal.point(lambda v: 255 - int(v * 0.32))
    vignette = Image.radial_gradient("L").resize(SIZE).point(lambda v: 255 - int(v * 0.28))
    return ImageChops.multiply(diagonal, vignette)


def tape(photo: Image.Image, centre: tuple[int, int], angle: float) -> None:
    strip = Image.new("RGBA", (130, 40), (232, 222, 190, 185))
    strip = strip.rotate(angle, resample=Image.BICUBIC, expand=True)
    photo.alpha_composite(strip, (centre[0] - strip.width // 2, centre[1] - strip.height // 2))


def make(output: Path) -> Path:
    rng = random.Random(2026)
    wall = Image.new("RGB", SIZE, WALL)
    wall = Image.blend(wall, Image.effect_noise(SIZE, 18).convert("RGB"), 0.05)
    photo = wall.convert("RGBA")

    shadow = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    ImageDraw.Draw(shadow).polygon([(x + 10, y + 12) for x, y in CORNERS], fill=(0, 0, 0, 110))
    photo.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(14)))

    sheet = draw_sheet(rng)
    flat = ((0, 0), (PAPER[0], 0), PAPER, (0, PAPER[1]))
    coefficients = perspective_coefficients(flat, CORNERS)
    placed = sheet.transform(SIZE, Image.PERSPECTIVE, coefficients, Image.BICUBIC)
    photo.alpha_composite(placed)
    for (x, y), angle in zip(CORNERS, (-35, 30, -32, 36), strict=True):
        tape(photo, (x, y), angle)

    fold = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    crease = ImageDraw.Draw(fold)
    crease.line([(104, 590), (1502, 622)], fill=(90, 80, 60, 40), width=3)
    crease.line([(104, 593), (1502, 625)], fill=(255, 255, 255, 60), width=2)
    photo.alpha_composite(fold.filter(ImageFilter.GaussianBlur(1.5)))
    glare = Image.radial_gradient("L").resize((700, 480)).point(lambda v: max(0, 150 - v))
    shine = Image.new("RGBA", SIZE, (255, 255, 250, 0))
    shine.putalpha(Image.new("L", SIZE, 0))
    alpha = Image.new("L", SIZE, 0)
    alpha.paste(glare.filter(ImageFilter.GaussianBlur(40)), (230, 160))
    shine.putalpha(alpha.point(lambda v: v // 3))
    photo.alpha_composite(shine)

    light = lighting()
    rgb = photo.convert("RGB")
    rgb = Image.merge("RGB", [ImageChops.multiply(c, light) for c in rgb.split()])
    warm = Image.new("RGB", SIZE, (255, 246, 232))
    rgb = ImageChops.multiply(rgb, warm)
    rgb = rgb.filter(ImageFilter.GaussianBlur(0.6))
    output.parent.mkdir(parents=True, exist_ok=True)
    rgb.save(output, format="JPEG", quality=80, optimize=True, progressive=True)
    return output


if __name__ == "__main__":
    written = make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"{written} ({written.stat().st_size // 1024} KB)")
