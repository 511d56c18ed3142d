"""ORY access control policies and roles (the Keto v0.5 engine) in the graph: queries, decisions with
their explanation, and mutations. They live in the realm the Keto dialect serves."""
