"""JSON Web Key sets of a realm, as Hydra's admin API manages them; the realm's signing keys are one set."""
