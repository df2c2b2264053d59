"""Typed keys for what the app and each request carry."""

import aiohttp
from aiohttp import web

from admin_web.photo_cache import PhotoCache
from admin_web.signing import Signer
from core.services.oversight.moderator_sessions import SignedIn
from core.services.oversight.session_stores import SessionStore

SIGNER = web.AppKey("signer", Signer)
HTTP = web.AppKey("http", aiohttp.ClientSession)  # for the Bot API (photos)
SESSIONS = web.AppKey("sessions", SessionStore)
PHOTO_CACHE = web.AppKey("photo_cache", PhotoCache)

MODERATOR = web.RequestKey("moderator", SignedIn)
SESSION_TOKEN = web.RequestKey("session_token", str)
CSRF_TOKEN = web.RequestKey("csrf_token", str)
LANGUAGE = web.RequestKey("language", str)
NOTICE = web.RequestKey("notice", str)  # a confirmation to show once (admin_web/flash.py), untranslated
