"""The authentication aggregate's GraphQL types, loaders and mutations."""
