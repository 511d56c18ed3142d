"""Cross-cutting services used by resolvers: settings, errors, passwords, secrets, keys and tokens."""
