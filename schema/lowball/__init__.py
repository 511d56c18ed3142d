"""lowball tokens in the graph: list, mint and revoke them with the resolvers the /builtins dialect uses.

GraphQL callers are Keycloak-admin actors: they reach their own lowball tokens, and anyone's with
manage-users in the lowball realm.
"""
