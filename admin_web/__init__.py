"""The moderators' admin web (aiohttp): a thin shell over core/ services. Built in its own issue."""
