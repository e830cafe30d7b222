"""Exports and forgetting a person: what belongs to a workspace or a contractor."""
