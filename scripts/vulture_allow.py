"""Tandem's own names that vulture (`make deadcode`) cannot see used: columns written by name or keyword.

Library hooks that every subclass spells the same way (`do_GET`, Bolt's `process`, ...) are listed in
pyproject.toml, [tool.vulture]. tests/test_vulture_allow.py imports this file, so a name listed here
that no longer exists fails the suite instead of silently allowing nothing.
"""

from bot.db.models import ContractorTerms, Onboarding, Payment, Task

# The kickoff checklist's items, ticked with setattr(checklist, f"{item}_at", ...) (bot.domain.onboarding).
Onboarding.access_at
Onboarding.documents_at
Onboarding.tools_at
Onboarding.meeting_at

# An owner's vetting dates, set with setattr from contractor_terms.VETTING_ITEMS.
ContractorTerms.references_checked_on
ContractorTerms.portfolio_checked_on
ContractorTerms.trial_done_on
ContractorTerms.contract_signed_on

# Who created the row: written as a constructor keyword, kept for history and `tandem export`.
Payment.created_by
Task.created_by
