"""The Ory Keto v0.5 dialect: ORY access control policies, roles and decisions over the shared store."""
