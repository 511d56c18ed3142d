"""Realm and client roles in the graph: composites and role mappings."""
