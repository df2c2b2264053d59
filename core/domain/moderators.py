"""What a moderator may do in the admin web."""

from enum import StrEnum


class ModeratorRole(StrEnum):
    MODERATOR = "moderator"
    ADMIN = "admin"  # also sets fees
