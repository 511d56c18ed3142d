"""Groups (the realm's group tree) in the graph, and group membership."""
