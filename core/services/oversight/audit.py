"""The append-only audit log: the one way an action records who did what to which thing, why and when."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.domain.audit import AUTOMATIC_ACTIONS, AuditAction, AuditTarget
from core.models.audit import AuditEntry


@dataclass(frozen=True, slots=True)
class AuditLine:
    """An entry as the audit log page shows it."""

    created_at: datetime
    moderator: str | None  # the username; None for an operator with the `daigou` command, or for the platform
    action: str  # an AuditAction's code, as stored
    target_kind: str  # an AuditTarget's code
    target_id: str
    reason: str
    details: dict[str, Any]  # JSON, as recorded
    automatic: bool  # done by the platform itself (a scheduled job), not by a person


def audit_line(entry: AuditEntry) -> AuditLine:
    """From an entry read with its moderator."""
    moderator = entry.moderator.username if entry.moderator else None
    return AuditLine(
        entry.created_at,
        moderator,
        entry.action,
        entry.target_kind,
        entry.target_id,
        entry.reason,
        entry.details,
        entry.action in AUTOMATIC_ACTIONS,
    )


async def record(
    moderator_id: int | None,
    action: AuditAction,
    target_kind: AuditTarget,
    target_id: object,
    reason: str = "",
    **details: Any,
) -> AuditEntry:
    """Call inside the action's own transaction; `moderator_id` None means an operator with the `daigou` command,
    or the platform itself for an action in AUTOMATIC_ACTIONS."""
    return await AuditEntry.create(
        moderator_id=moderator_id,
        action=action.value,
        target_kind=target_kind.value,
        target_id=str(target_id),
        reason=reason,
        details=details,
    )
