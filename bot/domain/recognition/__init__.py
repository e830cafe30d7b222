"""Thanks, thank-you nudges and feedback prompts."""
