// The workspace's pieces as HTML: sidebar, channel header, messages, thread, Home tab.
import { emoji, escapeHtml } from "./mrkdwn.js";
import { renderBlock, renderMessageBody } from "./blocks.js";

const COLORS = ["#e8912d", "#2bac76", "#1264a3", "#e01e5a", "#4a154b", "#36c5f0"];

export function person(ctx, id) {
  return ctx.people.find((p) => p.id === id) || { id, name: id, real_name: id, tz: "UTC" };
}

function avatar(who) {
  const color = who.is_bot ? "#611f69" : COLORS[[...who.id].reduce((a, c) => a + c.charCodeAt(0), 0) % COLORS.length];
  return `<div class="avatar" style="background:${color}">${escapeHtml(who.real_name[0] || "?")}</div>`;
}

export function when(iso, tz) {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone: tz, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
  });
  return format.format(new Date(iso));
}

export function sidebar(state) {
  const item = (c, label) =>
    `<li data-key="${c.id}" data-channel="${c.id}" class="${state.channel === c.id ? "active" : ""}">${label}</li>`;
  const channels = state.conversations.filter((c) => c.kind === "channel");
  const dm = state.conversations.find((c) => c.kind === "dm");
  return {
    channels: channels.map((c) => item(c, `# ${escapeHtml(c.name)}${c.shared ? '<span class="tag">shared</span>' : ""}`)).join(""),
    dms: item(dm, "Tandem <span class=\"tag\">APP</span>"),
    apps: `<li data-key="home" data-channel="home" class="${state.channel === "home" ? "active" : ""}">Tandem · Home</li>`,
  };
}

export function header(state, ctx) {
  const conv = state.conversations.find((c) => c.id === state.channel);
  const dm = state.conversations.find((c) => c.kind === "dm");
  if (state.channel === "home" || conv?.kind === "dm") {
    const tab = (id, label) => `<button data-channel="${id}" class="${state.channel === id ? "on" : ""}">${label}</button>`;
    return `Tandem <span class="tabs">${tab("home", "Home")}${tab(dm.id, "Messages")}</span>`;
  }
  const names = state.members.filter((id) => !person(ctx, id).is_bot).map((id) => `@${escapeHtml(person(ctx, id).name)}`);
  return `# ${escapeHtml(conv.name)}${conv.shared ? ' <span class="members">(shared with an agency)</span>' : ""}
    <span class="members">${names.join(", ")}</span>`;
}

function reactions(m) {
  const pills = (m.reactions || []).map((r) =>
    `<span class="reaction" title=":${escapeHtml(r.name)}:">${emoji(`:${escapeHtml(r.name)}:`)} ${r.count}</span>`);
  return pills.length ? `<div class="reactions">${pills.join("")}</div>` : "";
}

export function message(m, ctx, inThread = false) {
  const who = person(ctx, m.user);
  const me = person(ctx, ctx.user);
  const replies = !inThread && m.reply_count
    ? `<div class="replies" data-thread="${m.ts}">${m.reply_count} ${m.reply_count === 1 ? "reply" : "replies"}</div>` : "";
  const reply = !inThread && !m.ephemeral && !m.reply_count
    ? `<button class="quiet replies" data-thread="${m.ts}" title="Reply in thread">Reply</button>` : "";
  const key = `${m.ts}${m.ephemeral ? ":ephemeral" : ""}`;
  return `<div class="msg ${m.ephemeral ? "ephemeral" : ""}" data-key="${key}" data-ts="${m.ts}" data-ephemeral="${m.ephemeral ? 1 : ""}">
    ${avatar(who)}<div class="body">
    <span class="who">${escapeHtml(who.real_name)}</span>${who.is_bot ? '<span class="app">APP</span>' : ""}
    <span class="when">${when(m.at, me.tz)}</span>
    ${m.ephemeral ? '<span class="only-you">· Only visible to you</span>' : ""}
    <div class="content">${renderMessageBody(m, ctx)}</div>${reactions(m)}${replies}${reply}</div></div>`;
}

export function messages(list, ctx, emptyText) {
  return list.length ? list.map((m) => message(m, ctx)).join("") : `<div class="empty">${emptyText}</div>`;
}

export function thread(t, ctx) {
  if (!t) return `<div class="empty">This thread is gone.</div>`;
  const replies = t.replies.map((m) => message(m, ctx, true)).join("");
  return `${message(t.parent, ctx, true)}<hr class="b-divider">${replies || '<div class="empty">No replies yet.</div>'}`;
}

export function home(view, ctx) {
  if (!view) {
    return `<div class="empty">Tandem has not published a Home tab for you (it publishes one when you open it).</div>`;
  }
  return `<div class="home" data-key="${view.id}" data-view-id="${view.id}">${view.blocks.map((b) => renderBlock(b, ctx)).join("")}</div>`;
}
