"""The service endpoints Hydra and Keto both document, served once for every door: health."""
