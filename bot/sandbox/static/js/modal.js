// Modals opened by views.open: their input blocks as form fields, values collected for submission
// as {block_id: {action_id: value}} (the shape SlackDriver.submit_view takes), errors inline.
import { escapeHtml, plain, textHtml } from "./mrkdwn.js";
import { renderBlock } from "./blocks.js";
import { DATE_EXAMPLE, dayMonth, parseDay } from "./dates.js";

const attr = (value) => escapeHtml(value == null ? "" : value);
const options = (el) => [...(el.options || []), ...(el.option_groups || []).flatMap((g) => g.options || [])];

function field(block, el, ctx) {
  const data = `data-block-id="${attr(block.block_id)}" data-action-id="${attr(el.action_id)}" data-type="${attr(el.type)}"`;
  const hint = el.placeholder ? `placeholder="${attr(el.placeholder.text)}"` : "";
  switch (el.type) {
    case "plain_text_input":
      return el.multiline
        ? `<textarea rows="3" ${data} ${hint}>${attr(el.initial_value)}</textarea>`
        : `<input type="text" ${data} ${hint} value="${attr(el.initial_value)}">`;
    case "number_input": return `<input type="number" ${data} value="${attr(el.initial_value)}">`;
    case "email_text_input": return `<input type="email" ${data} value="${attr(el.initial_value)}">`;
    case "url_text_input": return `<input type="url" ${data} value="${attr(el.initial_value)}">`;
    case "datepicker":
      return `<input type="text" ${data} placeholder="e.g. ${DATE_EXAMPLE}" value="${attr(dayMonth(el.initial_date))}">`;
    case "timepicker": return `<input type="time" ${data} value="${attr(el.initial_time)}">`;
    case "static_select":
    case "multi_static_select": {
      const multi = el.type.startsWith("multi");
      const chosen = multi ? (el.initial_options || []).map((o) => o.value) : [el.initial_option?.value];
      const items = options(el).map((o) =>
        `<option value="${attr(o.value)}" ${chosen.includes(o.value) ? "selected" : ""}>${plain(o.text)}</option>`);
      const none = multi ? "" : `<option value="">${plain(el.placeholder) || "Select…"}</option>`;
      return `<select ${multi ? "multiple" : ""} ${data}>${none}${items.join("")}</select>`;
    }
    case "users_select":
    case "multi_users_select": {
      const multi = el.type.startsWith("multi");
      const chosen = multi ? el.initial_users || [] : [el.initial_user];
      const items = ctx.people.filter((p) => !p.is_bot).map((p) =>
        `<option value="${p.id}" ${chosen.includes(p.id) ? "selected" : ""}>${escapeHtml(p.real_name)} (@${escapeHtml(p.name)})</option>`);
      const none = multi ? "" : `<option value="">${plain(el.placeholder) || "Pick someone"}</option>`;
      return `<select ${multi ? "multiple" : ""} ${data}>${none}${items.join("")}</select>`;
    }
    case "conversations_select":
    case "channels_select": {
      const chosen = el.initial_conversation || el.initial_channel;
      const items = ctx.channels.map((c) =>
        `<option value="${c.id}" ${c.id === chosen ? "selected" : ""}>${c.kind === "dm" ? "" : "#"}${escapeHtml(c.name)}</option>`);
      return `<select ${data}><option value=""></option>${items.join("")}</select>`;
    }
    case "checkboxes":
    case "radio_buttons": {
      const kind = el.type === "checkboxes" ? "checkbox" : "radio";
      const chosen = kind === "checkbox" ? (el.initial_options || []).map((o) => o.value) : [el.initial_option?.value];
      const name = `${block.block_id}.${el.action_id}`;
      return `<div ${data}>${options(el).map((o) =>
        `<label class="choice"><input type="${kind}" name="${attr(name)}" value="${attr(o.value)}" ${chosen.includes(o.value) ? "checked" : ""}> ${textHtml(o.text, ctx.people)}</label>`).join("")}</div>`;
    }
    default: return `<div class="b-unknown">[${attr(el.type)} input]</div>`;
  }
}

function input(block, errors, ctx) {
  const el = block.element || {};
  const error = errors[block.block_id];
  return `<div class="input ${error ? "has-error" : ""}" data-key="${attr(block.block_id)}" data-input="${attr(block.block_id)}">
    <label class="lbl">${plain(block.label)}${block.optional ? ' <span class="opt">(optional)</span>' : ""}</label>
    ${field(block, el, ctx)}
    ${block.hint ? `<div class="hint">${plain(block.hint)}</div>` : ""}
    ${error ? `<div class="error">${escapeHtml(error)}</div>` : ""}</div>`;
}

export function renderModal(view, ctx) {
  const errors = view.errors || {};
  const body = (view.blocks || []).map((b) => (b.type === "input" ? input(b, errors, ctx) : renderBlock(b, ctx))).join("");
  const submit = view.submit ? `<button class="primary" data-modal="submit">${plain(view.submit)}</button>` : "";
  // Keyed by view id: a pushed or new modal gets fresh fields, never the last one's typing.
  return `<div class="modal" role="dialog" data-key="${attr(view.id)}" data-view-id="${attr(view.id)}">
    <div class="title">${plain(view.title)}</div>
    <div class="content">${body}</div>
    <div class="foot"><button data-modal="close">${plain(view.close) || "Cancel"}</button>${submit}</div></div>`;
}

function valueOf(node) {
  const type = node.dataset.type;
  if (type === "checkboxes") return [...node.querySelectorAll("input:checked")].map((i) => i.value);
  if (type === "radio_buttons") return node.querySelector("input:checked")?.value ?? null;
  if (type === "datepicker") return parseDay(node.value);  // throws, with an example, on a bad date
  if (node.multiple) return [...node.selectedOptions].map((o) => o.value);
  if (type.endsWith("_input")) return node.value;  // an emptied text input is sent empty
  return node.value === "" ? null : node.value;
}

export function collectValues(root) {
  const values = {};
  root.querySelectorAll("[data-input] [data-type]").forEach((node) => {
    const block = node.dataset.blockId;
    values[block] = { ...(values[block] || {}), [node.dataset.actionId]: valueOf(node) };
  });
  return values;
}
