"""Where each workspace's tokens live: slack-sdk's SQLAlchemy stores on Tandem's database, sealed.

`SealedInstallationStore` is slack-sdk's SQLAlchemyInstallationStore with every secret column
(bot_token, refresh tokens, user token, webhook URL; see bot.db.models.slack_oauth) sealed by
bot.secrets before a row is written and opened after one is read: the database file never holds a
token. `CachedInstallations` sits in front of it for Bolt's authorize and the sweeps' clients, so a
request costs no query once its workspace has been seen; a save or delete in this process drops the
entry at once, and entries expire after CACHE_SECONDS so other processes see an uninstall or a
rotated token within that time.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.db.models.slack_oauth import SECRET_COLUMNS, TOKEN_COLUMN_LENGTH, slack_token_vault
from bot.secrets import CannotDecrypt, Sealer

logger = logging.getLogger(__name__)

VAULT_REF = "v1@"  # a token column's value naming its sealed token's slack_token_vault row
CACHE_SECONDS = 60.0
STATE_SECONDS = 600  # an install link works for ten minutes
BOT_SECRETS = ("bot_token", "bot_refresh_token")
INSTALLATION_SECRETS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token", "incoming_webhook_url")


def _with(record: Any, fields: tuple[str, ...], change: Callable[[str | None], str | None]) -> Any:
    """A copy of a Bot or Installation with `change` applied to its secret fields."""
    result = copy.copy(record)
    for name in fields:
        setattr(result, name, change(getattr(record, name, None)))
    return result


class SealedInstallationStore(SQLAlchemyInstallationStore):
    """slack-sdk's SQLAlchemy installation store, sealing every token before it reaches the database.

    A sealed value longer than the store's String(200) columns (Slack's rotating tokens are ~170
    characters, ~260 sealed) is kept in Tandem's slack_token_vault and its column holds `v1@<id>`;
    vault rows no row refers to any more (a rotated token's old one, an uninstalled workspace's) are
    deleted after every save and delete of the workspace.
    """

    def __init__(self, client_id: str, engine: Engine, sealer: Sealer) -> None:
        super().__init__(client_id=client_id, engine=engine, logger=logging.getLogger(__name__))
        self.sealer = sealer

    def _stow(self, value: str | None, team_id: str | None) -> str | None:
        """The value as its column holds it: sealed, or a reference to the vault when too long."""
        if value is None or value.startswith(VAULT_REF):
            return value
        sealed = self.sealer.seal(value)
        if sealed is None or len(sealed) <= TOKEN_COLUMN_LENGTH:
            return sealed
        with self.engine.begin() as connection:
            inserted = connection.execute(slack_token_vault.insert().values(team_id=team_id, sealed=sealed)
                                          ).inserted_primary_key
        if inserted is None:  # an INSERT of one row always has one; the type allows for none
            raise RuntimeError("the token vault did not return the new row's id")
        row_id = inserted[0]
        return f"{VAULT_REF}{row_id}"

    def _fetch(self, value: str | None) -> str | None:
        """The plaintext of a column's value (following a vault reference)."""
        if value is not None and value.startswith(VAULT_REF):
            with self.engine.connect() as connection:
                value = connection.execute(sqlalchemy.select(slack_token_vault.c.sealed).where(
                    slack_token_vault.c.id == int(value[len(VAULT_REF):]))).scalar_one_or_none()
            if value is None:
                raise CannotDecrypt("a stored token's vault row is missing")
        return self.sealer.open(value)

    def save(self, installation: Installation) -> None:
        # The parent's save writes the installation row, then calls self.save_bot(installation.to_bot()):
        # with the installation already stowed, save_bot's _stow leaves sealed values and references as they are.
        super().save(_with(installation, INSTALLATION_SECRETS, lambda v: self._stow(v, installation.team_id)))
        self.collect(installation.team_id)

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(_with(bot, BOT_SECRETS, lambda v: self._stow(v, bot.team_id)))
        self.collect(bot.team_id)

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        bot = super().find_bot(enterprise_id=enterprise_id, team_id=team_id,
                               is_enterprise_install=is_enterprise_install)
        return None if bot is None else _with(bot, BOT_SECRETS, self._fetch)

    def find_installation(self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
                          is_enterprise_install: bool | None = False) -> Installation | None:
        found = super().find_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                                          is_enterprise_install=is_enterprise_install)
        return None if found is None else _with(found, INSTALLATION_SECRETS, self._fetch)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        super().delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.collect(team_id)

    def delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                            user_id: str | None = None) -> None:
        super().delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
        self.collect(team_id)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.delete_installation(enterprise_id=enterprise_id, team_id=team_id)

    def collect(self, team_id: str | None) -> None:
        """Delete the workspace's vault rows that no installation or bot row refers to any more."""
        vault = slack_token_vault.c
        with self.engine.begin() as connection:
            ids = connection.execute(sqlalchemy.select(vault.id).where(vault.team_id == team_id)).scalars().all()
            if not ids:
                return
            used: set[int] = set()
            for table, columns in ((self.bots, BOT_SECRETS), (self.installations, INSTALLATION_SECRETS)):
                rows = connection.execute(sqlalchemy.select(*(table.c[name] for name in columns))
                                          .where(table.c.team_id == team_id))
                used.update(int(v[len(VAULT_REF):]) for row in rows for v in row if v and v.startswith(VAULT_REF))
            unused = [row_id for row_id in ids if row_id not in used]
            if unused:
                connection.execute(slack_token_vault.delete().where(vault.id.in_(unused)))

    def installed_teams(self) -> list[str]:
        """The team ids that have a bot token stored (for this client id)."""
        c = self.bots.c
        with self.engine.connect() as connection:
            rows = connection.execute(sqlalchemy.select(c.team_id).where(
                c.client_id == self.client_id, c.bot_token.is_not(None)).distinct())
            return sorted(team for (team,) in rows if team)


