"""Where a fake report is: open until a moderator upholds or dismisses it."""

from enum import StrEnum


class ReportStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    UPHELD = "upheld"
