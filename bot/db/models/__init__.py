"""Every table of Tandem, importable from one place."""

from bot.db.models.base import Base
from bot.db.models.engagements import Engagement
from bot.db.models.guard_rails import Observer, Onboarding
from bot.db.models.health import SweepMark, WorkspaceHealth
from bot.db.models.ledger import Delivery, ProcessedEvent
from bot.db.models.money import Payment
from bot.db.models.people import Contractor, ContractorTerms, Person, TimeOff
from bot.db.models.reviews import Submission
from bot.db.models.slack_oauth import slack_bots, slack_installations, slack_oauth_states, slack_token_vault
from bot.db.models.work import Checkin, CheckinNote, Feedback, Task, Thanks

__all__ = [
    "Base",
    "Checkin",
    "CheckinNote",
    "Contractor",
    "ContractorTerms",
    "Delivery",
    "Engagement",
    "Feedback",
    "Observer",
    "Onboarding",
    "Payment",
    "Person",
    "ProcessedEvent",
    "Submission",
    "SweepMark",
    "Task",
    "Thanks",
    "TimeOff",
    "WorkspaceHealth",
    "slack_bots",
    "slack_installations",
    "slack_oauth_states",
    "slack_token_vault",
]
