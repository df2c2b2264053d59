from tortoise import fields
from tortoise.models import Model

from core.models.listings import Listing
from core.models.users import User


class ListingGram(Model):
    """One posting of the matching index: a published listing has this gram (core/domain/matching.index_key)."""

    id = fields.BigIntField(primary_key=True)
    key = fields.IntField()
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="grams", on_delete=fields.CASCADE, db_index=True
    )
    listing_id: int

    class Meta:
        table = "listing_grams"
        # (key, listing_id): a gram's postings, newest listing first, read as an index range.
        indexes = (("key", "listing_id"),)


class GramCount(Model):
    """How many published listings have a gram: what tells a rare gram from a common one.

    Kept in step with `ListingGram` by the same transaction; racing first postings of one gram may
    undercount by one, which only nudges which grams are read first.
    """

    key = fields.IntField(primary_key=True, generated=False)
    listings = fields.IntField(default=0)

    class Meta:
        table = "listing_gram_counts"


class NoticeQuota(Model):
    """How many matching notices a user got on one (UTC) day, capped at MATCH_NOTICES_PER_DAY."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notice_quotas", on_delete=fields.CASCADE
    )
    user_id: int
    day = fields.DateField()
    sent = fields.IntField(default=0)

    class Meta:
        table = "notice_quotas"
        unique_together = (("user", "day"),)
