"""iamgraph: the server that assembles GraphQL and every REST dialect over one identity store."""
