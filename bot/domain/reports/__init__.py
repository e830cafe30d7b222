"""What owners read: the one health rule, the status board, Home tab, digests and scorecards."""
