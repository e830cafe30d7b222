"""Events API subscriptions."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.events import home, lifecycle, messages, profiles


def register(app: App) -> None:
    """One line per event."""
    app.event("message")(messages.handle_message)
    app.event("app_uninstalled")(lifecycle.handle_app_uninstalled)
    app.event("tokens_revoked")(lifecycle.handle_tokens_revoked)
    app.event("app_home_opened")(home.handle_app_home_opened)
    app.event("user_change")(profiles.handle_user_change)
