"""The REST dialects. Each is a declarative route table over the same resolvers; no dialect imports
another, and no business rule lives here."""
