"""Builders for milestones and guard rails: valid Block Kit, and money only where the owner alone reads it."""

from __future__ import annotations

import json
from datetime import date, datetime, time

from bot.db.models import Onboarding, Submission
from bot.domain.engagement import risk_reviews, trials
from bot.emulator.blockkit import validate_message_blocks, validate_view
from bot.slack import ids
from bot.slack.blocks import milestones, onboarding
from bot.slack.blocks import risk_reviews as risk
from bot.slack.blocks import trials as trial_blocks
from bot.slack.blocks.kickoff import build_kickoff_brief
from tests.slack.blocks.factories import NOW, TODAY, engagement, payment, task


def text_of(message: dict) -> str:  # type: ignore[type-arg]
    return json.dumps(message["blocks"], ensure_ascii=False) + message.get("text", "")


def submission(outcome: str = "pending", round: int = 1, link: str = "https://x.io/v1") -> Submission:
    work = task()
    work.engagement, work.pay_minor, work.pay_currency = engagement(), 80000, "USD"
    return Submission(id=7, task=work, round=round, link=link, submitted_by="U0MARIA", outcome=outcome,
                      reviewed_by="U0OWNER", comment="Bigger <!channel> logo")


def test_the_review_dm_shows_the_pay_and_the_thread_notes_never_do() -> None:
    review = milestones.build_review_request(submission())
    assert "USD 800.00" in text_of(review) and ids.APPROVE_WORK in text_of(review)
    assert "<https://x.io/v1|" in text_of(review)
    for public in (milestones.build_submitted(submission()), milestones.build_approved(submission("approved")),
                   milestones.build_changes_requested(submission("changes"))):
        assert "800" not in text_of(public) and "USD" not in text_of(public)
        assert validate_message_blocks(public["blocks"]) == []
    assert "&lt;!channel&gt;" in text_of(milestones.build_changes_requested(submission("changes")))
    assert validate_message_blocks(review["blocks"]) == []


def test_a_reminder_and_a_decided_review() -> None:
    assert "Still waiting" in text_of(milestones.build_review_request(submission(), reminder=1))
    decided = milestones.build_review_decided(submission("approved"), payment(number=1, minor=80000))
    assert "Payment 1" in text_of(decided) and "USD 800.00" in text_of(decided)
    assert validate_view(milestones.build_changes_modal(submission())) == []
    assert milestones.link_text("<script>") == "&lt;script&gt;"


def checklist(**done: datetime) -> Onboarding:
    return Onboarding(id=4, engagement=engagement(), **{f"{k}_at": v for k, v in done.items()})


def test_the_brief_carries_the_checklist_with_a_button_per_item() -> None:
    e = engagement()
    e.contractor.person.time_off = []
    e.owner.time_off = []
    e.checkin_days, e.deadline, e.sla_hours = "14", date(2026, 12, 20), 24
    e.objectives = e.deliverables = "x"
    e.contractor.company, e.trial = "", False
    for person in (e.owner, e.contractor.person):
        person.work_start, person.work_end = time(9), time(17)
    e.checkin_time = time(10)
    brief = build_kickoff_brief(e, NOW, checklist(access=NOW))
    assert "Onboarding checklist" in text_of(brief) and f"{ids.TICK_ONBOARDING}_documents" in text_of(brief)
    assert validate_message_blocks(brief["blocks"]) == []


def test_reminders_offer_dismiss_and_a_finished_list_has_no_buttons() -> None:
    reminder = onboarding.build_onboarding_reminder(checklist(access=NOW))
    assert ids.DISMISS_ONBOARDING in text_of(reminder) and validate_message_blocks(reminder["blocks"]) == []
    done = onboarding.checklist_blocks(checklist(access=NOW, documents=NOW, tools=NOW, meeting=NOW))
    assert len(done) == 1 and "all done" in json.dumps(done)


def test_trial_review_and_risk_review() -> None:
    e = engagement()
    e.deadline, e.start_on = date(2026, 11, 30), date(2026, 10, 1)
    review = trial_blocks.build_trial_review(e, trials.Record(3, 2, 1, 9))
    assert "2 of 3" in text_of(review) and ids.TRIAL_END in text_of(review)
    assert validate_message_blocks(review["blocks"]) == []
    assert validate_view(trial_blocks.build_trial_modal(e, keep_trial=True, today=TODAY)) == []
    e.budget_minor, e.contingency, e.confidential = 200000, "", True
    facts = risk_reviews.Facts(overdue_tasks=1, unpaid=2, overdue_payments=1, paid_minor=50000)
    text = text_of(risk.build_risk_review(e, facts, TODAY))
    assert all(w in text for w in ("Strategic", "Operational", "Security", "Financial", "no NDA on file"))
    assert "USD 500.00 paid of a USD 2,000.00 budget" in text
    assert validate_view(risk.build_plan_modal(e)) == []
    on_file = text_of(risk.build_risk_review(e, risk_reviews.Facts(nda_on_file=True), TODAY))
    assert "NDA on file" in on_file and "no NDA on file" not in on_file


def test_the_brief_lists_each_onboarding_item_once_with_its_button_beside_it() -> None:
    blocks = onboarding.checklist_blocks(checklist(access=NOW))
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    for label in ("Access granted", "Documents shared", "Tools set up", "Kickoff meeting held"):
        assert sum(label in json.dumps(b) for b in blocks) == 1, f"{label} is shown more than once"
    assert ":white_check_mark: Access granted" in texts and ":white_square: Tools set up" in texts
    buttons = {b["accessory"]["action_id"]: b["accessory"]["text"]["text"] for b in blocks if "accessory" in b}
    assert buttons == {f"{ids.TICK_ONBOARDING}_access": "Undo", f"{ids.TICK_ONBOARDING}_documents": "Mark done",
                       f"{ids.TICK_ONBOARDING}_tools": "Mark done", f"{ids.TICK_ONBOARDING}_meeting": "Mark done"}
    assert not any(b["type"] == "actions" for b in blocks)
