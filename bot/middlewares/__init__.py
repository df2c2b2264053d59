"""Middlewares, outermost first: drop duplicate updates, load the user, set the language, slow floods."""
