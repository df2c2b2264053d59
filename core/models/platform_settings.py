from tortoise import fields
from tortoise.models import Model


class PlatformSetting(Model):
    """A value an admin changes at run time (fees), overriding the setting from the environment."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    value = fields.CharField(max_length=255)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "platform_settings"
