"""Pictures for the demo store, drawn with Pillow: a product card (a soft coloured background, a simple drawing
of the kind of product, the brand and the name), shop logos and covers, blog covers. Small JPEGs, fast."""
from __future__ import annotations

import colorsys
import hashlib
import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

SCALE = 2  # drawn at twice the size, then scaled down: smooth edges without per-shape anti-aliasing
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")

# A pleasant hue per leaf category (RGB).
PALETTE = {
    "dien-thoai": (59, 130, 246), "may-tinh-bang": (14, 165, 233), "dong-ho-thong-minh": (236, 72, 153),
    "laptop": (99, 102, 241), "may-tinh-de-ban": (20, 184, 166), "man-hinh": (6, 182, 212),
    "cpu": (124, 58, 237), "ram": (16, 185, 129), "o-cung-ssd": (245, 158, 11), "card-do-hoa": (239, 68, 68),
    "tai-nghe": (217, 70, 239), "ban-phim-chuot": (132, 204, 22), "sac-cap": (249, 115, 22),
    "sach-lap-trinh": (234, 179, 8), "sach-khoa-hoc-may-tinh": (168, 85, 247),
}
GLYPHS = {
    "dien-thoai": "phone", "may-tinh-bang": "tablet", "dong-ho-thong-minh": "watch", "laptop": "laptop",
    "may-tinh-de-ban": "desktop", "man-hinh": "monitor", "cpu": "chip", "ram": "ram", "o-cung-ssd": "drive",
    "card-do-hoa": "gpu", "tai-nghe": "headphones", "ban-phim-chuot": "keyboard", "sac-cap": "plug",
    "sach-lap-trinh": "book", "sach-khoa-hoc-may-tinh": "book",
}


