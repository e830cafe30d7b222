"""Settings: defaults, validation, and errors that name the variable."""

from __future__ import annotations

import pytest

from bot.config import DEFAULT_API_URL, ConfigError, Settings


def test_defaults_when_nothing_is_set() -> None:
    settings = Settings.from_env({})
    assert settings.database_url == "sqlite:///tandem.db"
    assert settings.slack_api_url == DEFAULT_API_URL
    assert settings.default_timezone == "UTC"
    assert settings.port == 3000
    assert not settings.socket_mode


def test_socket_mode_follows_the_app_token_and_api_url_gets_a_slash() -> None:
    settings = Settings.from_env({"SLACK_APP_TOKEN": "xapp-1", "SLACK_API_URL": "http://127.0.0.1:9/api"})
    assert settings.socket_mode
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"TANDEM_DEFAULT_TIMEZONE": "Mars/Olympus"}, "TANDEM_DEFAULT_TIMEZONE"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"PORT": "70000"}, "PORT"),
        ({"SLACK_API_URL": "ftp://x"}, "SLACK_API_URL"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_APP_TOKEN": "xoxb-wrong-kind"}, "SLACK_APP_TOKEN"),
    ],
)
def test_bad_values_name_their_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env(env)
    assert variable in str(raised.value)


def test_missing_for_serving_names_each_variable_and_where_to_find_it() -> None:
    missing = Settings.from_env({}).missing_for_serving()
    assert any("SLACK_BOT_TOKEN" in m and "OAuth" in m for m in missing)
    assert any("SLACK_SIGNING_SECRET" in m for m in missing)
    assert Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}).missing_for_serving() == []
