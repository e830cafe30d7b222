// Slack's mrkdwn as HTML: <@U..> mentions, <#C..|name>, <url|text> links, *bold*, _italic_,
// ~strike~, `code`, ```blocks```, > quotes and the common :emoji: shortcodes.

const EMOJI = {
  wave: "👋", white_check_mark: "✅", heavy_check_mark: "✔️", warning: "⚠️", x: "❌",
  tada: "🎉", rocket: "🚀", calendar: "📅", date: "📅", spiral_calendar_pad: "🗓️", clock1: "🕐",
  alarm_clock: "⏰", hourglass: "⌛", hourglass_flowing_sand: "⏳", memo: "📝", clipboard: "📋",
  moneybag: "💰", money_with_wings: "💸", dollar: "💵", bell: "🔔", eyes: "👀", pray: "🙏",
  raised_hands: "🙌", clap: "👏", star: "⭐", star2: "🌟", sparkles: "✨", heart: "❤️",
  thumbsup: "👍", "+1": "👍", thumbsdown: "👎", ok_hand: "👌", handshake: "🤝", bulb: "💡",
  red_circle: "🔴", large_green_circle: "🟢", large_yellow_circle: "🟡", large_orange_circle: "🟠",
  green_circle: "🟢", yellow_circle: "🟡", orange_circle: "🟠", white_circle: "⚪",
  no_entry: "⛔", construction: "🚧", lock: "🔒", bar_chart: "📊", chart_with_upwards_trend: "📈",
  speech_balloon: "💬", question: "❓", exclamation: "❗", information_source: "ℹ️", inbox_tray: "📥",
  busts_in_silhouette: "👥", bust_in_silhouette: "👤", earth_africa: "🌍", globe_with_meridians: "🌐",
  white_square: "⬜", white_large_square: "⬜", black_square: "⬛", ballot_box_with_check: "☑️",
  heavy_multiplication_x: "✖️", rotating_light: "🚨", hourglass_flowing: "⏳", thinking_face: "🤔", sunny: "☀️", zzz: "💤", dart: "🎯", package: "📦", pushpin: "📌", link: "🔗", mag: "🔍",
  page_facing_up: "📄", scroll: "📜", trophy: "🏆", medal: "🏅", hammer_and_wrench: "🛠️",
  stopwatch: "⏱️", repeat: "🔁", arrow_right: "➡️", point_right: "👉", seedling: "🌱",
  shield: "🛡️", crystal_ball: "🔮", beach_with_umbrella: "🏖️", palm_tree: "🌴", smile: "😄",
  slightly_smiling_face: "🙂", muscle: "💪", fire: "🔥", checkered_flag: "🏁", traffic_light: "🚥",
};

export function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function emoji(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all);
}

function nameOf(id, people) {
  const person = people.find((p) => p.id === id);
  return person ? person.name : id;
}

function entity(inner, people, channels) {
  const [target, label] = inner.split("|");
  if (target.startsWith("@")) return `<span class="mention">@${escapeHtml(nameOf(target.slice(1), people))}</span>`;
  if (target.startsWith("#")) {
    const channel = channels.find((c) => c.id === target.slice(1));
    return `<span class="mention">#${escapeHtml(label || (channel ? channel.name : target.slice(1)))}</span>`;
  }
  if (target.startsWith("!")) return `<span class="mention">@${escapeHtml(label || target.slice(1).split("^")[0])}</span>`;
  if (/^(https?:|mailto:)/.test(target)) {
    return `<a href="${escapeHtml(target)}" target="_blank" rel="noopener">${escapeHtml(label || target)}</a>`;
  }
  return escapeHtml(`<${inner}>`);
}

function decode(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

// Entities and code are swapped for placeholders first, so *bold* never reaches inside them.
export function mrkdwn(text, people = [], channels = []) {
  const kept = [];
  const keep = (html) => `\u0000${kept.push(html) - 1}\u0000`;
  let out = String(text || "")
    .replace(/```([\s\S]*?)```/g, (_, code) => keep(`<pre>${escapeHtml(decode(code))}</pre>`))
    .replace(/`([^`\n]+)`/g, (_, code) => keep(`<code>${escapeHtml(decode(code))}</code>`))
    .replace(/<([^<>\s][^<>]*)>/g, (_, inner) => keep(entity(inner, people, channels)));
  out = escapeHtml(decode(out));
  out = out
    .replace(/(^|[\s(\u0000])\*(?!\s)([^*\n]+?)\*(?=$|[\s).,:;!?\u0000])/gm, "$1<b>$2</b>")
    .replace(/(^|[\s(\u0000])_(?!\s)([^_\n]+?)_(?=$|[\s).,:;!?\u0000])/gm, "$1<i>$2</i>")
    .replace(/(^|[\s(])~(?!\s)([^~\n]+?)~(?=$|[\s).,:;!?])/gm, "$1<s>$2</s>");
  out = emoji(out)
    .split("\n")
    .map((line) => (line.startsWith("&gt; ") || line === "&gt;" ? `<blockquote>${line.slice(5)}</blockquote>` : line))
    .join("<br>")
    .replace(/<\/blockquote><br>/g, "</blockquote>");
  return out.replace(/\u0000(\d+)\u0000/g, (_, i) => kept[Number(i)]);
}

export function plain(textObject) {
  if (!textObject) return "";
  const text = escapeHtml(textObject.text || "");
  return textObject.emoji === false ? text : emoji(text);
}

export function textHtml(textObject, people, channels) {
  if (!textObject) return "";
  return textObject.type === "mrkdwn" ? mrkdwn(textObject.text, people, channels) : plain(textObject);
}
