"""The schema kit: each GraphQL mechanism written once (context, DataLoaders, mutation errors, pagination,
global ids and the Node registry), used by every aggregate's package."""
