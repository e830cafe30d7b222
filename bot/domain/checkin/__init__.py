"""Check-ins, the notes beside them and the blockers they open."""