@cache
def font(size: int, bold: bool = True):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        try:
            return ImageFont.truetype(f"{folder}/{name}", size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def shade(rgb, factor: float):
    """Lighter (factor > 0, towards white) or darker (factor < 0, towards black)."""
    if factor >= 0:
        return tuple(round(c + (255 - c) * factor) for c in rgb)
    return tuple(round(c * (1 + factor)) for c in rgb)


def vary(rgb, key: str, spread: float = 0.06):
    """A slightly different hue per product, stable for the same key."""
    h, lightness, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    offset = (int(hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()[:4], 16) / 0xFFFF - 0.5) * 2 * spread
    r, g, b = colorsys.hls_to_rgb((h + offset) % 1, lightness, s)
    return round(r * 255), round(g * 255), round(b * 255)


def _gradient(size, top, bottom) -> Image.Image:
    """A vertical gradient: two flat images blended through a grey ramp."""
    mask = Image.linear_gradient("L").resize(size, Image.Resampling.NEAREST)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _wrap(draw, text: str, fnt, width: int, max_lines: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=fnt) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = word
        if len(lines) == max_lines:
            break
    if line and len(lines) < max_lines:
        lines.append(line)
    if len(lines) == max_lines and " ".join(lines) != " ".join(words):
        last = lines[-1]
        while last and draw.textlength(last + "…", font=fnt) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _jpeg(image: Image.Image, size, quality=84) -> bytes:
    out = io.BytesIO()
    if image.size == tuple(size):
        small = image
    elif image.size == (size[0] * SCALE, size[1] * SCALE):
        small = image.reduce(SCALE)
    else:
        small = image.resize(size)
    small.convert("RGB").save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


# --- glyphs: simple drawings in a box (x0, y0, x1, y1), dark colour `ink`, light colour `paper` ---------------

def _phone(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    cx, w, h = (x0 + x1) / 2, (y1 - y0) * 0.5, (y1 - y0)
    d.rounded_rectangle((cx - w / 2, y0, cx + w / 2, y1), radius=r * 3, fill=ink)
    d.rounded_rectangle((cx - w / 2 + r, y0 + r, cx + w / 2 - r, y1 - r), radius=r * 2, fill=paper)
    d.rounded_rectangle((cx - w * 0.15, y0 + r * 1.6, cx + w * 0.15, y0 + r * 2.6), radius=r, fill=ink)
    del h


def _tablet(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    cx, w = (x0 + x1) / 2, (y1 - y0) * 0.78
    d.rounded_rectangle((cx - w / 2, y0, cx + w / 2, y1), radius=r * 3, fill=ink)
    d.rounded_rectangle((cx - w / 2 + r * 1.4, y0 + r * 1.4, cx + w / 2 - r * 1.4, y1 - r * 1.4), radius=r,
                        fill=paper)


def _watch(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    cx, cy, rad = (x0 + x1) / 2, (y0 + y1) / 2, (y1 - y0) * 0.3
    d.rounded_rectangle((cx - rad * 0.6, y0, cx + rad * 0.6, y1), radius=r * 2, fill=shade(ink, 0.25))
    d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), fill=ink)
    d.ellipse((cx - rad + r, cy - rad + r, cx + rad - r, cy + rad - r), fill=paper)
    d.line((cx, cy, cx, cy - rad * 0.6), fill=ink, width=int(r))
    d.line((cx, cy, cx + rad * 0.45, cy), fill=ink, width=int(r))


def _laptop(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    sx0, sx1 = x0 + w * 0.14, x1 - w * 0.14
    d.rounded_rectangle((sx0, y0 + h * 0.08, sx1, y0 + h * 0.8), radius=r * 2, fill=ink)
    d.rectangle((sx0 + r * 1.4, y0 + h * 0.08 + r * 1.4, sx1 - r * 1.4, y0 + h * 0.8 - r * 1.2), fill=paper)
    d.polygon([(x0 + w * 0.04, y0 + h * 0.84), (x1 - w * 0.04, y0 + h * 0.84), (x1 - w * 0.1, y1 - h * 0.04),
               (x0 + w * 0.1, y1 - h * 0.04)], fill=ink)


def _monitor(d, box, ink, paper, r, *, tower=False):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    mx0, mx1 = x0 + w * (0.04 if tower else 0.08), x1 - w * (0.3 if tower else 0.08)
    d.rounded_rectangle((mx0, y0 + h * 0.05, mx1, y0 + h * 0.72), radius=r * 2, fill=ink)
    d.rectangle((mx0 + r * 1.3, y0 + h * 0.05 + r * 1.3, mx1 - r * 1.3, y0 + h * 0.72 - r * 1.3), fill=paper)
    cx = (mx0 + mx1) / 2
    d.rectangle((cx - w * 0.04, y0 + h * 0.72, cx + w * 0.04, y0 + h * 0.88), fill=ink)
    d.rounded_rectangle((cx - w * 0.18, y0 + h * 0.88, cx + w * 0.18, y0 + h * 0.95), radius=r, fill=ink)
    if tower:
        d.rounded_rectangle((x1 - w * 0.22, y0 + h * 0.2, x1 - w * 0.02, y0 + h * 0.95), radius=r * 1.5, fill=ink)
        d.ellipse((x1 - w * 0.15, y0 + h * 0.3, x1 - w * 0.09, y0 + h * 0.36), fill=paper)


def _chip(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    cx, cy, s = (x0 + x1) / 2, (y0 + y1) / 2, (y1 - y0) * 0.34
    for i in range(6):
        t = -s * 0.75 + i * s * 0.3
        d.rectangle((cx + t - r * 0.6, cy - s * 1.35, cx + t + r * 0.6, cy + s * 1.35), fill=ink)
        d.rectangle((cx - s * 1.35, cy + t - r * 0.6, cx + s * 1.35, cy + t + r * 0.6), fill=ink)
    d.rounded_rectangle((cx - s, cy - s, cx + s, cy + s), radius=r * 2, fill=ink)
    d.rounded_rectangle((cx - s * 0.6, cy - s * 0.6, cx + s * 0.6, cy + s * 0.6), radius=r, fill=paper)


def _ram(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    top, bottom = y0 + h * 0.3, y0 + h * 0.7
    d.rounded_rectangle((x0 + w * 0.04, top, x1 - w * 0.04, bottom), radius=r, fill=ink)
    for i in range(4):
        cx = x0 + w * (0.16 + i * 0.22)
        d.rectangle((cx - w * 0.07, top + h * 0.06, cx + w * 0.07, bottom - h * 0.12), fill=paper)
    for i in range(18):
        cx = x0 + w * (0.08 + i * 0.049)
        d.rectangle((cx, bottom - h * 0.05, cx + w * 0.02, bottom), fill=shade(paper, -0.15))


def _drive(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    d.rounded_rectangle((x0 + w * 0.06, y0 + h * 0.32, x1 - w * 0.06, y0 + h * 0.68), radius=r, fill=ink)
    d.rounded_rectangle((x0 + w * 0.32, y0 + h * 0.38, x0 + w * 0.6, y0 + h * 0.62), radius=r * 0.6, fill=paper)
    d.rectangle((x0 + w * 0.66, y0 + h * 0.42, x0 + w * 0.8, y0 + h * 0.58), fill=paper)
    d.ellipse((x0 + w * 0.1, y0 + h * 0.46, x0 + w * 0.16, y0 + h * 0.54), fill=paper)


def _gpu(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    d.rounded_rectangle((x0 + w * 0.04, y0 + h * 0.25, x1 - w * 0.04, y0 + h * 0.72), radius=r * 2, fill=ink)
    for cx in (x0 + w * 0.3, x0 + w * 0.7):
        rad = h * 0.17
        cy = y0 + h * 0.485
        d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), fill=paper)
        d.ellipse((cx - rad * 0.3, cy - rad * 0.3, cx + rad * 0.3, cy + rad * 0.3), fill=ink)
    d.rectangle((x0 + w * 0.2, y0 + h * 0.72, x0 + w * 0.7, y0 + h * 0.78), fill=shade(ink, 0.3))


def _headphones(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    d.arc((x0 + w * 0.15, y0 + h * 0.04, x1 - w * 0.15, y0 + h * 0.9), start=180, end=360, fill=ink, width=int(r * 2))
    for cx in (x0 + w * 0.2, x1 - w * 0.2):
        d.rounded_rectangle((cx - w * 0.1, y0 + h * 0.45, cx + w * 0.1, y0 + h * 0.92), radius=r * 3, fill=ink)
        d.rounded_rectangle((cx - w * 0.05, y0 + h * 0.53, cx + w * 0.05, y0 + h * 0.84), radius=r * 2, fill=paper)


def _keyboard(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    d.rounded_rectangle((x0 + w * 0.02, y0 + h * 0.28, x1 - w * 0.02, y0 + h * 0.74), radius=r * 2, fill=ink)
    rows, cols = 4, 11
    kw, kh = (w * 0.9) / cols, (h * 0.38) / rows
    for row in range(rows):
        for col in range(cols):
            kx, ky = x0 + w * 0.05 + col * kw, y0 + h * 0.32 + row * kh
            if row == rows - 1 and 2 < col < 8:
                if col == 3:
                    d.rounded_rectangle((kx + r * 0.3, ky + r * 0.3, kx + kw * 5 - r * 0.3, ky + kh - r * 0.3),
                                        radius=r * 0.5, fill=paper)
                continue
            d.rounded_rectangle((kx + r * 0.3, ky + r * 0.3, kx + kw - r * 0.3, ky + kh - r * 0.3), radius=r * 0.5,
                                fill=paper)


def _mouse(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    d.rounded_rectangle((x0 + w * 0.3, y0 + h * 0.08, x1 - w * 0.3, y1 - h * 0.04), radius=w * 0.2, fill=ink)
    d.line((x0 + w * 0.5, y0 + h * 0.1, x0 + w * 0.5, y0 + h * 0.42), fill=paper, width=int(r))
    d.rounded_rectangle((x0 + w * 0.47, y0 + h * 0.2, x0 + w * 0.53, y0 + h * 0.32), radius=r, fill=paper)


def _plug(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    d.rounded_rectangle((x0 + w * 0.32, y0 + h * 0.2, x1 - w * 0.32, y0 + h * 0.62), radius=r * 3, fill=ink)
    for cx in (x0 + w * 0.43, x1 - w * 0.43):
        d.rectangle((cx - r * 0.8, y0 + h * 0.04, cx + r * 0.8, y0 + h * 0.2), fill=ink)
    d.line((x0 + w * 0.5, y0 + h * 0.62, x0 + w * 0.5, y0 + h * 0.8), fill=ink, width=int(r * 1.6))
    d.arc((x0 + w * 0.5, y0 + h * 0.6, x0 + w * 0.8, y1), start=90, end=180, fill=ink, width=int(r * 1.6))
    d.polygon([(x0 + w * 0.52, y0 + h * 0.3), (x0 + w * 0.44, y0 + h * 0.44), (x0 + w * 0.5, y0 + h * 0.44),
               (x0 + w * 0.46, y0 + h * 0.55), (x0 + w * 0.57, y0 + h * 0.39), (x0 + w * 0.51, y0 + h * 0.39)],
              fill=paper)


def _book(d, box, ink, paper, r):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    bx0, bx1 = x0 + w * 0.28, x1 - w * 0.28
    d.rectangle((bx0 + r * 1.5, y0 + h * 0.06, bx1 + r * 1.5, y1 - h * 0.02), fill=paper)
    d.rounded_rectangle((bx0, y0 + h * 0.02, bx1, y1 - h * 0.06), radius=r, fill=ink)
    d.rectangle((bx0, y0 + h * 0.02, bx0 + r * 2, y1 - h * 0.06), fill=shade(ink, -0.25))
    for i, width in enumerate((0.6, 0.45, 0.52)):
        yy = y0 + h * (0.22 + i * 0.08)
        d.rounded_rectangle((bx0 + w * 0.08, yy, bx0 + w * 0.08 + (bx1 - bx0) * width, yy + r * 1.2), radius=r * 0.5,
                            fill=paper)


GLYPH_DRAW = {
    "phone": _phone, "tablet": _tablet, "watch": _watch, "laptop": _laptop, "monitor": _monitor,
    "desktop": lambda d, box, ink, paper, r: _monitor(d, box, ink, paper, r, tower=True), "chip": _chip,
    "ram": _ram, "drive": _drive, "gpu": _gpu, "headphones": _headphones, "keyboard": _keyboard, "mouse": _mouse,
    "plug": _plug, "book": _book,
}


def glyph_for(leaf_slug: str, title: str) -> str:
    glyph = GLYPHS.get(leaf_slug, "chip")
    if glyph == "keyboard" and ("chuột" in title.lower() and "combo" not in title.lower()):
        return "mouse"
    return glyph


def product_card(*, title: str, brand: str, leaf_slug: str, size: int = 400) -> bytes:
    """A square product picture (JPEG bytes)."""
    base = vary(PALETTE.get(leaf_slug, (100, 116, 139)), title)
    s = size * SCALE
    img = _gradient((s, s), shade(base, 0.82), shade(base, 0.55))
    d = ImageDraw.Draw(img)
    # soft circle behind the drawing
    d.ellipse((s * 0.2, s * 0.06, s * 0.8, s * 0.66), fill=shade(base, 0.9))
    ink, paper = shade(base, -0.35), shade(base, 0.93)
    GLYPH_DRAW[glyph_for(leaf_slug, title)](d, (s * 0.26, s * 0.12, s * 0.74, s * 0.6), ink, paper, s * 0.012)
    # the label panel
    pad = s * 0.05
    d.rounded_rectangle((pad, s * 0.66, s - pad, s - pad), radius=s * 0.04, fill=(255, 255, 255))
    d.text((pad * 2, s * 0.69), brand.upper(), font=font(int(s * 0.038)), fill=shade(base, -0.3))
    title_font = font(int(s * 0.047))
    for i, line in enumerate(_wrap(d, title, title_font, int(s - pad * 4), 3)):
        d.text((pad * 2, s * 0.745 + i * s * 0.056), line, font=title_font, fill=(30, 41, 59))
    return _jpeg(img, (size, size))


def initials(name: str) -> str:
    words = [w for w in name.replace("&", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "C"


def shop_logo(*, name: str, colour, size: int = 256) -> bytes:
    s = size * SCALE
    img = Image.new("RGB", (s, s), colour)
    d = ImageDraw.Draw(img)
    d.ellipse((s * 0.08, s * 0.08, s * 0.92, s * 0.92), fill=shade(colour, 0.9))
    text = initials(name)
    fnt = font(int(s * 0.34))
    w = d.textlength(text, font=fnt)
    d.text(((s - w) / 2, s * 0.3), text, font=fnt, fill=shade(colour, -0.3))
    return _jpeg(img, (size, size))


def banner(*, title: str, subtitle: str, colour, size=(1200, 360)) -> bytes:
    """A wide picture with a title (shop covers, blog covers). Drawn at its final size: big shapes need no
    supersampling, and these pictures are large."""
    w, h = size
    img = _gradient((w, h), shade(colour, -0.1), shade(colour, 0.35))
    d = ImageDraw.Draw(img)
    for i in range(5):
        rad = h * (0.35 + i * 0.18)
        d.ellipse((w * 0.82 - rad, h * 0.5 - rad, w * 0.82 + rad, h * 0.5 + rad), outline=shade(colour, 0.5),
                  width=3)
    title_font = font(int(h * 0.13))
    for i, line in enumerate(_wrap(d, title, title_font, int(w * 0.7), 2)):
        d.text((w * 0.06, h * 0.22 + i * h * 0.16), line, font=title_font, fill=(255, 255, 255))
    d.text((w * 0.06, h * 0.68), subtitle, font=font(int(h * 0.07), bold=False), fill=shade(colour, 0.85))
    return _jpeg(img, size)
