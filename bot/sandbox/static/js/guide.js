// The first-run checklist: the newcomer's path, each step ticked from the bot's own database.

const STEPS = [
  ["kickoff", "Kick off an engagement",
    'As Olivia (owner), in <b>#proj-website</b> type <code>/kickoff @maria "Website redesign" due in 4 weeks sla=8h</code>, then fill in the form (sla: how soon Maria should answer a check-in, in her working hours).'],
  ["checkin", "Check in",
    "Jump to the next check-in prompt (try <i>+1 day</i>), sign in as Maria and reply in the prompt's thread, e.g. <code>on-track 30% mockups done</code>."],
  ["jump", "Jump a week",
    "Press <i>+1 week</i>: the scheduler runs every duty on the way. An unanswered check-in gets a gentle reminder in its thread, then Olivia hears about it in her DMs."],
  ["payment", "Add a payment",
    "As Olivia: <code>/payment add 500 USD due tomorrow</code> (only she sees it)."],
  ["overdue", "Miss it",
    "Jump past the due date and open Olivia's DMs with Tandem: the overdue alert waits there."],
];

export function guide(checklist) {
  const items = STEPS.map(([key, title, how]) =>
    `<li class="${checklist[key] ? "done" : ""}" data-step="${key}"><b>${title}</b><br>${how}</li>`);
  const left = STEPS.filter(([key]) => !checklist[key]).length;
  const head = left ? `Try Tandem in five steps` : `Done! Try /checkin status, /thanks, the Home tab…`;
  return `<h3>${head}</h3><ol>${items.join("")}</ol>
    <p>Everything here is the real bot, reached through signed Slack requests. <b>Reset</b> starts over.</p>`;
}
