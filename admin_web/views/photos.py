from aiohttp import web

from admin_web.keys import HTTP
from admin_web.telegram_files import FileUnavailable, download

routes = web.RouteTableDef()


@routes.get("/photo/{file_id}")
async def photo(request: web.Request) -> web.StreamResponse:
    """A photo from Telegram, through this server so the browser talks to nobody else; a placeholder if unavailable."""
    try:
        data, content_type = await download(request.app[HTTP], request.match_info["file_id"])
    except FileUnavailable:
        raise web.HTTPFound("/static/no-photo.svg") from None
    return web.Response(body=data, content_type=content_type, headers={"Cache-Control": "private, max-age=3600"})
