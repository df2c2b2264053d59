"""Listings: publishing, screening (risk, photo reuse, the brand watchlist) and the search index."""
