"""Reading query strings and forms: ids, the keyset cursor, trimmed text."""

from aiohttp import web


def before(request: web.Request) -> int | None:
    """The `?before=<id>` cursor of a list page; anything else is the first page."""
    value = request.query.get("before", "")
    return int(value) if value.isdigit() else None


def path_id(request: web.Request, name: str = "id") -> int:
    value = request.match_info[name]
    if not value.isdigit():
        raise web.HTTPNotFound()
    return int(value)


async def form(request: web.Request) -> dict[str, str]:
    data = await request.post()
    return {key: value.strip() for key, value in data.items() if isinstance(value, str)}
