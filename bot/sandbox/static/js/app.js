// The page: poll the sandbox for what the signed-in person sees, patch what changed, and turn
// clicks and typing into sandbox API calls.
import { getState, post } from "./api.js";
import { patch } from "./dom.js";
import { collectValues, renderModal } from "./modal.js";
import { guide } from "./guide.js";
import { parseDay } from "./dates.js";
import * as views from "./views.js";

const POLL_MS = 700;
const ui = { user: localStorage.getItem("tandem.user") || "U0OLIVIA", channel: "C0PROJWEB", thread: null, state: null };
const shown = {};  // last HTML per region: an unchanged region is not touched at all
let lastState = "";  // the last poll's answer as text: an identical answer renders nothing
const stick = {};  // per scrolling region: was it at its latest message (keep it there on resize)
// Polls are numbered. An answer is shown only if no newer answer is on screen and it was asked
// for what the person is looking at now: a poll sent before a click on "Home" must not bring
// the old channel back when it lands after the click (that swallowed clicks).
const polls = { sent: 0, shown: 0, leftBefore: 0, pending: 0 };
const $ = (id) => document.getElementById(id);

// scroll: the conversation shown (a new one opens at its latest message, like Slack).
function draw(id, html, scroll = null) {
  if (shown[id] === html) return;
  shown[id] = html;
  const node = $(id);
  const atEnd = node.scrollHeight - node.scrollTop - node.clientHeight < 40;
  const moved = scroll !== null && shown[`${id}:where`] !== scroll;
  shown[`${id}:where`] = scroll;
  patch(node, html);
  if (scroll !== null && (atEnd || moved)) node.scrollTop = node.scrollHeight;
  if (scroll !== null) stick[id] = isAtEnd(node);
}

function isAtEnd(node) {
  return node.scrollHeight - node.scrollTop - node.clientHeight < 40;
}

// A conversation at its latest message stays there when its pane changes size: opening a thread
// narrows the channel, its messages grow taller, and the last one must not slip out of view.
// Both the pane and each message are watched: a message can grow after the pane did (its text
// reflowing a frame later), and no scroll event says so.
function keepAtEnd(id) {
  const node = $(id);
  node.addEventListener("scroll", () => { stick[id] = isAtEnd(node); });
  const sizes = new ResizeObserver(() => { if (stick[id]) node.scrollTop = node.scrollHeight; });
  const watch = () => [node, ...node.children].forEach((child) => sizes.observe(child));
  watch();
  new MutationObserver(watch).observe(node, { childList: true });
}

// The person looks elsewhere (another conversation, thread or person): answers to polls already
// sent describe what they left.
function navigate(change) {
  Object.assign(ui, change);
  polls.leftBefore = polls.sent;
}

let toastTimer = null;
// offerReset: the message says time only moves forward; a Reset button sits beside it.
function toast(text, offerReset = false) {
  const node = $("toast");
  node.textContent = text;
  if (offerReset) {
    const button = document.createElement("button");
    button.textContent = "Reset";
    button.dataset.toastReset = "1";
    node.append(" ", button);
  }
  node.classList.remove("hidden");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => node.classList.add("hidden"), offerReset ? 10000 : 5000);
}

function render(state) {
  const ctx = { people: state.people, channels: state.conversations, user: state.user };
  const me = views.person(ctx, state.user);
  const now = `${views.when(state.now, me.tz)} (${me.tz.split("/").pop().replace("_", " ")})`;
  if ($("clock-now").textContent !== now) $("clock-now").textContent = now;
  draw("who", state.people.filter((p) => !p.is_bot).map((p) =>
    `<option value="${p.id}" title="${p.tz}" ${p.id === state.user ? "selected" : ""}>${p.real_name} (${p.title || ""})</option>`).join(""));
  const side = views.sidebar(state);
  draw("channels", side.channels); draw("dms", side.dms); draw("apps", side.apps);
  draw("pane-head", views.header(state, ctx));
  const onHome = state.channel === "home";
  $("composer").classList.toggle("hidden", onHome);
  draw("messages", onHome ? views.home(state.home, ctx)
    : views.messages(state.messages, ctx, "No messages yet. Type below, or start with /kickoff."),
  `${state.user}:${state.channel}`);
  $("thread").classList.toggle("hidden", !state.thread);
  $("guide").classList.toggle("hidden", Boolean(state.thread));  // one side panel at a time
  draw("thread-messages", state.thread ? views.thread(state.thread, ctx) : "", `${state.user}:${ui.thread}`);
  draw("guide", guide(state.checklist));
  const modal = state.modal;
  $("modal").classList.toggle("hidden", !modal);
  draw("modal", modal ? renderModal(modal, ctx) : "");
}

