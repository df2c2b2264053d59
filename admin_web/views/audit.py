import aiohttp_jinja2
from aiohttp import web

from admin_web.forms import before
from core.domain.audit import AuditAction, AuditTarget
from core.services.oversight import moderation_queues
from core.services.oversight.moderators import all_moderators

routes = web.RouteTableDef()


@routes.get("/audit", name="audit")
@aiohttp_jinja2.template("audit.html")
async def log(request: web.Request) -> dict[str, object]:
    """Newest first, filtered by moderator, action and target; there is no way here to change an entry."""
    query = request.query
    moderator = query.get("moderator", "")
    filters = {"action": query.get("action", ""), "target_kind": query.get("target_kind", "")}
    filters["target_id"] = query.get("target_id", "")
    page = await moderation_queues.audit_log(
        int(moderator) if moderator.isdigit() else None, before=before(request), **filters
    )
    return {
        "page": page,
        "moderators": await all_moderators(),
        "actions": list(AuditAction),
        "targets": list(AuditTarget),
        "moderator_filter": moderator,
        **filters,
    }
