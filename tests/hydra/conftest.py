from tests.hydra.flows import browser, hydra, oauth_client

__all__ = ["browser", "hydra", "oauth_client"]
