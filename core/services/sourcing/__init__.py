"""Purchase requests, buyers' offers on them, and matching requests to listings and buyers."""