// tick: a timer's poll, skipped while another poll is still out (a busy server gets no pile-up).
async function refresh(tick = false) {
  if (tick && polls.pending) return;
  const number = ++polls.sent;
  polls.pending += 1;
  try {
    const state = await getState(ui.user, ui.channel, ui.thread);
    if (number <= polls.leftBefore || number < polls.shown) return;
    polls.shown = number;
    const text = JSON.stringify(state);
    if (text === lastState) return;  // an idle poll: nothing on the page changes
    lastState = text;
    ui.state = state;
    ui.channel = state.channel;
    if (!state.thread) ui.thread = null;
    render(state);
  } catch (error) {
    console.warn("poll failed", error);
  } finally {
    polls.pending -= 1;
  }
}

async function act(path, body) {
  try {
    const answer = await post(path, { user: ui.user, ...body });
    await refresh();
    return answer;
  } catch (error) {
    toast(error.message, Boolean(error.offerReset));
    return { ok: false };
  }
}

async function reset() {
  if (!window.confirm("Start the sandbox again from its seed? Everything you did is forgotten.")) return;
  navigate({ thread: null, channel: "C0PROJWEB" });
  $("toast").classList.add("hidden");
  await act("reset", {});
}

function elementAction(target) {
  const node = target.closest("[data-action-id]");
  if (!node || node.closest("[data-input]")) return null;
  const msg = node.closest(".msg");
  const view = node.closest("[data-view-id]");
  const where = view ? { view_id: view.dataset.viewId }
    : { channel: ui.channel, ts: msg.dataset.ts, ephemeral: Boolean(msg.dataset.ephemeral) };
  let value = node.tagName === "BUTTON" ? node.dataset.value || null : node.value;
  if (node.dataset.type === "datepicker") value = parseDay(value);  // day-month on screen, ISO to Slack
  return { action_id: node.dataset.actionId, block_id: node.dataset.blockId, value, ...where };
}

document.addEventListener("click", async (event) => {
  const t = event.target;
  if (t.closest("[data-channel]")) {
    navigate({ channel: t.closest("[data-channel]").dataset.channel, thread: null });
    if (ui.channel === "home") await act("home", {}); else await refresh();
  } else if (t.closest("[data-thread]")) {
    navigate({ thread: t.closest("[data-thread]").dataset.thread }); await refresh();
  } else if (t.closest("[data-toast-reset]")) {
    await reset();
  } else if (t.closest("#menu-toggle")) {
    const open = $("topbar").classList.toggle("open");
    $("menu-toggle").setAttribute("aria-expanded", String(open));
  } else if (t.closest("[data-jump]")) {
    const buttons = document.querySelectorAll("[data-jump]");
    buttons.forEach((b) => { b.disabled = true; });
    $("clock-now").textContent = "Jumping… running the scheduled duties";
    lastState = "";  // the clock text was overwritten: the next poll must put it back
    const answer = await act("jump", { preset: t.closest("[data-jump]").dataset.jump, at: $("jump-at").value });
    buttons.forEach((b) => { b.disabled = false; });
    if (answer.ok) {
      $("topbar").classList.remove("open");
      const count = answer.sent.length;
      toast(count ? `${count} scheduled message${count === 1 ? "" : "s"} sent on the way`
        : "Nothing was due on the way: no scheduled message sent");
    }
  } else if (t.closest("[data-modal]")) {
    const dialog = t.closest("[data-view-id]");
    const path = t.closest("[data-modal]").dataset.modal;
    const body = { view_id: dialog.dataset.viewId };
    if (path === "submit") {
      try { body.values = collectValues(dialog); } catch (error) { toast(error.message); return; }
    }
    await act(path, body);
  } else if (t.tagName === "BUTTON" && elementAction(t)) {
    await act("click", elementAction(t));
  }
});

document.addEventListener("change", async (event) => {
  let action = null;
  try {
    action = ["SELECT", "INPUT"].includes(event.target.tagName) && elementAction(event.target);
  } catch (error) {
    toast(error.message);  // a date that is no date: say so, send nothing
    return;
  }
  if (action && action.value) await act("click", action);
});

function composer(form, input, thread) {
  const send = async () => {
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    await act("send", { channel: ui.channel, text, thread_ts: thread() });
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); send(); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); send(); }
  });
}

composer($("composer"), $("composer-text"), () => null);
composer($("thread-composer"), $("thread-text"), () => ui.thread);
$("thread-close").addEventListener("click", () => { navigate({ thread: null }); refresh(); });
$("who").addEventListener("change", (event) => {
  navigate({ user: event.target.value, thread: null }); localStorage.setItem("tandem.user", ui.user); refresh();
});
$("reset").addEventListener("click", reset);
keepAtEnd("messages");
keepAtEnd("thread-messages");

refresh();
setInterval(() => refresh(true), POLL_MS);
