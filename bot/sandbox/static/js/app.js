// The page: poll the sandbox for what the signed-in person sees, render what changed, and turn
// clicks and typing into sandbox API calls.
import { getState, post } from "./api.js";
import { collectValues, renderModal } from "./modal.js";
import { guide } from "./guide.js";
import * as views from "./views.js";

const POLL_MS = 700;
const ui = { user: localStorage.getItem("tandem.user") || "U0OLIVIA", channel: "C0PROJWEB", thread: null, state: null };
const shown = {};  // last HTML per region: only changed regions are redrawn (keeps scroll, focus and picks)
const $ = (id) => document.getElementById(id);

// scroll: the conversation shown (a new one opens at its latest message, like Slack).
function draw(id, html, scroll = null) {
  if (shown[id] === html) return;
  shown[id] = html;
  const node = $(id);
  const atEnd = node.scrollHeight - node.scrollTop - node.clientHeight < 40;
  const moved = scroll !== null && shown[`${id}:where`] !== scroll;
  shown[`${id}:where`] = scroll;
  node.innerHTML = html;
  if (scroll !== null && (atEnd || moved)) node.scrollTop = node.scrollHeight;
}

function toast(text) {
  $("toast").textContent = text;
  $("toast").classList.remove("hidden");
  setTimeout(() => $("toast").classList.add("hidden"), 4000);
}

function render(state) {
  const ctx = { people: state.people, channels: state.conversations, user: state.user };
  const me = views.person(ctx, state.user);
  $("clock-now").textContent = `${views.when(state.now, me.tz)} (${me.tz.split("/").pop().replace("_", " ")})`;
  draw("who", state.people.filter((p) => !p.is_bot).map((p) =>
    `<option value="${p.id}" ${p.id === state.user ? "selected" : ""}>${p.real_name} — ${p.title || ""}, ${p.tz}</option>`).join(""));
  const side = views.sidebar(state);
  draw("channels", side.channels); draw("dms", side.dms); draw("apps", side.apps);
  draw("pane-head", views.header(state, ctx));
  const onHome = state.channel === "home";
  $("composer").classList.toggle("hidden", onHome);
  draw("messages", onHome ? views.home(state.home, ctx)
    : views.messages(state.messages, ctx, "No messages yet. Type below, or start with /kickoff."),
  `${state.user}:${state.channel}`);
  $("thread").classList.toggle("hidden", !state.thread);
  draw("thread-messages", state.thread ? views.thread(state.thread, ctx) : "", `${state.user}:${ui.thread}`);
  draw("guide", guide(state.checklist));
  const modal = state.modal;
  $("modal").classList.toggle("hidden", !modal);
  draw("modal", modal ? renderModal(modal, ctx) : "");
}

async function refresh() {
  try {
    ui.state = await getState(ui.user, ui.channel, ui.thread);
    ui.channel = ui.state.channel;
    if (!ui.state.thread) ui.thread = null;
    render(ui.state);
  } catch (error) {
    console.warn("poll failed", error);
  }
}

async function act(path, body) {
  try {
    const answer = await post(path, { user: ui.user, ...body });
    await refresh();
    return answer;
  } catch (error) {
    toast(error.message);
    return { ok: false };
  }
}

function elementAction(target) {
  const node = target.closest("[data-action-id]");
  if (!node || node.closest("[data-input]")) return null;
  const msg = node.closest(".msg");
  const view = node.closest("[data-view-id]");
  const where = view ? { view_id: view.dataset.viewId }
    : { channel: ui.channel, ts: msg.dataset.ts, ephemeral: Boolean(msg.dataset.ephemeral) };
  const value = node.tagName === "BUTTON" ? node.dataset.value || null : node.value;
  return { action_id: node.dataset.actionId, block_id: node.dataset.blockId, value, ...where };
}

document.addEventListener("click", async (event) => {
  const t = event.target;
  if (t.closest("[data-channel]")) {
    ui.channel = t.closest("[data-channel]").dataset.channel; ui.thread = null;
    if (ui.channel === "home") await act("home", {}); else await refresh();
  } else if (t.closest("[data-thread]")) {
    ui.thread = t.closest("[data-thread]").dataset.thread; await refresh();
  } else if (t.closest("[data-jump]")) {
    const buttons = document.querySelectorAll("[data-jump]");
    buttons.forEach((b) => { b.disabled = true; });
    $("clock-now").textContent = "Jumping… running the scheduled duties";
    const answer = await act("jump", { preset: t.closest("[data-jump]").dataset.jump, at: $("jump-at").value });
    buttons.forEach((b) => { b.disabled = false; });
    if (answer.ok) toast(`${answer.sent.length} scheduled message(s) sent on the way`);
  } else if (t.closest("[data-modal]")) {
    const dialog = t.closest("[data-view-id]");
    const path = t.closest("[data-modal]").dataset.modal;
    const body = { view_id: dialog.dataset.viewId };
    if (path === "submit") body.values = collectValues(dialog);
    await act(path, body);
  } else if (t.tagName === "BUTTON" && elementAction(t)) {
    await act("click", elementAction(t));
  }
});

document.addEventListener("change", async (event) => {
  const action = ["SELECT", "INPUT"].includes(event.target.tagName) && elementAction(event.target);
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
$("thread-close").addEventListener("click", () => { ui.thread = null; refresh(); });
$("who").addEventListener("change", (event) => {
  ui.user = event.target.value; localStorage.setItem("tandem.user", ui.user); ui.thread = null; refresh();
});
$("reset").addEventListener("click", async () => {
  if (!window.confirm("Start the sandbox again from its seed? Everything you did is forgotten.")) return;
  ui.thread = null; ui.channel = "C0PROJWEB";
  await act("reset", {});
});

refresh();
setInterval(refresh, POLL_MS);
