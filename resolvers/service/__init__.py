"""The service itself: what it tells an operator about its own running."""
