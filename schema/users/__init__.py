"""Users in the graph, with what hangs off a user: credentials (metadata only), sessions, consents,
federated identities, brute-force status and the realm's user profile."""
