"""Realms in the graph."""
