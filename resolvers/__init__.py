"""Domain operations: one function per use case. Each takes the caller (an ``Actor``) and plain arguments,
checks rights first, and returns domain objects. Every dialect and GraphQL call these."""
