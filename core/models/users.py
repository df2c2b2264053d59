from tortoise import fields
from tortoise.models import Model

from core.domain.buyers import BuyerStatus


class User(Model):
    """Anyone who has talked to the bot, a customer by default."""

    id = fields.IntField(primary_key=True)
    telegram_id = fields.BigIntField(unique=True)
    first_name = fields.CharField(max_length=64)
    last_name = fields.CharField(max_length=64, null=True)
    username = fields.CharField(max_length=32, null=True)
    language = fields.CharField(max_length=8, default="en")
    # False while the language follows Telegram's language_code; True once the user picked one.
    language_chosen = fields.BooleanField(default=False)
    referral_code = fields.CharField(max_length=16, unique=True)
    referred_by: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="referrals", null=True, on_delete=fields.SET_NULL
    )
    referred_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "users"


class BuyerProfile(Model):
    """A user's application to act as a buyer, and what they serve once verified."""

    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="buyer_profile", on_delete=fields.CASCADE
    )
    user_id: int
    status = fields.CharEnumField(BuyerStatus, max_length=16, default=BuyerStatus.APPLIED)
    countries: list[str] = fields.JSONField(default=list)
    cities: list[str] = fields.JSONField(default=list)
    categories: list[str] = fields.JSONField(default=list)
    bio = fields.TextField(default="")
    # Empty once purged (ID_DOCUMENT_RETENTION_DAYS after `reviewed_at`): "" rather than NULL, so no table rebuild.
    id_document_file_id = fields.CharField(max_length=255)
    id_document_purged_at = fields.DatetimeField(null=True)
    decision_reason = fields.TextField(null=True)
    applied_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)  # the latest decision: verified, rejected, suspended, banned...
    # When the application itself was decided (it left "applied"); later suspensions and bans do not move it.
    reviewed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "buyer_profiles"


class Follow(Model):
    """A customer who wants to hear about a buyer's new listings."""

    id = fields.IntField(primary_key=True)
    follower: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="following", on_delete=fields.CASCADE
    )
    follower_id: int
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="followers", on_delete=fields.CASCADE
    )
    buyer_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "follows"
        unique_together = (("follower", "buyer"),)
