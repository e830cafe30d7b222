"""Add to Slack (OAuth v2) with Bolt's own OAuthFlow: the settings, the pages people see, the authorize.

OAuth mode is on when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set (Settings.oauth_mode). Then
`GET /slack/install` answers Bolt's install page (the Add to Slack link with client id, scopes and a
state, and the state cookie), `GET /slack/oauth_redirect` completes the install through
`oauth.v2.access` and stores the tokens sealed (bot.slack.installations), and each request is
answered with its own workspace's token by Bolt's InstallationStoreAuthorize, bot-only and with its
cache on, in front of the cached store: a workspace seen once costs no query and no auth.test.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings

from bot.config import Settings
from bot.runtime import Runtime
from bot.slack.installations import build_state_store, store_for
from bot.text.examples import render

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
ROTATION_MINUTES = 120  # refresh a rotating token this long before it expires (Bolt's default)

REASON_LIMIT = 100  # characters of a failure's reason shown and logged
# Why an install failed, in words (Bolt's FailureArgs.reason, or Slack's `error` on the redirect).
REASONS = {
    "access_denied": "The install was cancelled in Slack, so nothing was installed.",
    "invalid_browser": "This browser did not start the install: its install cookie is missing or belongs to "
                       "another attempt. Open the install page in this browser and click Add to Slack again.",
    "invalid_state": "The install link has expired (it works for ten minutes) or was used already. "
                     "Open the install page again for a fresh link.",
    "missing_code": "Slack sent no authorization code with the redirect. Start again from the install page.",
    "invalid_code": "Slack did not accept the authorization code (it may be expired or used already, or "
                    "SLACK_CLIENT_ID / SLACK_CLIENT_SECRET do not match the app). Start again from the install page.",
    "storage_error": "Slack approved the install but Tandem could not save it (a database error). Try again; "
                     "if it keeps failing the operator should run `tandem doctor`.",
}


def bot_scopes() -> list[str]:
    """The bot scopes the manifest asks for: the install link asks Slack for the same."""
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return list(manifest["oauth_config"]["scopes"]["bot"])


def page(title: str, body: str, status: int = 200) -> BoltResponse:
    """A small HTML page (everything in it already escaped)."""
    text = (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;"
            "line-height:1.5}</style></head>"
            f"<body><h1>{title}</h1>{body}</body></html>")
    return BoltResponse(status=status, body=text, headers={"Content-Type": "text/html; charset=utf-8"})


KICKOFF_EXAMPLE = '/kickoff @contractor "Title" due {today+14}'


def on_success(args: SuccessArgs) -> BoltResponse:
    """The page after an install: what to do next, in the workspace that installed Tandem."""
    installation = args.installation
    team = html.escape(installation.team_name or installation.team_id or "your workspace")
    home = html.escape(f"slack://app?team={installation.team_id}&id={installation.app_id}&tab=home", quote=True)
    logger.info("Tandem installed in workspace %s", installation.team_id)
    return page("Tandem is installed", (
        f"<p>Tandem is now part of <strong>{team}</strong>.</p>"
        "<p>What to do next:</p><ol>"
        f"<li>Open <a href=\"{home}\">Tandem's Home tab</a> in Slack: it shows your engagements and how to start.</li>"
        "<li>In the channel where you work with a contractor, invite Tandem (<code>/invite @tandem</code>) and "
        f"try <code>{html.escape(render(KICKOFF_EXAMPLE, datetime.now(UTC).date()))}</code>, "
        "or <code>/kickoff help</code> for every option.</li></ol>"))


def on_failure(args: FailureArgs) -> BoltResponse:
    """The page after a failed install: why, in words, and how to try again."""
    reason = args.reason or "unknown"
    # The redirect is unsigned: its `error` is whatever the link says. Cut short, and logged as a repr
    # (its line breaks escaped), it can neither fill the log nor forge lines in it.
    reason = reason if len(reason) <= REASON_LIMIT else reason[:REASON_LIMIT] + "\u2026"
    why = REASONS.get(reason, f"Slack reported the error \u201c{reason}\u201d.")
    if args.error is not None:
        logger.warning("install failed: %r (%s)", reason, type(args.error).__name__)
    else:
        logger.warning("install failed: %r", reason)
    return page("Tandem was not installed", (
        f"<p>{html.escape(why)}</p>"
        f"<p><a href=\"{INSTALL_PATH}\">Back to the install page</a></p>"), status=args.suggested_status_code)


SECURE = re.compile(r";\s*Secure(?=;|$)", re.IGNORECASE)


def for_plain_http(response: BoltResponse) -> BoltResponse:
    """The page with its state cookie set without `Secure`, for a browser that reached Tandem over plain http.

    Bolt marks the cookie Secure. A client that keeps cookies by the rules (Python's http.cookiejar, so
    `requests` and `httpx`) never sends a Secure cookie back over http, and the install then fails as
    "this browser did not start the install" on a local or test server. Over https, or behind a proxy
    that says so (X-Forwarded-Proto), the cookie keeps Secure (bot.asgi.over_https).
    """
    cookies = response.headers.get("set-cookie")
    if cookies:
        response.headers["set-cookie"] = [SECURE.sub("", cookie) for cookie in cookies]
    return response


class TandemOAuthFlow(OAuthFlow):
    """Bolt's OAuthFlow with Tandem's own install page (the link, its state and cookie are Bolt's)."""

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        link = html.escape(url, quote=True)
        return page("Install Tandem", (
            "<p>Tandem keeps work with freelancers, contractors and agencies on track in Slack: kickoffs with a "
            "plan, check-ins in each contractor's working hours, feedback, thanks and payment alerts.</p>"
            f"<p><a href=\"{link}\"><img alt=\"Add to Slack\" height=\"40\" width=\"139\" "
            "src=\"https://platform.slack-edge.com/img/add_to_slack.png\" "
            "srcset=\"https://platform.slack-edge.com/img/add_to_slack.png 1x, "
            "https://platform.slack-edge.com/img/add_to_slack@2x.png 2x\"></a></p>"
            "<p>Slack asks you to pick the workspace and to allow what Tandem needs; then you come back here. "
            "The link works for ten minutes, in this browser.</p>")).body


def oauth_settings(runtime: Runtime) -> OAuthSettings:
    """Bolt's OAuthSettings on Tandem's database, its pages and its paths."""
    settings: Settings = runtime.settings
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=bot_scopes(),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri or None,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=True,
        callback_options=CallbackOptions(success=on_success, failure=on_failure),
        installation_store=store_for(runtime),
        installation_store_bot_only=True,
        token_rotation_expiration_minutes=ROTATION_MINUTES,
        state_store=build_state_store(runtime.engine),
        state_validation_enabled=True,
        logger=logging.getLogger("bot.slack.bolt"),
    )


def authorize(runtime: Runtime, client: Any) -> InstallationStoreAuthorize:
    """Bolt's authorize for every request: the workspace's bot token, auth.test once per token (cached)."""
    settings = runtime.settings
    return InstallationStoreAuthorize(
        logger=logging.getLogger("bot.slack.bolt"),
        installation_store=store_for(runtime),
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        token_rotation_expiration_minutes=ROTATION_MINUTES,
        bot_only=True,
        cache_enabled=True,
        client=client,
    )


def app_options(runtime: Runtime, client: Any) -> dict[str, Any]:
    """The keyword arguments of Bolt's App for OAuth mode."""
    return {
        "oauth_flow": TandemOAuthFlow(client=client, logger=logging.getLogger("bot.slack.bolt"),
                                      settings=oauth_settings(runtime)),
        "authorize": authorize(runtime, client),
        "installation_store_bot_only": True,
    }
