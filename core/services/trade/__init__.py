"""Orders and their after-sales: steps, records, relay chat, disputes, reviews, deadlines."""
