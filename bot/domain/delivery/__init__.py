"""The delivery ledger: each scheduled message posted once."""
