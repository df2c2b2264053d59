from aiohttp import web

from admin_web.forms import path_id
from admin_web.keys import HTTP, PHOTO_CACHE
from admin_web.photo_cache import Photo
from admin_web.telegram_files import FileUnavailable, download
from core.services.oversight import moderation_queues

routes = web.RouteTableDef()


@routes.get("/photo/{file_id}")
async def photo(request: web.Request) -> web.StreamResponse:
    """A photo from Telegram, through this server so the browser talks to nobody else; a placeholder if unavailable.

    Fetched once and then served from the disk cache, with an ETag so a browser that has it gets a 304."""
    file_id, cache = request.match_info["file_id"], request.app[PHOTO_CACHE]
    found = await cache.get(file_id)
    if found is None:
        try:
            found = Photo.of(*await download(request.app[HTTP], file_id))
        except FileUnavailable:
            raise web.HTTPFound("/static/no-photo.svg") from None
        await cache.keep(file_id, found)
    headers = {"Cache-Control": "private, max-age=86400", "ETag": found.etag}
    if request.headers.get("If-None-Match") == found.etag:
        return web.Response(status=304, headers=headers)
    return web.Response(body=found.data, content_type=found.content_type, headers=headers)


@routes.get("/applications/{id}/document")
async def identity_document(request: web.Request) -> web.StreamResponse:
    """A buyer's identity document: personal data, so fetched each time and kept by neither this server nor the
    browser (its retention period is the database's to keep)."""
    file_id = (await moderation_queues.application_case(path_id(request))).id_document_file_id
    try:
        if not file_id:  # purged at the end of its retention
            raise FileUnavailable
        data, content_type = await download(request.app[HTTP], file_id)
    except FileUnavailable:
        raise web.HTTPFound("/static/no-photo.svg") from None
    return web.Response(body=data, content_type=content_type, headers={"Cache-Control": "no-store"})
