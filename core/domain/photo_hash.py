"""Perceptual hashes of listing photos, and the multi-index hashing that finds near-duplicates fast.

A photo is hashed with a 64-bit pHash (DCT of the grey image) at full size and after centred crops to
90% and 80%: one crop changes a pHash by more than the match threshold, so the crops are stored too and
a new photo (hashed at full size only) matches any of them. Resizing and JPEG recompression move a pHash
by a few bits; unrelated photos stay 20+ bits apart.

Lookup is multi-index hashing: the 64 bits are split into three chunks of 22, 21 and 21 bits, each stored
in its own indexed column. Two hashes within distance 8 differ in at most 2 bits of some chunk (pigeonhole:
3 chunks with 3+ differences each would be 9), so the candidates are the rows where some chunk equals one
of the values within distance 2 of the new hash's chunk (1 + 22 + 231 for the first, 1 + 21 + 210 for the
others). That reads ~0.03% of the rows for uniform hashes (~330 rows a photo at 1,000,000 stored hashes of
the skewed kind pHash makes), each probe an index lookup; the exact Hamming distance then filters the
candidates. Four 16-bit chunks, the first layout, read ~0.8% and took seconds a listing at 1,000,000 rows
(docs/benchmarks.md); longer chunks would need radius-3 probes (thousands per chunk) to stay exact.
"""

import io
from functools import cache
from itertools import combinations

import imagehash
from PIL import Image, ImageStat

MATCH_DISTANCE = 8
CHUNK_BITS = (22, 21, 21)  # most significant first
CHUNK_RADIUS = MATCH_DISTANCE // len(CHUNK_BITS)
CROPS_PERCENT = (100, 90, 80)
# Below this grey standard deviation a photo is one flat colour: its hash says nothing about its origin.
MIN_DETAIL = 2.0
_LOW_64 = (1 << 64) - 1


def _crop(image: Image.Image, percent: int) -> Image.Image:
    if percent == 100:
        return image
    width, height = image.size
    dx, dy = width * (100 - percent) // 200, height * (100 - percent) // 200
    return image.crop((dx, dy, width - dx, height - dy))


def _phash(image: Image.Image) -> int:
    return int(str(imagehash.phash(image)), 16)


def photo_hashes(data: bytes) -> dict[int, int] | None:
    """Unsigned 64-bit pHash per kept crop percentage, or None for a flat or unreadable image."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, Image.DecompressionBombError, ValueError):
        return None
    grey = image.convert("L")
    if ImageStat.Stat(grey).stddev[0] < MIN_DETAIL:
        return None
    return {percent: _phash(_crop(grey, percent)) for percent in CROPS_PERCENT}


def hamming(a: int, b: int) -> int:
    """Bits that differ between two hashes, each signed or unsigned (their low 64 bits are the same)."""
    return ((a ^ b) & _LOW_64).bit_count()


def to_signed(value: int) -> int:
    """An unsigned 64-bit hash as the signed value a BIGINT column holds."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def chunks(value: int) -> tuple[int, ...]:
    """The hash's chunks (CHUNK_BITS), most significant first."""
    unsigned = to_unsigned(value)
    found, shift = [], 64
    for bits in CHUNK_BITS:
        shift -= bits
        found.append((unsigned >> shift) & ((1 << bits) - 1))
    return tuple(found)


@cache
def _flip_masks(bits: int, radius: int) -> tuple[int, ...]:
    """Every `bits`-bit mask of at most `radius` set bits, 0 first: XORed with a chunk, its neighbours."""
    return tuple(
        sum(1 << bit for bit in flipped) for flips in range(radius + 1) for flipped in combinations(range(bits), flips)
    )


def chunk_neighbours(chunk: int, bits: int, radius: int = CHUNK_RADIUS) -> list[int]:
    """Every `bits`-bit value within `radius` bit flips of `chunk`, itself included."""
    return [chunk ^ mask for mask in _flip_masks(bits, radius)]
