from tortoise import fields
from tortoise.models import Model

from core.models.listings import Listing
from core.models.users import User


class PhotoHash(Model):
    """A perceptual hash of a listing photo (or of a centred crop of it), for finding reused photos.

    `hash` is the unsigned 64-bit pHash stored signed; `chunk0`-`chunk2` are its 22-, 21- and 21-bit chunks,
    each indexed, for multi-index lookup (core.domain.photo_hash).
    """

    id = fields.BigIntField(primary_key=True)
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="photo_hashes", on_delete=fields.CASCADE
    )
    listing_id: int
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="photo_hashes", on_delete=fields.CASCADE
    )
    buyer_id: int
    file_id = fields.CharField(max_length=255)
    crop_percent = fields.SmallIntField()
    hash = fields.BigIntField()
    chunk0 = fields.IntField()
    chunk1 = fields.IntField()
    chunk2 = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "photo_hashes"
        indexes = (
            ("listing_id", "crop_percent"),  # a listing's own hashes; else each look-up scans them all
            # Each chunk's index also holds what the photo-reuse lookup reads and filters on, so the lookup's
            # ~900 probes a chunk (4 photos) never visit the table (core/services/catalog/photo_hashes.py,
            # docs/benchmarks.md).
            ("chunk0", "listing_id", "buyer_id", "hash"),
            ("chunk1", "listing_id", "buyer_id", "hash"),
            ("chunk2", "listing_id", "buyer_id", "hash"),
        )
