"""Client scopes, protocol mappers and scope mappings, and the realm's and clients' scope assignments."""
