"""The moderators' admin web (aiohttp + aiohttp-jinja2): a thin shell over core/ services; `python -m admin_web`."""
