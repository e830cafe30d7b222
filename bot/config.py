"""Settings from the environment (and `.env`), validated once at start-up and passed down."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_API_URL = "https://slack.com/api/"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
T = TypeVar("T")


class ConfigError(Exception):
    """A setting is missing or wrong; the message names the variable and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything Tandem reads from its environment."""

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    database_url: str = "sqlite:///tandem.db"
    slack_api_url: str = DEFAULT_API_URL
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    port: int = 3000
    # TANDEM_SECRET_KEY: signs modal private_metadata (else the signing secret) and keys forget's pseudonyms
    # (else each is random).
    secret_key: str = ""
    # LOG_FORMAT: "text" (a line per record) or "json" (one object per line, for log collectors).
    log_format: str = "text"
    # Add to Slack (OAuth v2): on when both client settings are set (see `oauth_mode`).
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_redirect_uri: str = ""  # optional: Slack then sends installs back to this URL (https)
    encryption_key: str = ""  # TANDEM_ENCRYPTION_KEY: seals every workspace's tokens at rest

    @property
    def socket_mode(self) -> bool:
        """Socket Mode is chosen simply by providing an app-level token."""
        return bool(self.slack_app_token)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read and validate the settings; raise ConfigError on the first bad one."""
        settings, problems = cls.read(environ)
        if problems:
            raise problems[0]
        return settings

    @classmethod
    def read(cls, environ: Mapping[str, str] | None = None) -> tuple[Settings, list[ConfigError]]:
        """The settings with a default in place of each bad one, and every problem found, in order.

        `tandem doctor` reports each problem as its own FAIL line and still runs its other checks;
        every other command stops at the first (`from_env`).
        """
        env = os.environ if environ is None else environ
        problems: list[ConfigError] = []

        def valid(check: Callable[[str], T], raw: str, default: T) -> T:
            try:
                return check(raw)
            except ConfigError as error:
                problems.append(error)
                return default

        bot_token, app_token = env.get("SLACK_BOT_TOKEN", "").strip(), env.get("SLACK_APP_TOKEN", "").strip()
        settings = cls(
            # A token of the wrong kind is kept as given: doctor then says what Slack makes of it, not "missing".
            slack_bot_token=valid(_token("SLACK_BOT_TOKEN", "xoxb-"), bot_token, bot_token),
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
            slack_app_token=valid(_token("SLACK_APP_TOKEN", "xapp-"), app_token, app_token),
            database_url=env.get("DATABASE_URL", "").strip() or cls.database_url,
            slack_api_url=valid(_api_url, env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL, DEFAULT_API_URL),
            default_timezone=valid(_timezone, env.get("TANDEM_DEFAULT_TIMEZONE", "").strip() or "UTC", "UTC"),
            log_level=valid(_log_level, env.get("LOG_LEVEL", "").strip() or "INFO", "INFO"),
            port=valid(_port, env.get("PORT", "").strip() or "3000", 3000),
            secret_key=env.get("TANDEM_SECRET_KEY", "").strip(),
            log_format=valid(_log_format, env.get("LOG_FORMAT", "").strip() or "text", "text"),
            slack_client_id=env.get("SLACK_CLIENT_ID", "").strip(),
            slack_client_secret=env.get("SLACK_CLIENT_SECRET", "").strip(),
            slack_redirect_uri=env.get("SLACK_REDIRECT_URI", "").strip(),
            encryption_key=env.get("TANDEM_ENCRYPTION_KEY", "").strip(),
        )
        return settings, problems

    @property
    def oauth_mode(self) -> bool:
        """Add to Slack: any workspace installs Tandem, each answered with its own token.

        On when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are both set; SLACK_BOT_TOKEN then has no use.
        """
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def metadata_key(self) -> str:
        """The server secret that signs modal private_metadata: TANDEM_SECRET_KEY if set, else a Slack secret.

        Every worker derives the same key, so a form opened by one is accepted by another.
        """
        return self.secret_key or self.slack_signing_secret or self.slack_app_token or self.slack_bot_token

    def missing_for_serving(self) -> list[str]:
        """Name the Slack settings `tandem serve` still needs, each with where to find it."""
        missing = []
        if self.oauth_mode:
            return self._missing_for_oauth()
        half = [name for name, value in (("SLACK_CLIENT_ID", self.slack_client_id),
                                         ("SLACK_CLIENT_SECRET", self.slack_client_secret)) if value]
        if half and not self.slack_bot_token:  # Add to Slack meant, half of it given: name the other half
            given, absent = half[0], ({"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"} - set(half)).pop()
            missing.append(
                f"{absent} (Slack app settings > Basic Information > App Credentials): Add to Slack needs it "
                f"with {given}; or unset {given} and set SLACK_BOT_TOKEN to serve one workspace"
            )
        elif not self.slack_bot_token:
            missing.append(
                "SLACK_BOT_TOKEN (Slack app settings > OAuth & Permissions > Bot User OAuth Token, xoxb-...)"
            )
        if not self.slack_signing_secret and not self.socket_mode:
            missing.append(
                "SLACK_SIGNING_SECRET (Slack app settings > Basic Information > App Credentials), "
                "or SLACK_APP_TOKEN for Socket Mode"
            )
        return missing

    def _missing_for_oauth(self) -> list[str]:
        """What OAuth mode needs besides the client id and secret (see bot.slack.oauth)."""
        from bot.secrets import BadKey, parse_key

        missing = []
        if not self.slack_signing_secret:
            missing.append("SLACK_SIGNING_SECRET (Slack app settings > Basic Information > App Credentials)")
        try:
            parse_key(self.encryption_key)
        except BadKey as error:
            missing.append(str(error))
        if self.slack_bot_token:
            missing.append("SLACK_BOT_TOKEN must be unset with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET: "
                           "each workspace's token comes from its installation")
        if self.socket_mode:
            missing.append("SLACK_APP_TOKEN must be unset with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET: "
                           "Add to Slack serves HTTP (/slack/install, /slack/oauth_redirect)")
        return missing

    def apply_logging(self) -> None:
        """Configure logging once, at the entry point (see bot.observability.logs)."""
        from bot.observability.logs import configure

        configure(self.log_level, self.log_format)


def _api_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"SLACK_API_URL={value!r} is not an http(s) URL; leave it unset for Slack's own "
            f"{DEFAULT_API_URL} or set it to an emulator such as http://127.0.0.1:8888/api/"
        )
    return value if value.endswith("/") else value + "/"


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"TANDEM_DEFAULT_TIMEZONE={value!r} is not an IANA time zone; "
            "use a name such as Europe/Berlin or America/Bogota"
        ) from None
    return value


def _log_level(value: str) -> str:
    if value.upper() not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={value!r} is not one of {', '.join(LOG_LEVELS)}")
    return value.upper()


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ConfigError(f"PORT={value!r} is not a TCP port number (1-65535), e.g. PORT=3000")
    return int(value)


def _log_format(value: str) -> str:
    if value.lower() not in LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT={value!r} is not one of {', '.join(LOG_FORMATS)} (json: one object per line)")
    return value.lower()


def _token(name: str, prefix: str) -> Callable[[str], str]:
    """A check that a token, when set, has its kind's prefix."""

    def check(value: str) -> str:
        if value and not value.startswith(prefix):
            raise ConfigError(
                f"{name} should start with {prefix!r}; copy it again from your Slack app's settings"
            )
        return value

    return check
