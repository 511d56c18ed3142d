"""Admin events, login events and the events configuration in the graph: the operations of the Keycloak
door's ``admin-events``, ``events`` and ``events/config``, over the same resolvers."""
