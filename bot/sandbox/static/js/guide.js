// The first-run guide: the newcomer's path through the product. Each step is ticked by the
// sandbox from what happened (the bot's database, its delivery ledger, what the person opened),
// never by a click on the page: "Miss it" ticks once the overdue alert was seen in the DMs.

const STEPS = [
  ["kickoff", "Kick off an engagement",
    'As Olivia (owner), in <b>#proj-website</b> type <code>/kickoff @maria "Website redesign" due in 4 weeks sla=8h</code>, then fill in the form (sla: how soon Maria should answer a check-in, in her working hours).'],
  ["checkin", "Check in",
    "Press <i>+1 day</i> for the first check-in prompt, sign in as Maria and reply in the prompt's thread, e.g. <code>on-track 30% mockups done</code>. It ticks once the bot recorded it (✅ on the reply)."],
  ["note", "Chat in the thread",
    "Still as Maria, reply again in that thread, e.g. <code>thanks, the copy comes tomorrow</code>: chatter after a check-in is kept as a note on it (📝), it never changes the status."],
  ["blocker", "Raise and clear a blocker",
    "As Maria: <code>/checkin blocked 40% homepage | blocked: need the logo files</code>. Once sorted, <code>/checkin unblock</code> (Maria or Olivia), or <i>Resolved</i> on the blocker alert, clears it."],
  ["availability", "Set your hours",
    "Anyone, owner or contractor: <code>/availability hours=09:00-18:00 days=mon-fri</code> (only you see the answer; plain <code>/availability</code> shows your zone, hours and time off)."],
  ["missed", "Jump a week",
    "Press <i>+1 week</i>: the scheduler runs every duty on the way. An unanswered check-in gets a gentle reminder in its thread, then Olivia hears about it: open her DMs with Tandem to see it."],
  ["payment", "Add a payment",
    "As Olivia: <code>/payment add 500 USD due tomorrow</code> (only she sees it)."],
  ["overdue", "Miss it",
    "Jump past the due date (<i>Next Mon 09:00</i>) and open Olivia's DMs with Tandem: the overdue alert waits there, with <i>Mark paid</i>."],
  ["end", "End it, start again",
    'As Olivia in <b>#proj-website</b>: <code>/engagement end wrapped up</code> (a closing note in the channel, a closing review in her DMs), then a new <code>/kickoff @maria "Phase two" due in 4 weeks</code> in the freed channel.'],
];

export function guide(checklist) {
  const items = STEPS.map(([key, title, how]) =>
    `<li class="${checklist[key] ? "done" : ""}" data-step="${key}"><b>${title}</b><br>${how}</li>`);
  const left = STEPS.filter(([key]) => !checklist[key]).length;
  const head = left ? `Try Tandem in ${STEPS.length} steps` : `Done! Try /checkin status, /thanks, the Home tab…`;
  return `<h3>${head}</h3><ol>${items.join("")}</ol>
    <p>Everything here is the real bot, reached through signed Slack requests. <b>Reset</b> starts over.</p>`;
}
