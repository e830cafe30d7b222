"""When: local working time, check-in slots, snoozes and the daily cap on what reaches a person."""
