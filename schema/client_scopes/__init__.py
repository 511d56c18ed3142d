"""Client scopes and protocol mappers in the graph."""