class CachedInstallations(InstallationStore):
    """Reads of an installation store kept in memory for CACHE_SECONDS; writes go through and drop the entry."""

    def __init__(self, store: SealedInstallationStore, *, ttl: float = CACHE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store, self.ttl, self.clock = store, ttl, clock
        self._lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], tuple[float, Any]] = {}

    @property
    def logger(self) -> logging.Logger:
        return logger

    def _get(self, key: tuple[Any, ...], load: Callable[[], Any]) -> Any:
        now = self.clock()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] > now:
                return copy.copy(hit[1])
        value = load()
        with self._lock:
            self._cache[key] = (now + self.ttl, value)
        return copy.copy(value)

    def forget(self, team_id: str | None = None) -> None:
        """Drop the cached entries of one team (all when None)."""
        with self._lock:
            for key in [k for k in self._cache if team_id is None or k[2] == team_id]:
                del self._cache[key]

    def save(self, installation: Installation) -> None:
        self.forget(installation.team_id)
        self.store.save(installation)
        self.forget(installation.team_id)

    def save_bot(self, bot: Bot) -> None:
        self.forget(bot.team_id)
        self.store.save_bot(bot)
        self.forget(bot.team_id)

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        def load() -> Bot | None:
            bot = self.store.find_bot(enterprise_id=enterprise_id, team_id=team_id,
                                      is_enterprise_install=is_enterprise_install)
            if bot is None and enterprise_id is not None and team_id and not is_enterprise_install:
                # Installed on its own (stored without an enterprise), since moved into an Enterprise Grid
                # org whose id Slack's requests now carry: a team id names one workspace either way.
                bot = self.store.find_bot(enterprise_id=None, team_id=team_id, is_enterprise_install=False)
            return bot

        return self._get(("bot", enterprise_id, team_id, bool(is_enterprise_install)), load)

    def find_installation(self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
                          is_enterprise_install: bool | None = False) -> Installation | None:
        return self._get(("installation", enterprise_id, team_id, user_id, bool(is_enterprise_install)),
                         lambda: self.store.find_installation(enterprise_id=enterprise_id, team_id=team_id,
                                                              user_id=user_id,
                                                              is_enterprise_install=is_enterprise_install))

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.store.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.forget(team_id)

    def delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                            user_id: str | None = None) -> None:
        self.store.delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
        self.forget(team_id)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.store.delete_all(enterprise_id=enterprise_id, team_id=team_id)
        self.forget(team_id)

    def installed_teams(self) -> list[str]:
        return self.store.installed_teams()


def build_store(client_id: str, engine: Engine, encryption_key: str) -> CachedInstallations:
    """The installation store Bolt and the sweeps share in one process."""
    return CachedInstallations(SealedInstallationStore(client_id, engine, Sealer.from_setting(encryption_key)))


def build_state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    """slack-sdk's state store on Tandem's database (table slack_oauth_states, revision 0014)."""
    return SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine,
                                     logger=logging.getLogger(__name__))


def reseal_all(engine: Engine, old: Sealer, new: Sealer) -> int:
    """Open every stored secret with `old` and seal it with `new`, in one transaction; the values changed.

    All or nothing: a value that does not open with `old` raises CannotDecrypt before anything is
    written, so a half-rotated database cannot happen.
    """
    from bot.db.models import Base

    changed = 0
    with engine.begin() as connection:
        for table_name, columns in SECRET_COLUMNS.items():
            table = Base.metadata.tables[table_name]
            rows = connection.execute(sqlalchemy.select(table.c.id, *(table.c[name] for name in columns))).all()
            for row in rows:
                values = {name: new.seal(old.open(row[i + 1])) for i, name in enumerate(columns)
                          if row[i + 1] is not None and not row[i + 1].startswith(VAULT_REF)}
                if values:
                    connection.execute(table.update().where(table.c.id == row[0]).values(**values))
                    changed += len(values)
    return changed


def store_for(runtime: Any) -> CachedInstallations:
    """The process's one installation store, built on first use and kept on the runtime."""
    store = getattr(runtime, "installations", None)
    if store is None:
        settings = runtime.settings
        store = build_store(settings.slack_client_id, runtime.engine, settings.encryption_key)
        runtime.installations = store
    return store


def revoke_tokens(store: CachedInstallations, *, enterprise_id: str | None, team_id: str,
                  tokens: dict[str, list[str]]) -> None:
    """Delete what a tokens_revoked event names: the bot's (with every installation row holding it), users'."""
    if tokens.get("bot"):
        delete_workspace(store, enterprise_id=enterprise_id, team_id=team_id)
        logger.warning("deleted the bot token of workspace %s; its scheduled duties stop", team_id)
        return
    for user_id in tokens.get("oauth") or []:
        for enterprise in _enterprises(enterprise_id):
            store.delete_installation(enterprise_id=enterprise, team_id=team_id, user_id=user_id)


def delete_workspace(store: CachedInstallations, *, enterprise_id: str | None, team_id: str) -> None:
    """Delete every token stored for the workspace (the app was uninstalled, or its bot token revoked).

    slack-sdk's stores match the enterprise id exactly; a workspace installed on its own and since
    moved into an Enterprise Grid org is stored without one while Slack's events now carry it.
    """
    for enterprise in _enterprises(enterprise_id):
        store.delete_all(enterprise_id=enterprise, team_id=team_id)


def _enterprises(enterprise_id: str | None) -> tuple[str | None, ...]:
    """The enterprise ids a workspace's rows may be stored under: the event's, and none."""
    return (None,) if enterprise_id is None else (enterprise_id, None)
