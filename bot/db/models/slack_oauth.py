"""slack-sdk's own OAuth tables (installations, bots, OAuth states), declared on Tandem's metadata.

The tables are built by the stores' own classmethods, so they are exactly what
SQLAlchemyInstallationStore and SQLAlchemyOAuthStateStore read and write; declaring them here puts
them under alembic (revision 0014) and the models-vs-migrations check. Tandem never maps them to ORM
classes: bot.slack.installations goes through the stores, which seal the token columns first.
slack_token_vault is Tandem's own, for sealed tokens longer than the stores' columns.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Column, Integer, String, Table, Text

from bot.db.models.base import Base

BOTS_TABLE = SQLAlchemyInstallationStore.default_bots_table_name
INSTALLATIONS_TABLE = SQLAlchemyInstallationStore.default_installations_table_name
STATES_TABLE = SQLAlchemyOAuthStateStore.default_table_name

slack_bots = SQLAlchemyInstallationStore.build_bots_table(Base.metadata, BOTS_TABLE)
slack_installations = SQLAlchemyInstallationStore.build_installations_table(Base.metadata, INSTALLATIONS_TABLE)
slack_oauth_states = SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, STATES_TABLE)

# Tandem's own: a sealed token too long for slack-sdk's String(200) token columns (Slack's rotating
# tokens run to ~170 characters, ~260 sealed) is kept here, and its column holds `v1@<id>`.
VAULT_TABLE = "slack_token_vault"
slack_token_vault = Table(
    VAULT_TABLE, Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=True, index=True),
    Column("sealed", Text, nullable=False),
)
TOKEN_COLUMN_LENGTH = 200  # slack-sdk's String(200)

# The columns that hold a secret: sealed by bot.secrets before any row is written.
SECRET_COLUMNS = {
    BOTS_TABLE: ("bot_token", "bot_refresh_token"),
    INSTALLATIONS_TABLE: ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token",
                          "incoming_webhook_url"),
    VAULT_TABLE: ("sealed",),
}

# Credentials, not records of work: never exported (a sealed token is useless without the key and a
# liability with it); `tandem forget --team` deletes them with the workspace.
CREDENTIAL_TABLES = frozenset({BOTS_TABLE, INSTALLATIONS_TABLE, STATES_TABLE, VAULT_TABLE})
