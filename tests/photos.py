"""Photos with detail (shapes on a background), and the edits people make when they reuse one."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter


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
