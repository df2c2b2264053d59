"""The append-only audit log: the one way an action records who did what to which thing, why and when."""

from typing import Any

from core.domain.audit import AuditAction, AuditTarget
from core.models.audit import AuditEntry


async def record(
    moderator_id: int | None,
    action: AuditAction,
    target_kind: AuditTarget,
    target_id: object,
    reason: str = "",
    **details: Any,
) -> AuditEntry:
    """Call inside the action's own transaction; `moderator_id` None means an operator with the `daigou` command."""
    return await AuditEntry.create(
        moderator_id=moderator_id,
        action=action.value,
        target_kind=target_kind.value,
        target_id=str(target_id),
        reason=reason,
        details=details,
    )
