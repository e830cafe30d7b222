"""Tasks, milestone submissions and the reviews waiting on the owner."""
