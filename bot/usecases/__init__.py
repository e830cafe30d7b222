"""Use cases: one module per thing a person does; each owns its transaction and the Slack posts that follow.

Slash commands, forms, buttons and jobs call these, so no listener needs another listener's code.
"""
