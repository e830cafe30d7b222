// Block Kit as HTML for messages and the Home tab. Interactive elements carry data-* attributes;
// app.js listens on their container and sends the click or pick to the sandbox API.
import { escapeHtml, mrkdwn, plain, textHtml } from "./mrkdwn.js";
import { DATE_EXAMPLE, dayMonth } from "./dates.js";

const attr = (value) => escapeHtml(value == null ? "" : value);

function dataOf(block, element) {
  return `data-action-id="${attr(element.action_id)}" data-block-id="${attr(block.block_id)}"`;
}

function options(element) {
  const groups = (element.option_groups || []).flatMap((g) => g.options || []);
  return [...(element.options || []), ...groups];
}

export function element(block, el, ctx) {
  const data = dataOf(block, el);
  switch (el.type) {
    case "button":
      return `<button class="${attr(el.style || "")}" ${data} data-value="${attr(el.value)}">${plain(el.text)}</button>`;
    case "static_select":
    case "overflow": {
      const chosen = el.initial_option ? el.initial_option.value : "";
      const items = options(el).map((o) =>
        `<option value="${attr(o.value)}" ${o.value === chosen ? "selected" : ""}>${plain(o.text)}</option>`);
      const placeholder = el.type === "overflow" ? "⋯" : plain(el.placeholder) || "Select…";
      return `<select ${data}><option value="">${placeholder}</option>${items.join("")}</select>`;
    }
    case "users_select": {
      const items = ctx.people.filter((p) => !p.is_bot).map((p) =>
        `<option value="${p.id}" ${p.id === el.initial_user ? "selected" : ""}>${escapeHtml(p.real_name)}</option>`);
      return `<select ${data}><option value="">${plain(el.placeholder) || "Pick someone"}</option>${items.join("")}</select>`;
    }
    case "datepicker":
      return `<input type="text" ${data} data-type="datepicker" placeholder="e.g. ${DATE_EXAMPLE}" value="${attr(dayMonth(el.initial_date))}">`;
    case "image":
      return `<span class="b-image">[image: ${attr(el.alt_text)}]</span>`;
    case "mrkdwn":
    case "plain_text":
      return `<span>${textHtml(el, ctx.people, ctx.channels)}</span>`;
    default:
      return `<span class="b-unknown">[${attr(el.type)}]</span>`;
  }
}

function richText(block, ctx) {
  const inline = (items) => (items || []).map((item) => {
    if (item.type === "text") {
      let html = escapeHtml(item.text).replace(/\n/g, "<br>");
      const style = item.style || {};
      if (style.code) html = `<code>${html}</code>`;
      if (style.bold) html = `<b>${html}</b>`;
      if (style.italic) html = `<i>${html}</i>`;
      return html;
    }
    if (item.type === "user") return mrkdwn(`<@${item.user_id}>`, ctx.people);
    if (item.type === "link") return mrkdwn(`<${item.url}|${item.text || item.url}>`);
    if (item.type === "emoji") return mrkdwn(`:${item.name}:`);
    return "";
  }).join("");
  return (block.elements || []).map((part) => {
    if (part.type === "rich_text_quote") return `<blockquote>${inline(part.elements)}</blockquote>`;
    if (part.type === "rich_text_preformatted") return `<pre>${inline(part.elements)}</pre>`;
    if (part.type === "rich_text_list") {
      return `<ul>${(part.elements || []).map((s) => `<li>${inline(s.elements)}</li>`).join("")}</ul>`;
    }
    return `<div>${inline(part.elements)}</div>`;
  }).join("");
}

function section(block, ctx) {
  const text = block.text ? `<div>${textHtml(block.text, ctx.people, ctx.channels)}</div>` : "";
  const fields = block.fields
    ? `<div class="b-fields">${block.fields.map((f) => `<div>${textHtml(f, ctx.people, ctx.channels)}</div>`).join("")}</div>`
    : "";
  const accessory = block.accessory ? `<div>${element(block, block.accessory, ctx)}</div>` : "";
  return `<div class="b-section" data-block="${attr(block.block_id)}"><div>${text}${fields}</div>${accessory}</div>`;
}

export function renderBlock(block, ctx) {
  switch (block.type) {
    case "header": return `<div class="b-header">${plain(block.text)}</div>`;
    case "section": return section(block, ctx);
    case "divider": return `<hr class="b-divider">`;
    case "context": return `<div class="b-context">${(block.elements || []).map((e) => element(block, e, ctx)).join("")}</div>`;
    case "actions": return `<div class="b-actions">${(block.elements || []).map((e) => element(block, e, ctx)).join("")}</div>`;
    case "rich_text": return richText(block, ctx);
    case "image": return `<div class="b-image">[image: ${attr(block.alt_text)}]</div>`;
    default: return `<div class="b-unknown">[${attr(block.type)} block]</div>`;
  }
}

// What a person typed: Slack's client attaches a rich_text block to it, but the text is the
// mrkdwn they wrote (escaped by Slack: "&lt;b&gt;"). It is shown by the same mrkdwn rules as
// the bot's messages, so *bold* is bold and a typed "<b>" reads "<b>", never "&lt;b&gt;".
function typedByPerson(message, ctx) {
  const author = ctx.people.find((p) => p.id === message.user);
  const blocks = message.blocks || [];
  return Boolean(author && !author.is_bot) && blocks.every((b) => b.type === "rich_text");
}

// A message shows its blocks; without blocks (or typed by a person), its text as mrkdwn.
export function renderMessageBody(message, ctx) {
  const blocks = message.blocks || [];
  if (!blocks.length || typedByPerson(message, ctx)) {
    return `<div>${mrkdwn(message.text, ctx.people, ctx.channels)}</div>`;
  }
  return blocks.map((b) => renderBlock(b, ctx)).join("");
}
