"""Photos with detail (shapes on a background), and the edits people make when they reuse one."""

import io
import random
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

from embedded.demo_photos import CJK_FONT, RGB, Shape, draw_product


def textured(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A photo-like image: blurred overlapping shapes in random colours, the same for the same seed."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        box = (x, y, x + rng.randrange(20, 300), y + rng.randrange(20, 300))
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        if rng.random() < 0.5:
            draw.ellipse(box, fill=colour)
        else:
            draw.rectangle(box, fill=colour)
    return image.filter(ImageFilter.GaussianBlur(2))


def crop(image: Image.Image, percent: int) -> Image.Image:
    """The centred `percent`% of the image's width and height."""
    width, height = image.size
    dx, dy = width * (100 - percent) // 200, height * (100 - percent) // 200
    return image.crop((dx, dy, width - dx, height - dy))


def resize(image: Image.Image, percent: int) -> Image.Image:
    return image.resize((image.width * percent // 100, image.height * percent // 100))


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# Product shots: one of the demo's drawn products, posed and put on a background, the way buyers photograph
# what they sell; and the edits a copier makes to someone else's shot.

Background = Literal["plain", "gradient", "textured"]


@dataclass(frozen=True, slots=True)
class Shot:
    """How a product was photographed: where, how big, at what angle, in front of what."""

    shape: Shape
    colour: RGB
    centre: tuple[float, float] = (0.5, 0.5)  # share of the width and height
    scale: float = 1.0
    angle: float = 0.0  # degrees
    squash: float = 1.0  # width stretch: the product seen from a little to the side
    background: Background = "plain"
    backdrop_seed: int = 0


def product_shot(shot: Shot, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """The product of `shot` drawn on its background."""
    layer = Image.new("RGBA", (640, 480), (0, 0, 0, 0))
    draw_product(ImageDraw.Draw(layer), shot.shape, shot.colour)
    layer = layer.crop(layer.getbbox())
    factor = shot.scale * min(size) / 480
    layer = layer.resize((max(1, round(layer.width * factor * shot.squash)), max(1, round(layer.height * factor))))
    layer = layer.rotate(shot.angle, expand=True, resample=Image.Resampling.BICUBIC)
    image = backdrop(shot.background, shot.backdrop_seed, size)
    x, y = round(shot.centre[0] * size[0] - layer.width / 2), round(shot.centre[1] * size[1] - layer.height / 2)
    image.paste(layer, (x, y), layer)
    return image


def backdrop(kind: Background, seed: int, size: tuple[int, int]) -> Image.Image:
    """A plain light colour, a gradient between two, or a soft texture."""
    rng = random.Random(seed)
    colours = [tuple(rng.randrange(150, 256) for _ in range(3)) for _ in range(2)]
    plain = Image.new("RGB", size, colours[0])
    if kind == "plain":
        return plain
    if kind == "gradient":
        mask = Image.linear_gradient("L").resize(size).rotate(rng.choice((0, 90, 180, 270)))
        return Image.composite(plain, Image.new("RGB", size, colours[1]), mask)
    return Image.blend(plain, textured(seed, size), 0.35)


def offcentre_crop(image: Image.Image, left: float, top: float, right: float, bottom: float) -> Image.Image:
    """The image without the given shares of its width and height on each side."""
    width, height = image.size
    return image.crop(
        (round(width * left), round(height * top), round(width * (1 - right)), round(height * (1 - bottom)))
    )


def watermark(image: Image.Image, text: str, corner: int, opacity: int = 200) -> Image.Image:
    """`text` stamped into a corner (0 top left, clockwise), about a twentieth of the image's height tall."""
    font = ImageFont.truetype(str(CJK_FONT), max(10, image.height // 20)) if CJK_FONT.exists() else None
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    margin = image.height // 40
    x = margin if corner in (0, 3) else image.width - (right - left) - margin
    y = margin if corner in (0, 1) else image.height - (bottom - top) - margin
    draw.text(
        (x - left, y - top),
        text,
        fill=(255, 255, 255, opacity),
        font=font,
        stroke_width=1,
        stroke_fill=(0, 0, 0, opacity),
    )
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def brighten(image: Image.Image, factor: float) -> Image.Image:
    return ImageEnhance.Brightness(image).enhance(factor)


def scale(image: Image.Image, factor: float) -> Image.Image:
    return image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))))


def mirror(image: Image.Image) -> Image.Image:
    return ImageOps.mirror(image)


def bordered(image: Image.Image, share: float, colour: RGB) -> Image.Image:
    """A frame of `share` of the image's width round it."""
    return ImageOps.expand(image, border=max(1, round(image.width * share)), fill=colour)


def on_background(image: Image.Image, canvas: Image.Image, share: float, position: tuple[float, float]) -> Image.Image:
    """The image shrunk to `share` of the canvas's width and pasted onto it, its top left at `position` of the room."""
    photo = scale(image, canvas.width * share / image.width)
    x = round((canvas.width - photo.width) * position[0])
    y = round((canvas.height - photo.height) * position[1])
    result = canvas.copy()
    result.paste(photo, (max(0, x), max(0, y)))
    return result
