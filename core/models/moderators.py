from tortoise import fields
from tortoise.models import Model

from core.domain.moderators import ModeratorRole


class Moderator(Model):
    """A person who signs in to the admin web."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=255)  # argon2id, with its parameters and salt
    role = fields.CharEnumField(ModeratorRole, max_length=16, default=ModeratorRole.MODERATOR)
    is_active = fields.BooleanField(default=True)  # False: cannot sign in, and every session is ended
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)
    # Sessions started before this are over: set when the account is deactivated, wherever sessions live.
    sessions_ended_at = fields.DatetimeField(null=True)

    class Meta:
        table = "moderators"


class ModeratorSession(Model):
    """A signed-in browser. The id is a hash of the cookie's token, so a database leak opens no session."""

    id = fields.CharField(max_length=64, primary_key=True)
    moderator: fields.ForeignKeyRelation[Moderator] = fields.ForeignKeyField(
        "models.Moderator", related_name="sessions", on_delete=fields.CASCADE
    )
    moderator_id: int
    language = fields.CharField(max_length=8, null=True)
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()

    class Meta:
        table = "moderator_sessions"


class LoginThrottle(Model):
    """Sign-in attempts for a username from one address since its last success, to slow down guessing.

    An attempt is counted before its password is checked, with a compare-and-set on `attempts`
    (core/services/oversight/moderators.py), so attempts sent at once are counted one after another.
    """

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64)
    client_ip = fields.CharField(max_length=64)
    attempts = fields.IntField(default=0)
    last_attempt_at = fields.DatetimeField()

    class Meta:
        table = "login_throttles"
        unique_together = (("username", "client_ip"),)
