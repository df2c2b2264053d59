"""Product photos for the demo listings, drawn locally with Pillow: no stock images, no network."""

import io
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

Shape = Literal["bag", "bottle", "box", "shoe", "plush", "card"]
RGB = tuple[int, int, int]
SIZE = (640, 480)
# Debian's fonts-noto-cjk (installed for the browser tests) prints Chinese; Pillow's own font is the fallback.
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def product_photo(shape: Shape, colour: RGB, label: str) -> bytes:
    """A JPEG of a simple drawn product of `colour` on a light backdrop, with `label` printed under it."""
    image = Image.new("RGB", SIZE, _lighter(colour, 0.85))
    draw = ImageDraw.Draw(image)
    draw_product(draw, shape, colour)
    font = ImageFont.truetype(str(CJK_FONT), 28) if CJK_FONT.exists() else ImageFont.load_default(size=28)
    draw.text((SIZE[0] // 2, SIZE[1] - 40), label, fill=(40, 40, 40), font=font, anchor="mm")
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85)
    return output.getvalue()


def draw_product(draw: ImageDraw.ImageDraw, shape: Shape, colour: RGB) -> None:
    """Draw the product of `shape` and `colour` in the middle of a 640×480 canvas."""
    _DRAWINGS[shape](draw, colour)


def _lighter(colour: RGB, share: float) -> RGB:
    red, green, blue = (round(channel + (255 - channel) * share) for channel in colour)
    return red, green, blue


def _bag(draw: ImageDraw.ImageDraw, colour: RGB) -> None:
    draw.arc((230, 60, 410, 240), 180, 360, fill=(60, 60, 60), width=14)
    draw.rounded_rectangle((170, 150, 470, 380), radius=30, fill=colour)
    draw.rectangle((290, 200, 350, 230), fill=_lighter(colour, 0.5))


def _bottle(draw: ImageDraw.ImageDraw, colour: RGB) -> None:
    draw.rectangle((295, 60, 345, 110), fill=(200, 200, 200))
    draw.rounded_rectangle((240, 110, 400, 390), radius=40, fill=colour)
    draw.rectangle((260, 200, 380, 280), fill=(250, 250, 250))


def _box(draw: ImageDraw.ImageDraw, colour: RGB) -> None:
    draw.polygon([(170, 160), (320, 100), (470, 160), (320, 220)], fill=_lighter(colour, 0.4))
    draw.polygon([(170, 160), (320, 220), (320, 390), (170, 330)], fill=colour)
    draw.polygon([(320, 220), (470, 160), (470, 330), (320, 390)], fill=_lighter(colour, 0.2))


def _shoe(draw: ImageDraw.ImageDraw, colour: RGB) -> None:
    draw.polygon([(140, 340), (160, 200), (280, 190), (360, 260), (500, 290), (510, 340)], fill=colour)
    draw.rectangle((140, 340, 510, 370), fill=(245, 245, 245))
    for x in range(200, 300, 25):
        draw.line((x, 215, x + 30, 240), fill=(255, 255, 255), width=5)


def _plush(draw: ImageDraw.ImageDraw, colour: RGB) -> None:
    draw.ellipse((200, 170, 440, 390), fill=colour)
    draw.ellipse((230, 70, 410, 220), fill=colour)
    for x in (270, 350):
        draw.ellipse((x, 125, x + 20, 145), fill=(30, 30, 30))
    draw.polygon([(240, 100), (215, 20), (285, 80)], fill=colour)
    draw.polygon([(400, 100), (425, 20), (355, 80)], fill=colour)


def _card(draw: ImageDraw.ImageDraw, colour: RGB) -> None:
    draw.rounded_rectangle((120, 100, 520, 360), radius=20, fill=(250, 250, 250), outline=colour, width=8)
    draw.ellipse((160, 160, 260, 260), fill=colour)
    for y in (170, 210, 250):
        draw.rectangle((290, y, 480, y + 16), fill=_lighter(colour, 0.5))


_DRAWINGS = {"bag": _bag, "bottle": _bottle, "box": _box, "shoe": _shoe, "plush": _plush, "card": _card}
