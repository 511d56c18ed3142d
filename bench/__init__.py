"""The benchmark harness: ``python -m bench`` (``--quick`` for a short run)."""
