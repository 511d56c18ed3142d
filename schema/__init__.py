"""The GraphQL face: Strawberry types, connections, DataLoaders and the schema object."""
